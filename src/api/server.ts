// QUERY/SERVE: the API port (default 127.0.0.1:5388). OTLP/HTTP for clients configured
// for SideSeat (/otel/{project_id}/v1/…) or Langfuse (/api/public/otel/v1/traces), then
// each API family's routes. Families render their own error shapes.
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { AddressInfo } from 'node:net';
import { handleOtlpHttpExport } from '../otlp/http-export.js';
import type { Signal } from '../otlp/model.js';
import { requestedProject, type OtlpIngest } from '../otlp/otlp-ingest.js';
import { matchAllowedOrigin } from '../otlp/cors.js';
import type { ApiDeps } from './deps.js';
import { mountApiFamilies } from './families.js';
import { resolveProjectId as resolveLangfuseProject } from './langfuse/resolve-project.js';

const SIGNALS: Signal[] = ['traces', 'logs', 'metrics'];

export function createApiApp(deps: ApiDeps, ingest: OtlpIngest): Hono {
  const app = new Hono();
  const corsConfig = deps.config.api.cors;
  if (corsConfig.allowed_origins.length > 0) {
    app.use('*', cors({ origin: (origin) => (matchAllowedOrigin(corsConfig, origin) ? origin : null), allowHeaders: ['content-type', 'authorization', 'x-project-id', ...corsConfig.allowed_headers], maxAge: corsConfig.max_age || undefined }));
  }
  const limitBytes = (deps.config.receivers.otlp.protocols.http?.max_request_body_size_mib ?? 64) * 1024 * 1024;
  const exportHandler = (signal: Signal, projectOf: (c: Context) => string | Promise<string>) => async (c: Context) => {
    const response = await handleOtlpHttpExport(
      { method: c.req.method, signal, resolveProject: () => projectOf(c), contentType: c.req.header('content-type'), contentEncoding: c.req.header('content-encoding'), body: c.req.raw.body as AsyncIterable<Uint8Array> | null },
      ingest, limitBytes, deps.log);
    return c.body(response.body as string, response.status as 200, response.headers);
  };
  const credentialsOf = (c: Context) => ({ authorization: c.req.header('authorization'), apiKey: c.req.header('x-api-key') });
  for (const signal of SIGNALS) {
    app.all(`/otel/:project_id/v1/${signal}`, exportHandler(signal, (c) => ingest.resolveProject(credentialsOf(c), requestedProject(c.req.param('project_id'), c.req.header('x-project-id')))));
  }
  // Langfuse SDKs (@langfuse/otel) export here, with Basic auth (with auth off: any well-formed).
  app.all('/api/public/otel/v1/traces', exportHandler('traces', (c) => (deps.access?.enabled
    ? ingest.resolveProject(credentialsOf(c), requestedProject(undefined, c.req.header('x-project-id')))
    : resolveLangfuseProject(c))));
  mountApiFamilies(app, deps);
  return app;
}

export interface StartedApiServer {
  address: AddressInfo;
  close(): Promise<void>;
}

export async function startApiServer(app: Hono, host: string, port: number): Promise<StartedApiServer> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new Error(`address ${host}:${port} is already in use`) : err));
  });
  return {
    address: server.address() as AddressInfo,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as import('node:http').Server).closeAllConnections?.();
    }),
  };
}
