// RECEIVE: the OTLP/HTTP listener (default 127.0.0.1:4318), plain node:http so the
// body streams straight into the limit-enforcing reader. Routes the three signal paths
// to handleOtlpHttpExport; everything else is 404, other methods 405.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import { buildCorsHeaders } from './cors.js';
import { handleOtlpHttpExport, type OtlpHttpResponse } from './http-export.js';
import type { Signal } from './model.js';
import { firstValue, requestedProject, type OtlpIngest } from './otlp-ingest.js';
import { AppError } from '../errors.js';
import { encodeStatus } from './encode-response.js';

type HttpProtocolConfig = NonNullable<AppConfig['receivers']['otlp']['protocols']['http']>;

export interface StartedServer {
  address: AddressInfo;
  close(): Promise<void>;
}

export async function startOtlpHttpServer(config: HttpProtocolConfig, host: string, port: number, ingest: OtlpIngest, log: Logger): Promise<StartedServer> {
  const routes = new Map<string, Signal>([
    [config.traces_url_path, 'traces'],
    [config.logs_url_path, 'logs'],
    [config.metrics_url_path, 'metrics'],
  ]);
  const limitBytes = config.max_request_body_size_mib * 1024 * 1024;
  const server = http.createServer((req, res) => {
    void serveRequest(req, res, routes, config, limitBytes, ingest, log);
  });
  server.keepAliveTimeout = 65_000;
  await listen(server, host, port);
  return { address: server.address() as AddressInfo, close: () => closeServer(server) };
}

async function serveRequest(req: http.IncomingMessage, res: http.ServerResponse, routes: Map<string, Signal>, config: HttpProtocolConfig, limitBytes: number, ingest: OtlpIngest, log: Logger): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  const signal = routes.get(path);
  const cors = buildCorsHeaders(config.cors, req.headers.origin, req.method === 'OPTIONS');
  if (req.method === 'OPTIONS' && signal) return send(res, { status: 204, headers: cors, body: '' });
  let response: OtlpHttpResponse;
  if (!signal) {
    response = renderJsonError(new AppError('NOT_FOUND', `no OTLP endpoint at ${path}; use ${[...routes.keys()].join(', ')}`));
  } else {
    response = await handleOtlpHttpExport(
      { method: req.method ?? 'GET', signal, resolveProject: () => ingest.resolveProject({ authorization: req.headers.authorization, apiKey: firstValue(req.headers['x-api-key']) }, requestedProject(undefined, req.headers['x-project-id'])), contentType: req.headers['content-type'], contentEncoding: req.headers['content-encoding'], body: req },
      ingest, limitBytes, log);
  }
  // A body refused before it was read to the end (too large, wrong type) leaves the
  // connection mid-request: answer, then close it rather than reuse it.
  const unread = !req.complete;
  send(res, { ...response, headers: { ...response.headers, ...cors, ...(unread ? { connection: 'close' } : {}) } });
  if (unread) res.once('finish', () => req.socket?.destroySoon());
}

function renderJsonError(error: AppError): OtlpHttpResponse {
  return { status: error.httpStatus, headers: { 'content-type': 'application/json' }, body: encodeStatus(error.grpcCode, error.message, 'json') };
}

function send(res: http.ServerResponse, response: OtlpHttpResponse): void {
  if (res.headersSent) return;
  const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.byteLength) });
  res.end(body);
}

export function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`address ${host}:${port} is already in use`) : err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Stops accepting, lets in-flight exports finish (they are acknowledged only after
 *  commit), then cuts connections still open after `graceMs`. */
export function closeServer(server: http.Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
