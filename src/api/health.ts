// QUERY/SERVE: GET /api/v1/health — liveness plus a one-row read on the store, so a
// health check fails when the database cannot be read.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SCHEMA_VERSION } from '../store/schema/migrations.js';
import type { ApiDeps } from './deps.js';

const HealthBody = z.object({ status: z.enum(['ok', 'error']), schema_version: z.number(), live_subscribers: z.number() }).openapi('Health');

const healthRoute = createRoute({
  method: 'get', path: '/api/v1/health', tags: ['health'], summary: 'Health check',
  responses: {
    200: { content: { 'application/json': { schema: HealthBody } }, description: 'Healthy' },
    503: { content: { 'application/json': { schema: HealthBody } }, description: 'The store cannot be read' },
  },
});

export function createHealthApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  app.openapi(healthRoute, (c) => {
    const body = { schema_version: SCHEMA_VERSION, live_subscribers: deps.live.subscriberCount };
    try {
      deps.readDb.prepare('SELECT 1').get();
      return c.json({ status: 'ok' as const, ...body }, 200);
    } catch (err) {
      deps.log.error('health check: store read failed', { error: err instanceof Error ? err : String(err) });
      return c.json({ status: 'error' as const, ...body }, 503);
    }
  });
  return app;
}
