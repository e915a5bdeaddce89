// QUERY/SERVE (explorer): the trace explorer API family (SideSeat's project-scoped OTel
// API) under /api/v1/project/{project_id}/otel/…. Input: ApiDeps; output: an OpenAPIHono
// app with full paths, zod validation and the family's error shape.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { renderExplorerError, toValidationError } from './errors.js';
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
  // Static segments (filter-options) are registered before their {id} siblings.
  registerTraceRoutes(app, deps);
  registerSpanRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerSseRoute(app, deps);
  app.onError((err, c) => renderExplorerError(err, c, deps.log));
  return app;
}
