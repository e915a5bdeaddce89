// QUERY/SERVE (web UI): GET /api/v1/info — what the UI's empty state and login need to know
// about this instance: the OTLP endpoints an SDK should export to and whether auth is on.
// No credentials needed: it names ports and a mode, nothing stored.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';

export const InstanceInfo = z
  .object({
    otlp_http_endpoint: z.string().nullable().openapi({ description: 'Base URL for OTEL_EXPORTER_OTLP_ENDPOINT (http/protobuf); null when off' }),
    otlp_grpc_endpoint: z.string().nullable().openapi({ description: 'Base URL for OTLP/gRPC; null when off' }),
    api_endpoint: z.string(),
    auth_enabled: z.boolean(),
  })
  .openapi('InstanceInfo');

const infoRoute = createRoute({
  method: 'get', path: '/api/v1/info', tags: ['health'], summary: 'Instance endpoints (for the web UI)',
  responses: { 200: { content: { 'application/json': { schema: InstanceInfo } }, description: 'Endpoints and auth mode' } },
});

export function createInfoApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  app.openapi(infoRoute, (c) => {
    const { grpc, http } = deps.otlpEndpoints ?? configuredEndpoints(deps);
    return c.json({
      otlp_http_endpoint: http ? `http://${http}` : null,
      otlp_grpc_endpoint: grpc ? `http://${grpc}` : null,
      api_endpoint: `http://${deps.config.api.endpoint}`,
      auth_enabled: deps.access?.enabled ?? false,
    }, 200);
  });
  return app;
}

function configuredEndpoints(deps: ApiDeps): { grpc: string | null; http: string | null } {
  const { grpc, http } = deps.config.receivers.otlp.protocols;
  return { grpc: grpc?.endpoint ?? null, http: http?.endpoint ?? null };
}
