// QUERY/SERVE (Langfuse family): the Langfuse-compatible public API under /api/public,
// usable by the official Langfuse SDKs unchanged. Input: ApiDeps. Output: a Hono app
// with full paths, mounted by src/api/server.ts; errors render as `{ message, error }`.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { classifyByMethod, requireAccess } from '../auth-middleware.js';
import { renderLangfuseError, throwOnInvalidRequest } from './render-error.js';
import { registerObservationRoutes } from './observations-routes.js';
import { registerTraceRoutes } from './traces-routes.js';
import { registerSessionRoutes } from './sessions-routes.js';
import { registerScoreRoutes } from './scores-routes.js';
import { registerIngestionRoutes } from './ingestion-routes.js';
import { registerHealthRoutes } from './health-routes.js';

export function createLangfuseApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: throwOnInvalidRequest });
  app.onError((err, c) => renderLangfuseError(err, c, deps.log));
  // The prefix, not '*': a family's middleware joins the server's router when it is mounted.
  // (The Langfuse OTLP route, /api/public/otel/…, is registered before the families and checks
  // its own credentials; health answers without them, as Langfuse's does.)
  app.use('/api/public/*', requireAccess(deps, (c) => (c.req.path === '/api/public/health' ? null : classifyByMethod(c))));
  registerHealthRoutes(app, deps);
  registerObservationRoutes(app, deps);
  registerTraceRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerScoreRoutes(app, deps);
  registerIngestionRoutes(app, deps);
  return app;
}
