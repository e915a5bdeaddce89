// QUERY/SERVE (observability facade): POST /logs (an OTLP log record through the writer's
// logs path) and POST /flush (read-your-writes: resolves once everything accepted before it
// is committed). Both answer 202 only after the work is durable.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { buildFacadeLogRow } from './log-record.js';
import { projectOf } from './trace-routes.js';
import { createLogBody, errorResponses, FACADE_PREFIX, FACADE_TAG, jsonBody, jsonResponse } from './schemas.js';

const createLogRoute = createRoute({
  method: 'post', path: `${FACADE_PREFIX}/logs`, tags: [FACADE_TAG], summary: 'Ingest a log entry (stored as an OTLP log record)',
  request: jsonBody(createLogBody),
  responses: { 202: jsonResponse('Accepted (and committed)', z.object({ status: z.literal('accepted') })), ...errorResponses },
});

const flushRoute = createRoute({
  method: 'post', path: `${FACADE_PREFIX}/flush`, tags: [FACADE_TAG], summary: 'Force flush pending telemetry',
  responses: { 202: jsonResponse('Everything accepted before this request is committed', z.object({ status: z.literal('flushed') })), ...errorResponses },
});

export function registerIngestRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(createLogRoute, async (c) => {
    const body = c.req.valid('json');
    await deps.writer.writeLogs([buildFacadeLogRow(projectOf(c), body, Date.now())]);
    return c.json({ status: 'accepted' as const }, 202);
  });

  app.openapi(flushRoute, async (c) => {
    // Logs and scores are committed before their own 202/201; only the engine may hold work.
    await deps.direct?.flush();
    return c.json({ status: 'flushed' as const }, 202);
  });
}
