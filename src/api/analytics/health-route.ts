// QUERY/SERVE: GET /health of the analytics API (spec operation healthCheck). Input: the
// store's read connection and the query cache. Output: the spec's HealthResponse plus
// `cache` (which backend is in use); 503 when the store or Redis does not answer.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { checkStoreHealth } from '../../store/schema/store-health.js';
import type { ApiDeps } from '../deps.js';
import type { QueryCache } from './query-cache.js';

const componentStatus = z.enum(['healthy', 'unhealthy']);

const HealthResponse = z
  .object({
    status: z.enum(['healthy', 'degraded']).openapi({ description: 'Overall service status' }),
    database: componentStatus.openapi({ description: 'Database connection status' }),
    redis: componentStatus.openapi({ description: 'Redis connection status ("healthy" when Redis is not configured: see `cache`)' }),
    timestamp: z.iso.datetime().openapi({ description: 'Timestamp of health check' }),
    cache: z.enum(['memory', 'redis']).openapi({ description: 'Query cache backend in use' }),
  })
  .openapi('HealthResponse');

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  operationId: 'healthCheck',
  summary: 'Health check',
  description: 'Check the health status of the API, database, and Redis',
  responses: {
    200: { content: { 'application/json': { schema: HealthResponse } }, description: 'Service is healthy' },
    503: { content: { 'application/json': { schema: HealthResponse } }, description: 'Service is degraded or unhealthy' },
  },
});

export function registerAnalyticsHealthRoute(app: OpenAPIHono, deps: ApiDeps, cache: QueryCache): void {
  app.openapi(healthRoute, async (c) => {
    const redisCheck = cache.checkHealth();
    const store = checkStoreHealth(deps.readDb);
    if (store.status === 'unhealthy') deps.log.warn('health check: store read failed', { error: store.error });
    // The memory backend always answers 'healthy': with no Redis configured nothing is failing,
    // and a monitor polling `redis` must not page anyone; `cache: 'memory'` says Redis is unused.
    const redis = await redisCheck;
    const healthy = store.status === 'healthy' && redis === 'healthy';
    const body = {
      status: healthy ? ('healthy' as const) : ('degraded' as const),
      database: store.status,
      redis,
      timestamp: new Date().toISOString(),
      cache: cache.backend,
    };
    // A cached "healthy" would hide an outage from the next probe.
    c.header('Cache-Control', 'no-store');
    return healthy ? c.json(body, 200) : c.json(body, 503);
  });
}
