// TESTING (tracelite/testing): an in-process tracelite for tests. Input: optional settings;
// output: a running receiver on ephemeral 127.0.0.1 ports with a temp-dir SQLite file, the
// OTLP env vars to point an SDK at it, and typed reads through the explorer REST API.
import { mergeConfig } from '../config/merge-config.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { silentLogger } from '../logger.js';
import { startTracelite, type RunningTracelite } from '../main.js';
import { encodeFilters, ExplorerClient } from './explorer-client.js';
import type { Message, MessagesResponse, ObservationQuery, SpanSummary, TraceDetail, TraceSummary, TraceWhere, WaitForTracesOptions } from './types.js';
import { waitForMatchingTraces } from './wait-for-traces.js';

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** config.yaml settings a test may change; listeners, auth and the database file stay the receiver's. */
export type ReceiverConfig = Omit<z.input<typeof configSchema>, 'receivers' | 'api' | 'auth' | 'log'>;

export interface ReceiverOptions {
  /** The transport `receiver.env` points SDKs at (default 'http/protobuf'); both listen either way. */
  protocol?: OtlpProtocol;
  /** Count traces without GenAI spans too (default false: as the explorer and `tracelite wait`,
   *  so a stray health-check or start-up trace cannot satisfy a wait meant for the agent). */
  includeNonGenAI?: boolean;
  config?: ReceiverConfig;
}

export interface Receiver {
  /** e.g. http://127.0.0.1:41234 — OTEL_EXPORTER_OTLP_ENDPOINT for OTLP/HTTP (paths /v1/traces, /v1/logs, /v1/metrics). */
  readonly otlpHttpEndpoint: string;
  /** e.g. http://127.0.0.1:41235 — OTEL_EXPORTER_OTLP_ENDPOINT for OTLP/gRPC. */
  readonly otlpGrpcEndpoint: string;
  /** Base URL of the REST APIs (explorer, Langfuse-compatible, analytics). */
  readonly apiUrl: string;
  /** The SQLite file (e.g. for `tracelite export --db`); removed by close(). */
  readonly dbPath: string;
  /** OTEL_EXPORTER_OTLP_* variables that point an OpenTelemetry SDK here. */
  readonly env: Readonly<Record<string, string>>;
  /** Polls until `count` traces match, then returns every match (oldest first). */
  waitForTraces(options?: WaitForTracesOptions): Promise<TraceSummary[]>;
  /** The traces with GenAI spans (all traces with includeNonGenAI), oldest first, optionally filtered. */
  traces(where?: TraceWhere): Promise<TraceSummary[]>;
  /** One trace with its spans nested; rejects if it does not exist. */
  trace(traceId: string): Promise<TraceDetail>;
  /** The trace's conversation as SideML messages, de-duplicated across its spans. */
  messages(traceId: string): Promise<Message[]>;
  /** Spans (observations), oldest first, by normalized type, name and trace. */
  observations(query?: ObservationQuery): Promise<SpanSummary[]>;
  /** Stops the receiver and removes its files. Safe to call twice. */
  close(): Promise<void>;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tracelite-receiver-'));
  const dbPath = path.join(dir, 'tracelite.db');
  const listeners = {
    receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:0' }, http: { endpoint: '127.0.0.1:0' } } } },
    api: { endpoint: '127.0.0.1:0' },
    storage: { path: dbPath },
  };
  let running: RunningTracelite;
  try {
    running = await startTracelite(configSchema.parse(mergeConfig(options.config ?? {}, listeners)), silentLogger);
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
  const otlpHttpEndpoint = `http://${running.endpoints.http}`;
  const otlpGrpcEndpoint = `http://${running.endpoints.grpc}`;
  const apiUrl = `http://${running.endpoints.api}`;
  const client = new ExplorerClient(apiUrl, 'default');
  const includeNonGenAI = options.includeNonGenAI ?? false;
  const traces = (where?: TraceWhere) => listTraces(client, where, includeNonGenAI);
  const listEverything = () => listTraces(client, undefined, true);
  let closing: Promise<void> | null = null;
  return {
    otlpHttpEndpoint, otlpGrpcEndpoint, apiUrl, dbPath,
    env: createOtlpEnv(options.protocol ?? 'http/protobuf', otlpHttpEndpoint, otlpGrpcEndpoint),
    waitForTraces: (waitOptions = {}) => waitForMatchingTraces({ list: traces, listEverything }, waitOptions),
    traces,
    trace: (traceId) => client.getJson<TraceDetail>(`traces/${encodeURIComponent(traceId)}`),
    messages: async (traceId) => (await client.getJson<MessagesResponse>(`traces/${encodeURIComponent(traceId)}/messages`)).messages,
    observations: (query = {}) => listObservations(client, query),
    close: () => (closing ??= running.stop().finally(() => fs.rm(dir, { recursive: true, force: true }))),
  };
}

async function listTraces(client: ExplorerClient, where: TraceWhere | undefined, includeNonGenAI: boolean): Promise<TraceSummary[]> {
  const filters = typeof where === 'function' ? undefined : encodeFilters(where);
  const rows = await client.listAll<TraceSummary>('traces', { include_nongenai: String(includeNonGenAI), filters });
  return typeof where === 'function' ? rows.filter(where) : rows;
}

async function listObservations(client: ExplorerClient, query: ObservationQuery): Promise<SpanSummary[]> {
  const rows = await client.listAll<SpanSummary>('spans', { observation_type: query.type, trace_id: query.traceId });
  const { name } = query;
  // Semconv span names read "execute_tool get_weather": a test means the tool (or agent) name.
  return name === undefined ? rows : rows.filter((s) => s.span_name === name || s.tool_name === name || s.agent_name === name);
}

/** Points every signal at this receiver, so a per-signal variable left in the shell cannot win. */
function createOtlpEnv(protocol: OtlpProtocol, httpEndpoint: string, grpcEndpoint: string): Record<string, string> {
  const env: Record<string, string> = { OTEL_EXPORTER_OTLP_PROTOCOL: protocol };
  env.OTEL_EXPORTER_OTLP_ENDPOINT = protocol === 'grpc' ? grpcEndpoint : httpEndpoint;
  for (const signal of ['traces', 'logs', 'metrics']) {
    // Per-signal HTTP endpoints are used as-is (no path appended), so they carry /v1/<signal>.
    env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`] = protocol === 'grpc' ? grpcEndpoint : `${httpEndpoint}/v1/${signal}`;
    env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`] = protocol;
  }
  return env;
}
