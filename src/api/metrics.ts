// QUERY/SERVE: GET /metrics — the receiver's own metrics in the Prometheus text format.
// Input: the registry main.ts fills (counters per export, histograms per write batch) plus
// the gauges registered here, read at scrape time. With auth on only an admin may scrape
// (role matrix action `manage`): the figures name projects' traffic and the store's state.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAccess } from './auth-middleware.js';
import type { ApiDeps } from './deps.js';
import { renderExplorerError } from './explorer/errors.js';
import { registerInputLimitMetrics } from '../metrics/input-limit-metrics.js';
import { registerStoreGauges } from '../metrics/store-gauges.js';
import { findSearchIndexLag } from '../store/read/store-status.js';

export const METRICS_PATH = '/metrics';

const metricsRoute = createRoute({
  method: 'get', path: METRICS_PATH, tags: ['operations'], summary: 'Prometheus metrics of the receiver (admin when auth is on)',
  responses: {
    200: { content: { 'text/plain': { schema: z.string() } }, description: 'Prometheus text exposition format 0.0.4' },
    401: { description: 'Missing or invalid credentials (auth on)' },
    403: { description: 'The caller is not an admin (auth on)' },
  },
});

/** Absent when the composition root passed no metrics (a test building an app alone). */
export function createMetricsApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  const metrics = deps.metrics;
  if (!metrics) return app;
  registerStoreGauges(metrics.registry, {
    dbPath: deps.config.storage.path,
    queueDepth: () => deps.writer.queueDepth?.() ?? { rows: 0, capacity: 0 },
    searchIndexLag: () => findSearchIndexLag(deps.readDb),
    sseSubscribers: () => deps.live.subscriberCount,
    writeFaults: deps.writeFaults,
  });
  registerInputLimitMetrics(metrics.registry);
  app.onError((err, c) => renderExplorerError(err, c, deps.log));
  app.use(METRICS_PATH, requireAccess(deps, () => 'manage'));
  app.openapi(metricsRoute, async (c) => c.body(await metrics.render(), 200, { 'content-type': metrics.contentType }) as never);
  return app;
}
