// Composition root: config in; store, writer, listeners and API up; one stop() that
// stops accepting, flushes what was acknowledged-to-be, and closes everything.
import fs from 'node:fs';
import type { AppConfig } from './config/schema.js';
import { checkListenersSecure } from './auth/secure-default.js';
import { splitEndpoint } from './config/load-config.js';
import { ingestLogs, ingestMetrics, ingestTraces, type IngestDeps } from './ingest.js';
import { LiveHub } from './live-hub.js';
import type { Logger } from './logger.js';
import { startOtlpGrpcServer } from './otlp/grpc-server.js';
import { startOtlpHttpServer } from './otlp/http-server.js';
import type { OtlpIngest } from './otlp/otlp-ingest.js';
import { createExportOutcomes } from './otlp/export-outcomes.js';
import { ReceiverMetrics } from './metrics/receiver-metrics.js';
import { configureBodyBudget } from './otlp/http-body.js';
import { configureValueLimits } from './otlp/value-limits.js';
import { assertDatabaseWritable, openDatabase, openReadOnly } from './store/schema/open-db.js';
import { WriteFaults } from './store/write-faults.js';
import { createStoreWriter } from './store/write/queued-writer.js';
import { registerQueryFunctions } from './store/read/query-functions.js';
import { deriveSpanText } from './span-text.js';
import { createDirectIngest } from './direct-ingest/direct-ingest.js';
import { AccessControl } from './auth/access.js';
import { describeRetention, Retention, startRetention, toRetentionPolicy } from './retention.js';
import { createApiApp, startApiServer } from './api/server.js';
import { acquireInstanceLock } from './store/instance-lock.js';
import { checkDatabaseFile, describeDamageRemedy } from './store/schema/integrity-check.js';

export interface RunningTracelite {
  /** host:port as bound (port 0 in the config becomes the picked port). */
  endpoints: { grpc: string | null; http: string | null; api: string };
  dbPath: string;
  /** Write-fault episodes (full disk, read-only directory, ...), as health and metrics see them. */
  writeFaults: WriteFaults;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** `serve --check`: refuse a database that fails SQLite's quick_check. */
  quickCheck?: boolean;
}

export async function startTracelite(config: AppConfig, log: Logger, options: StartOptions = {}): Promise<RunningTracelite> {
  // Before anything opens: an unauthenticated listener on a reachable address must not start.
  const security = checkListenersSecure(config);
  if (!security.ok) throw new Error(security.message);
  if (security.warning) log.warn(security.warning);
  configureValueLimits(config.limits);
  configureBodyBudget(config.limits.max_bodies_in_flight_mib * 1024 * 1024, config.limits.retry_after_seconds);
  const dbPath = config.storage.path;
  assertDatabaseWritable(dbPath); // read-only, vanished or denied: say so before the lock file is made there
  const lock = dbPath === ':memory:' ? null : await acquireInstanceLock(dbPath);
  if (lock?.notHeldReason) log.warn('no single-server lock on the database: another server could open it too', { path: lock.path, reason: lock.notHeldReason });
  try {
    if (options.quickCheck) refuseDamagedDatabase(dbPath);
    openDatabase(dbPath).close(); // create + migrate before the writer thread and readers attach
  } catch (err) {
    await lock?.release();
    throw err;
  }
  const writeFaults = new WriteFaults(log);
  const metrics = new ReceiverMetrics();
  const writer = await createStoreWriter({
    dbPath, mode: config.storage.writer, maxBatchRows: config.storage.max_batch_spans, groupCommitMs: config.storage.group_commit_ms,
    maxQueueRows: config.storage.max_queue_spans, retryAfterSeconds: config.limits.retry_after_seconds, log, faults: writeFaults,
    onBatchStats: (stats) => metrics.recordWriteBatch(stats),
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
    outcomes: createExportOutcomes(metrics, log, () => writeFaults.current() !== null),
  };
  const closers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const close of closers.reverse()) await close().catch((err) => log.warn('error while stopping', { error: err }));
    await writer.close();
    readDb.close();
    await lock?.release();
  };
  try {
    const direct = createDirectIngest({ readDb, writer, normalize: ingestDeps.normalize });
    const endpoints = await startListeners(config, ingest, { readDb, writer, live, config, log, direct, access, writeFaults, metrics, onClose: (close) => closers.push(close) }, closers, log);
    lock?.setPorts({ grpc: endpoints.grpc, http: endpoints.http, api: endpoints.api });
    log.info(describeRetention(config.retention));
    closers.push(startRetention(new Retention(readDb, writer, toRetentionPolicy(config.retention)), config.retention.interval_seconds, log));
    return { endpoints, dbPath, writeFaults, stop: stopAll };
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
  const api = await startApiServer(createApiApp({ ...deps, otlpEndpoints: { grpc, http } }, ingest), host, Number(port));
  closers.push(api.close);
  return { grpc, http, api: formatEndpoint(host, api.address.port) };
}

function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function refuseDamagedDatabase(dbPath: string): void {
  if (!fs.existsSync(dbPath)) return; // a new file is created intact
  const verdict = checkDatabaseFile(dbPath, true);
  if (!verdict.ok) throw new Error(`quick_check failed: ${verdict.problems.slice(0, 3).join('; ')}\n${describeDamageRemedy(dbPath)}`);
}
