// QUERY/SERVE (analytics family): the analytics search API (the "LLM Observatory" spec,
// ../shared/spec/analytics-api.openapi.yaml): /health and /api/v1/traces[...]. Input: ApiDeps.
// Output: an OpenAPIHono app with full paths; errors render as the spec's ErrorResponse.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { requireAccess } from '../auth-middleware.js';
import { registerAnalyticsHealthRoute } from './health-route.js';
import { createQueryCache } from './query-cache.js';
import { renderAnalyticsError, throwOnInvalidRequest } from './render-error.js';
import { BEARER_AUTH_SCHEME, FieldFilterSchema, LogicalFilterSchema } from './schemas.js';
import { registerTraceRoutes } from './trace-routes.js';

export function createAnalyticsApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: throwOnInvalidRequest });
  const cache = createQueryCache({ config: deps.config, log: deps.log });
  deps.onClose?.(() => cache.close());
  if (cache.backend === 'redis') deps.healthProbes?.add('redis', async () => (await cache.checkHealth()) === 'healthy');
  // Enforced by requireAccess below when auth.mode is keys.
  app.openAPIRegistry.registerComponent('securitySchemes', 'BearerAuth', BEARER_AUTH_SCHEME);
  // AdvancedSearchRequest.filter refers to these by $ref (see schemas.ts).
  app.openAPIRegistry.register('FieldFilter', FieldFilterSchema);
  app.openAPIRegistry.register('LogicalFilter', LogicalFilterSchema);
  app.onError((err, c) => renderAnalyticsError(err, c, deps.log));
  // Lists and searches are usage reads (billing gets their cost and usage fields only, see
  // trace-routes.ts); one trace is a read. /health needs no credentials (the spec's).
  for (const path of ['/api/v1/traces', '/api/v1/traces/*']) {
    app.use(path, requireAccess(deps, (c) => (c.req.method === 'GET' && c.req.path.startsWith('/api/v1/traces/') ? 'read' : 'usage')));
  }
  registerAnalyticsHealthRoute(app, deps, cache);
  registerTraceRoutes(app, deps, cache);
  return app;
}
