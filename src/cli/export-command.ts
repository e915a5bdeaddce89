// CLI: `tracelite export`, read-only on a database file (safe while a server writes to it).
// Input: argv after `export`. Output: OTLP/JSON lines on stdout (one ExportTraceServiceRequest,
// or with --logs also ExportLogsServiceRequest, per line), a summary on stderr, the exit code.
import { parseDurationMs } from '../config/durations.js';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { encodeLogsRequestJson, encodeTraceRequestJson } from '../otlp/encode-json.js';
import type { InstrumentationScope, OtlpLogRecord, OtlpSpan, Resource } from '../otlp/model.js';
import { requestedProject } from '../otlp/otlp-ingest.js';
import { findExportLogPage, findExportSpanPage, type ExportCursor, type ExportedItem, type ExportPage, type ExportRange } from '../store/read/export-queries.js';
import { openReadOnly } from '../store/schema/open-db.js';

export const EXPORT_USAGE = `Usage: tracelite export [--db FILE | --config FILE] [--project P] [--trace ID]... [--since 10m|ISO] [--until 10m|ISO] [--logs]

Writes the project's spans to stdout as OTLP/JSON lines, one ExportTraceServiceRequest per line
(the OpenTelemetry Collector file exporter's format; \`tracelite import\` reads it back).
Read-only: safe while a server writes to the same file.

Options:
  --db FILE        SQLite file (default: as serve: TRACELITE_DB, else ./.data/tracelite.db)
  --config FILE    config.yaml: its storage.path
  --project P      project to export (default: default)
  --trace ID       only this trace (32 hex digits); repeat for several
  --since T        spans starting at or after T: a duration back from now (30s, 10m, 2h, 7d) or an ISO time
  --until T        spans starting before T (same forms)
  --logs           log records too, as ExportLogsServiceRequest lines after the spans
  -h, --help       show this help`;

/** Lines stay bounded: at most this many items, and about this much stored text, per line. */
const MAX_ITEMS_PER_LINE = 1000;
const MAX_STORED_CHARS_PER_LINE = 8 * 1024 * 1024;

class UsageError extends Error {}

export async function runExportCommand(argv: string[]): Promise<number> {
  let db: Database.Database | undefined;
  try {
    const options = parseExportArgs(argv);
    if (options === 'help') {
      console.log(EXPORT_USAGE);
      return 0;
    }
    db = openExportDatabase(options.file);
    const { range } = options;
    const spans = await writeLines((cursor) => findExportSpanPage(db!, range, cursor, MAX_ITEMS_PER_LINE), encodeSpanLine);
    const logs = options.logs ? await writeLines((cursor) => findExportLogPage(db!, range, cursor, MAX_ITEMS_PER_LINE), encodeLogLine) : null;
    const logText = logs ? `, ${logs.items} log record(s) in ${logs.lines} line(s)` : '';
    console.error(`tracelite export: ${spans.items} span(s) in ${spans.lines} line(s)${logText} from project '${options.range.projectId}'`);
    return 0;
  } catch (err) {
    // `tracelite export | head`: the reader left; that is not a failure.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    const usage = err instanceof UsageError || err instanceof ConfigError || String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    console.error(`tracelite export: ${(err as Error).message}${usage ? '\n(see tracelite export --help)' : ''}`);
    return usage ? 2 : 1;
  } finally {
    db?.close();
  }
}

interface ExportOptions {
  file: string;
  range: ExportRange;
  logs: boolean;
}

function parseExportArgs(argv: string[]): ExportOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: 'string' }, config: { type: 'string' }, project: { type: 'string' }, trace: { type: 'string', multiple: true },
      since: { type: 'string' }, until: { type: 'string' }, logs: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const traceIds = (values.trace ?? []).map((id) => {
    if (!/^[0-9a-fA-F]{32}$/.test(id)) throw new UsageError(`--trace ${id}: expected a trace id of 32 hex digits`);
    return id.toLowerCase();
  });
  let projectId: string;
  try {
    projectId = requestedProject(values.project, undefined) ?? 'default';
  } catch (err) {
    throw new UsageError(`--project: ${(err as Error).message}`);
  }
  const nowMs = Date.now();
  const range: ExportRange = { projectId, traceIds, sinceNs: parseTimeBound('since', values.since, nowMs), untilNs: parseTimeBound('until', values.until, nowMs) };
  return { file: loadConfig({ configFile: values.config, db: values.db }).storage.path, range, logs: values.logs ?? false };
}

/** `10m` (back from now) or an ISO 8601 time -> Unix ns. */
function parseTimeBound(name: string, value: string | undefined, nowMs: number): bigint | null {
  if (value === undefined) return null;
  const duration = parseDurationMs(value);
  const ms = duration !== null ? nowMs - duration : /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--${name} ${value}: expected a duration such as 10m, 2h, 7d or an ISO time such as 2025-01-31T12:00:00Z`);
  return BigInt(Math.max(0, ms)) * 1_000_000n;
}

function openExportDatabase(file: string): Database.Database {
  if (!fs.existsSync(file)) throw new Error(`no database at ${file} (pass the server's --db or --config)`);
  return openReadOnly(file);
}

/** Reads pages from the cursor on and writes each as one or more lines; waits for stdout to drain
 *  so a slow reader holds back the reads instead of buffering the whole export in memory. */
async function writeLines<T>(readPage: (cursor: ExportCursor | null) => ExportPage<T>, encodeLine: (items: ExportedItem<T>[]) => string): Promise<{ items: number; lines: number }> {
  const totals = { items: 0, lines: 0 };
  let cursor: ExportCursor | null = null;
  do {
    const page = readPage(cursor);
    for (const chunk of splitBySize(page.items)) {
      await writeStdout(encodeLine(chunk) + '\n');
      totals.items += chunk.length;
      totals.lines++;
    }
    cursor = page.next;
  } while (cursor !== null);
  return totals;
}

function splitBySize<T>(items: ExportedItem<T>[]): ExportedItem<T>[][] {
  const chunks: ExportedItem<T>[][] = [];
  let chunk: ExportedItem<T>[] = [];
  let chars = 0;
  for (const item of items) {
    if (chunk.length > 0 && chars + item.storedChars > MAX_STORED_CHARS_PER_LINE) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(item);
    chars += item.storedChars;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

// The write callback carries EPIPE (the reader left); without an 'error' listener the same
// error would also be thrown as an unhandled stream error.
let stdoutErrorsHandled = false;

function writeStdout(text: string): Promise<void> {
  if (!stdoutErrorsHandled) {
    process.stdout.on('error', () => {});
    stdoutErrorsHandled = true;
  }
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

interface ResourceGroup<T> {
  resource: Resource;
  schemaUrl: string;
  scopes: { scope: InstrumentationScope; schemaUrl: string; items: T[] }[];
}

/** Items of one resource share one ResourceSpans (ResourceLogs), and of one scope one ScopeSpans,
 *  in first-seen order: the order the items were read in is kept within each scope. */
function groupByResourceAndScope<T>(items: ExportedItem<T>[]): ResourceGroup<T>[] {
  const groups: ResourceGroup<T>[] = [];
  const byResource = new Map<string, ResourceGroup<T>>();
  const byScope = new Map<string, T[]>();
  for (const entry of items) {
    let scopeItems = byScope.get(entry.scopeKey);
    if (!scopeItems) {
      let group = byResource.get(entry.resourceKey);
      if (!group) {
        group = { resource: entry.resource, schemaUrl: entry.resourceSchemaUrl, scopes: [] };
        byResource.set(entry.resourceKey, group);
        groups.push(group);
      }
      scopeItems = [];
      group.scopes.push({ scope: entry.scope, schemaUrl: entry.scopeSchemaUrl, items: scopeItems });
      byScope.set(entry.scopeKey, scopeItems);
    }
    scopeItems.push(entry.item);
  }
  return groups;
}

function encodeSpanLine(items: ExportedItem<OtlpSpan>[]): string {
  const resourceSpans = groupByResourceAndScope(items).map((g) => ({
    resource: g.resource, schemaUrl: g.schemaUrl,
    scopeSpans: g.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, spans: s.items })),
  }));
  return encodeTraceRequestJson({ resourceSpans });
}

function encodeLogLine(items: ExportedItem<OtlpLogRecord>[]): string {
  const resourceLogs = groupByResourceAndScope(items).map((g) => ({
    resource: g.resource, schemaUrl: g.schemaUrl,
    scopeLogs: g.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, logRecords: s.items })),
  }));
  return encodeLogsRequestJson({ resourceLogs });
}
