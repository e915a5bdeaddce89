// QUERY/SERVE (observability facade): the REST API of observability-facade-api.txt under
// /api/v1/observability — traces, logs, generations, scores, sessions, flush — over our own
// store, so no route answers 501. Input: ApiDeps. Output: a Hono app (full paths), errors `{detail}`.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { requireAccess } from '../auth-middleware.js';
import { renderFacadeError, throwOnInvalidRequest } from './render-error.js';
import { registerTraceRoutes } from './trace-routes.js';
import { registerGenerationRoutes } from './generation-routes.js';
import { registerScoreRoutes } from './score-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerIngestRoutes } from './ingest-routes.js';
import { FACADE_PREFIX } from './schemas.js';

export function createFacadeApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: throwOnInvalidRequest });
  app.onError((err, c) => renderFacadeError(err, c, deps.log));
  // The prefix, not '*': a family's middleware joins the server's router when it is mounted.
  app.use(`${FACADE_PREFIX}/*`, requireAccess(deps), limitBody(deps));
  registerTraceRoutes(app, deps);
  registerGenerationRoutes(app, deps);
  registerScoreRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerIngestRoutes(app, deps);
  return app;
}

/** 413 past the API port's body limit (the one server.ts applies to OTLP/HTTP), before any
 *  parsing. Built on first use: building the app (the OpenAPI document) reads no config. */
function limitBody(deps: ApiDeps): MiddlewareHandler {
  let limit: MiddlewareHandler | null = null;
  return (c, next) => {
    limit ??= bodyLimit({
      maxSize: (deps.config.receivers.otlp.protocols.http?.max_request_body_size_mib ?? 64) * 1024 * 1024,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', 'Request body too large');
      },
    });
    return limit(c, next);
  };
}
