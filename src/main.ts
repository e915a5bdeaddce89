// Composition root: config in; store, writer, listeners and API up; one stop() that
// stops accepting, flushes what was acknowledged-to-be, and closes everything.
import type { AppConfig } from './config/schema.js';
import { checkListenersSecure } from './auth/secure-default.js';
import { splitEndpoint } from './config/load-config.js';
import { ingestLogs, ingestMetrics, ingestTraces, type IngestDeps } from './ingest.js';
import { LiveHub } from './live-hub.js';
import type { Logger } from './logger.js';
import { startOtlpGrpcServer } from './otlp/grpc-server.js';
import { startOtlpHttpServer } from './otlp/http-server.js';
import type { OtlpIngest } from './otlp/otlp-ingest.js';
import { openDatabase, openReadOnly } from './store/schema/open-db.js';
import { createStoreWriter } from './store/write/queued-writer.js';
import { registerQueryFunctions } from './store/read/query-functions.js';
import { deriveSpanText } from './span-text.js';
import { createDirectIngest } from './direct-ingest/direct-ingest.js';
import { AccessControl } from './auth/access.js';
import { describeRetention, Retention, startRetention, toRetentionPolicy } from './retention.js';
import { createApiApp, startApiServer } from './api/server.js';

export interface RunningTracelite {
  /** host:port as bound (port 0 in the config becomes the picked port). */
  endpoints: { grpc: string | null; http: string | null; api: string };
  dbPath: string;
  stop(): Promise<void>;
}

export async function startTracelite(config: AppConfig, log: Logger): Promise<RunningTracelite> {
  // Before anything opens: an unauthenticated listener on a reachable address must not start.
  const security = checkListenersSecure(config);
  if (!security.ok) throw new Error(security.message);
  if (security.warning) log.warn(security.warning);
  const dbPath = config.storage.path;
  openDatabase(dbPath).close(); // create + migrate before the writer thread and readers attach
  const writer = await createStoreWriter({
    dbPath, mode: config.storage.writer, maxBatchRows: config.storage.max_batch_spans, groupCommitMs: config.storage.group_commit_ms,
    maxQueueRows: config.storage.max_queue_spans, retryAfterSeconds: config.limits.retry_after_seconds, log,
  });
  const readDb = openReadOnly(dbPath);
  registerQueryFunctions(readDb, deriveSpanText);
  const live = new LiveHub(config.api.max_sse_connections);
  live.attach(writer);
  const ingestDeps: IngestDeps = { writer, normalize: { priceOverrides: config.pricing.models } };
  const access = new AccessControl(config.auth, readDb);
  const ingest: OtlpIngest = {
    resolveProject: (credentials, requested) => access.otlpProject(credentials, requested),
    traces: (projectId, request) => ingestTraces(ingestDeps, projectId, request),
    logs: (projectId, request) => ingestLogs(ingestDeps, projectId, request),
    metrics: (projectId, request) => ingestMetrics(ingestDeps, projectId, request),
  };
  const closers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const close of closers.reverse()) await close().catch((err) => log.warn('error while stopping', { error: err }));
    await writer.close();
    readDb.close();
  };
  try {
    const direct = createDirectIngest({ readDb, writer, normalize: ingestDeps.normalize });
    const endpoints = await startListeners(config, ingest, { readDb, writer, live, config, log, direct, access, onClose: (close) => closers.push(close) }, closers, log);
    log.info(describeRetention(config.retention));
    closers.push(startRetention(new Retention(readDb, writer, toRetentionPolicy(config.retention)), config.retention.interval_seconds, log));
    return { endpoints, dbPath, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function startListeners(config: AppConfig, ingest: OtlpIngest, deps: import('./api/deps.js').ApiDeps, closers: (() => Promise<void>)[], log: Logger): Promise<RunningTracelite['endpoints']> {
  const { grpc: grpcConfig, http: httpConfig } = config.receivers.otlp.protocols;
  let grpc: string | null = null;
  let http: string | null = null;
  if (grpcConfig) {
    const { host, port } = splitEndpoint(grpcConfig.endpoint);
    const server = await startOtlpGrpcServer(grpcConfig, host, Number(port), ingest, log);
    closers.push(server.close);
    grpc = formatEndpoint(host, server.port);
  }
  if (httpConfig) {
    const { host, port } = splitEndpoint(httpConfig.endpoint);
    const server = await startOtlpHttpServer(httpConfig, host, Number(port), ingest, log);
    closers.push(server.close);
    http = formatEndpoint(host, server.address.port);
  }
  const { host, port } = splitEndpoint(config.api.endpoint);
  const api = await startApiServer(createApiApp(deps, ingest), host, Number(port));
  closers.push(api.close);
  return { grpc, http, api: formatEndpoint(host, api.address.port) };
}

function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
