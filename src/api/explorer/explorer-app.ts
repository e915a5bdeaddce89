// QUERY/SERVE (explorer): the trace explorer API family (SideSeat's project-scoped OTel
// API) under /api/v1/project/{project_id}/otel/…. Input: ApiDeps; output: an OpenAPIHono
// app with full paths, zod validation and the family's error shape.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { principalOf, requireAccess } from '../auth-middleware.js';
import { resolveRequestProject } from '../../auth/access.js';
import { renderExplorerError, toValidationError } from './errors.js';
import { registerProjectRoutes } from './project-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerSpanRoutes } from './span-routes.js';
import { registerSseRoute } from './sse-route.js';
import { registerTraceRoutes } from './trace-routes.js';

export function createExplorerApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw toValidationError(result.error);
    },
  });
  // Credentials, then the path's project must be one the caller has (another project's is a
  // 404: its existence is not disclosed). The prefix, not '*': see facade-app.ts.
  app.use('/api/v1/project/:project_id/*', requireAccess(deps), async (c, next) => {
    resolveRequestProject(principalOf(c), c.req.param('project_id'));
    await next();
  });
  // Static segments (filter-options) are registered before their {id} siblings.
  registerTraceRoutes(app, deps);
  registerSpanRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerSseRoute(app, deps);
  registerProjectRoutes(app, deps);
  app.onError((err, c) => renderExplorerError(err, c, deps.log));
  return app;
}
