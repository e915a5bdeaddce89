// CLI: `tracelite import FILE…`. Input: OTLP/JSON lines as `tracelite export` and the Collector's
// file exporter write them (plain or gzip; `-` is stdin). Each line is decoded by the receiver's
// decoder and goes through the normal ingest path: into a database file in process, or to a
// running server's OTLP/HTTP endpoint. Output: bad lines and a summary on stderr, the exit code.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { AppError } from '../errors.js';
import { ingestLogs, ingestMetrics, ingestTraces, type IngestDeps, type IngestResult } from '../ingest.js';
import { createLogger, type LogLevel } from '../logger.js';
import { decodeLogsRequestJson, decodeMetricsRequestJson, decodeTraceRequestJson } from '../otlp/decode-json.js';
import type { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest, Signal } from '../otlp/model.js';
import { requestedProject } from '../otlp/otlp-ingest.js';
import { openDatabase } from '../store/schema/open-db.js';
import { createStoreWriter } from '../store/write/queued-writer.js';
import { readInputLines } from './import-lines.js';

export const IMPORT_USAGE = `Usage: tracelite import FILE... [--db FILE | --config FILE | --url URL] [--project P]

Reads OTLP/JSON lines (what \`tracelite export\` and the OpenTelemetry Collector's file exporter
write: one ExportTraceServiceRequest or ExportLogsServiceRequest per line, or metrics from the
Collector; gzip files are recognized; FILE - is stdin) and stores them through the normal ingest path.

Options:
  --db FILE      write into this SQLite file in process (created if missing; while a server runs
                 on the file, prefer --url)
  --config FILE  config.yaml: write into its storage.path
  --url URL      send each line to a running server's API port, to /otel/{project}/v1/traces
                 (or logs), with Authorization: Bearer $TRACELITE_API_KEY when that is set
                 (default, without --db/--config: http://127.0.0.1:5388)
  --project P    project to import into (default: default)
  -h, --help     show this help
A bad line is reported with its line number and skipped; the exit code is then 1.`;

const DEFAULT_URL = 'http://127.0.0.1:5388';
const MAX_ATTEMPTS = 5;

class UsageError extends Error {}
/** Every further line would fail the same way (server unreachable, credentials refused). */
class FatalError extends Error {}

type DecodedLine =
  | { signal: 'traces'; request: ExportTraceRequest }
  | { signal: 'logs'; request: ExportLogsRequest }
  | { signal: 'metrics'; request: ExportMetricsRequest };

interface Sink {
  /** Lines handed on before the oldest is done: decode overlaps the writer's work. A server
   *  gets one at a time, so it stores them in file order (concurrent requests could swap). */
  maxInFlight: number;
  send(decoded: DecodedLine, line: Buffer, items: number): Promise<IngestResult>;
  close(): Promise<void>;
}

interface Totals {
  spans: number;
  logs: number;
  points: number;
  lines: number;
  failedLines: number;
  unreadableFiles: number;
  fatal: Error | null;
}

export async function runImportCommand(argv: string[]): Promise<number> {
  let sink: Sink | undefined;
  try {
    const options = parseImportArgs(argv);
    if (options === 'help') {
      console.log(IMPORT_USAGE);
      return 0;
    }
    sink = options.url !== undefined ? createUrlSink(options.url, options.projectId) : await openDatabaseSink(options.db, options.config, options.projectId);
    const totals = await importFiles(options.files, sink);
    await sink.close();
    sink = undefined;
    printSummary(totals, options.projectId);
    return totals.failedLines > 0 || totals.unreadableFiles > 0 || totals.fatal ? 1 : 0;
  } catch (err) {
    const usage = err instanceof UsageError || err instanceof ConfigError || String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    console.error(`tracelite import: ${(err as Error).message}${usage ? '\n(see tracelite import --help)' : ''}`);
    return usage ? 2 : 1;
  } finally {
    await sink?.close();
  }
}

interface ImportOptions {
  files: string[];
  projectId: string;
  db?: string;
  config?: string;
  url?: string;
}

function parseImportArgs(argv: string[]): ImportOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, config: { type: 'string' }, url: { type: 'string' }, project: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('name at least one FILE (or - for stdin)');
  if (positionals.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  if (values.url !== undefined && (values.db !== undefined || values.config !== undefined)) throw new UsageError('--url and --db/--config exclude each other');
  let projectId: string;
  try {
    projectId = requestedProject(values.project, undefined) ?? 'default';
  } catch (err) {
    throw new UsageError(`--project: ${(err as Error).message}`);
  }
  const toDatabase = values.db !== undefined || values.config !== undefined;
  const url = toDatabase ? undefined : (values.url ?? DEFAULT_URL);
  if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url ${url}: expected http://HOST:PORT`);
  return { files: positionals, projectId, db: values.db, config: values.config, url };
}

async function importFiles(files: string[], sink: Sink): Promise<Totals> {
  const totals: Totals = { spans: 0, logs: 0, points: 0, lines: 0, failedLines: 0, unreadableFiles: 0, fatal: null };
  // Oldest first: a line's failure is reported once every earlier line's was, in line order.
  const inFlight: Promise<string | null>[] = [];
  const report = async (task: Promise<string | null>) => {
    const failure = await task;
    if (failure === null) return;
    totals.failedLines++;
    console.error(`tracelite import: ${failure}`);
  };
  for (const file of files) {
    const name = file === '-' ? 'stdin' : file;
    try {
      for await (const line of readInputLines(file)) {
        if (totals.fatal) break;
        if (line.bytes !== null && isBlank(line.bytes)) continue;
        totals.lines++;
        inFlight.push(importLine(line.bytes, sink, totals).then((reason) => (reason === null ? null : `${name} line ${line.number}: ${reason}`)));
        if (inFlight.length >= sink.maxInFlight) await report(inFlight.shift()!);
      }
    } catch (err) {
      for (const task of inFlight.splice(0)) await report(task);
      totals.unreadableFiles++;
      console.error(`tracelite import: cannot read ${name}: ${(err as Error).message}`);
    }
    if (totals.fatal) break;
  }
  for (const task of inFlight) await report(task);
  return totals;
}

/** Decodes, sends and tallies one line. Resolves with why it failed, or null; never rejects. */
async function importLine(bytes: Buffer | null, sink: Sink, totals: Totals): Promise<string | null> {
  try {
    if (bytes === null) return 'line too long (over 256 MiB); skipped';
    const decoded = decodeLine(bytes);
    const items = countItems(decoded);
    const result = await sendWithRetry(() => sink.send(decoded, bytes, items));
    if (decoded.signal === 'traces') totals.spans += result.accepted;
    else if (decoded.signal === 'logs') totals.logs += result.accepted;
    else totals.points += result.accepted;
    return result.rejected > 0 ? result.errorMessage || `${result.rejected} item(s) rejected` : null;
  } catch (err) {
    if (!(err instanceof FatalError)) return (err as Error).message;
    totals.fatal ??= err;
    return null;
  }
}

const SIGNAL_KEY = /^\s*\{\s*"resource_?(spans|logs|metrics)"/i;
const SIGNAL_FIELDS: [string, Signal][] = [['resourceSpans', 'traces'], ['resource_spans', 'traces'], ['resourceLogs', 'logs'], ['resource_logs', 'logs'], ['resourceMetrics', 'metrics'], ['resource_metrics', 'metrics']];

/** The line's first key tells the signal (as the file exporter writes it); other lines are parsed first. */
function decodeLine(bytes: Buffer): DecodedLine {
  const match = SIGNAL_KEY.exec(bytes.subarray(0, 256).toString('latin1'));
  const signal = match ? (match[1]!.toLowerCase() === 'spans' ? 'traces' : (match[1]!.toLowerCase() as Signal)) : findSignal(bytes);
  if (signal === 'traces') return { signal, request: decodeTraceRequestJson(bytes) };
  if (signal === 'logs') return { signal, request: decodeLogsRequestJson(bytes) };
  return { signal, request: decodeMetricsRequestJson(bytes) };
}

function findSignal(bytes: Buffer): Signal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return 'traces'; // the decoder reports the invalid JSON
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'traces';
  const found = SIGNAL_FIELDS.find(([field]) => field in parsed);
  if (found) return found[1];
  if (Object.keys(parsed).length === 0) return 'traces';
  throw new AppError('BAD_REQUEST', 'not an OTLP export request: no resourceSpans, resourceLogs or resourceMetrics');
}

function countItems(decoded: DecodedLine): number {
  let n = 0;
  if (decoded.signal === 'traces') for (const rs of decoded.request.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  else if (decoded.signal === 'logs') for (const rl of decoded.request.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  else for (const rm of decoded.request.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.points.length;
  return n;
}

/** A full queue or a locked database (server or file) is retried after the wait it names. */
async function sendWithRetry(send: () => Promise<IngestResult>): Promise<IngestResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'UNAVAILABLE' || attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, (err.retryAfterSeconds ?? 1) * 1000));
    }
  }
}

async function openDatabaseSink(db: string | undefined, configFile: string | undefined, projectId: string): Promise<Sink> {
  const config = loadConfig({ configFile, db });
  const dbPath = config.storage.path;
  openDatabase(dbPath).close(); // create + migrate before the writer thread attaches, as serve does
  const writer = await createStoreWriter({
    dbPath, mode: config.storage.writer, maxBatchRows: config.storage.max_batch_spans, groupCommitMs: config.storage.group_commit_ms,
    maxQueueRows: config.storage.max_queue_spans, retryAfterSeconds: config.limits.retry_after_seconds, log: createLogger(config.log.level as LogLevel),
  });
  const deps: IngestDeps = { writer, normalize: { priceOverrides: config.pricing.models } };
  return {
    maxInFlight: 4,
    send(decoded) {
      if (decoded.signal === 'traces') return ingestTraces(deps, projectId, decoded.request);
      if (decoded.signal === 'logs') return ingestLogs(deps, projectId, decoded.request);
      return ingestMetrics(deps, projectId, decoded.request);
    },
    close: () => writer.close(),
  };
}

const REJECTED_FIELD: Record<Signal, string> = { traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints' };

function createUrlSink(url: string, projectId: string): Sink {
  const base = url.replace(/\/+$/, '');
  // The one secret the CLI takes from the environment (a flag would put it in `ps` output).
  const apiKey = process.env.TRACELITE_API_KEY;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  return {
    maxInFlight: 1,
    async send(decoded, line, items) {
      const endpoint = `${base}/otel/${encodeURIComponent(projectId)}/v1/${decoded.signal}`;
      let response: Response;
      try {
        response = await fetch(endpoint, { method: 'POST', headers, body: line });
      } catch (err) {
        throw new FatalError(`cannot reach ${base}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message} (is tracelite serve running? or import with --db FILE)`);
      }
      const body = await response.text();
      const answer = parseJsonObject(body);
      if (response.ok) {
        const partial = (answer.partialSuccess ?? {}) as Record<string, unknown>;
        const rejected = Number(partial[REJECTED_FIELD[decoded.signal]] ?? 0);
        return { accepted: items - rejected, rejected, errorMessage: String(partial.errorMessage ?? '') };
      }
      throw errorOfResponse(response, endpoint, String(answer.message ?? body.slice(0, 200)));
    },
    close: async () => {},
  };
}

function errorOfResponse(response: Response, endpoint: string, message: string): Error {
  const status = response.status;
  if (status === 429 || status === 503) return new AppError('UNAVAILABLE', message, { retryAfterSeconds: Number(response.headers.get('retry-after')) || 1 });
  if (status === 401 || status === 403 || status === 404 || status === 405 || status === 415) return new FatalError(`${endpoint} answered ${status}: ${message}`);
  return new Error(`the server answered ${status}: ${message}`);
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}

function printSummary(totals: Totals, projectId: string): void {
  if (totals.fatal) console.error(`tracelite import: stopped: ${totals.fatal.message}`);
  const points = totals.points > 0 ? `, ${totals.points} metric point(s)` : '';
  const failed = (totals.failedLines > 0 ? `; ${totals.failedLines} line(s) failed` : '') + (totals.unreadableFiles > 0 ? `; ${totals.unreadableFiles} file(s) unreadable` : '');
  console.error(`tracelite import: ${totals.spans} span(s), ${totals.logs} log record(s)${points} from ${totals.lines} line(s) into project '${projectId}'${failed}`);
}
