// STORE: the SQL that writes OTLP signals. Runs inside the writer's transaction.
// Spans are idempotent on (project_id, trace_id, span_id), through span_keys
// (store/shared/span-keys.ts): a client retry inserts nothing and changes no roll-up. The
// `traces` roll-up is updated once per trace per batch from the spans really inserted.
import type Database from 'better-sqlite3';
import type { LogRow, MetricPointRow, SpanRow } from '../shared/rows.js';
import type { CommittedSpan } from './store-writer.js';
import { FacetCounter } from './span-facets.js';
import { SessionRollup, type TraceTotals } from './session-rollup.js';
import { ResourceIds } from '../shared/span-resources.js';
import { GenerationNesting } from './generation-nesting.js';
import { TraceCounts } from './trace-counts.js';
import { TraceFacetCounter, traceKeyOf } from './trace-facets.js';
import { addToRollup, toTraceParams, UPSERT_TRACE_SQL, type RollupSpan, type TraceRollup } from './trace-rollup.js';

export const SPAN_COLUMNS = [
  'project_id', 'trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_ns', 'end_ns', 'duration_ns',
  'status_code', 'status_message', 'trace_state', 'flags', 'resource_json', 'resource_schema_url', 'scope_name',
  'scope_version', 'scope_json', 'scope_schema_url', 'attributes_json', 'events_json', 'links_json',
  'dropped_attributes_count', 'dropped_events_count', 'dropped_links_count', 'observation_type', 'category',
  'is_genai', 'framework', 'provider', 'request_model', 'response_model', 'model', 'operation_name', 'agent_name',
  'tool_name', 'tool_call_id', 'finish_reasons_json', 'session_id', 'user_id', 'environment', 'tags_json', 'version',
  'release', 'level', 'completion_start_ns', 'input_tokens', 'output_tokens', 'total_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'input_cost', 'output_cost', 'cache_read_cost', 'cache_write_cost',
  'reasoning_cost', 'total_cost', 'cost_source', 'usage_counted', 'model_parameters_json', 'input_json', 'output_json', 'input_preview', 'output_preview', 'metadata_json',
  'ingested_at_ms', 'clock_skew_json',
] as const satisfies readonly (keyof SpanRow)[];

const LOG_COLUMNS = [
  'project_id', 'trace_id', 'span_id', 'time_ns', 'observed_time_ns', 'severity_number', 'severity_text', 'event_name',
  'body_json', 'attributes_json', 'dropped_attributes_count', 'flags', 'resource_json', 'scope_name', 'scope_version',
  'messages_json', 'input_preview', 'output_preview', 'ingested_at_ms',
] as const satisfies readonly (keyof LogRow)[];

const METRIC_COLUMNS = [
  'project_id', 'name', 'description', 'unit', 'type', 'aggregation_temporality', 'is_monotonic', 'start_time_ns',
  'time_ns', 'flags', 'attributes_json', 'value_json', 'resource_json', 'scope_name', 'scope_version', 'ingested_at_ms',
] as const satisfies readonly (keyof MetricPointRow)[];

type SpanColumn = (typeof SPAN_COLUMNS)[number];
const AT = Object.fromEntries(SPAN_COLUMNS.map((c, i) => [c, i])) as Record<SpanColumn, number>;

/** A span row as the positional values of SPAN_COLUMNS: what crosses to the writer thread
 *  (structured-cloning an array is far cheaper than an object with ~70 keys). */
export type SpanTuple = unknown[];

export interface SpanBatch {
  /** scope_json holds an index into `shared`; resource_json is '' (see toSpanBatch). */
  tuples: SpanTuple[];
  /** Per tuple: the index in `shared` of its resource's JSON, stored once in `resources`. */
  resourceOf: number[];
  /** Per tuple: the trace name a convention asked for (not a span column). */
  traceNames: (string | null)[];
  shared: (string | null)[];
}

/** Columns whose text every span of a scope repeats (the resource goes by resourceOf). */
const SHARED_COLUMNS = ['scope_json'] as const;

/** The batch the writer thread gets. Structured clone copies a string once per occurrence:
 *  an SDK resource (~0.7 KB) went across, and was allocated again, once per span. */
export function toSpanBatch(rows: SpanRow[]): SpanBatch {
  const shared: (string | null)[] = [];
  const indexOf = new Map<string | null, number>();
  const share = (text: string | null) => {
    let index = indexOf.get(text);
    if (index === undefined) indexOf.set(text, (index = shared.push(text) - 1));
    return index;
  };
  const tuples = mapPacked(rows, (row) => {
    const tuple = pickColumns(row, SPAN_COLUMNS);
    for (const column of SHARED_COLUMNS) tuple[AT[column]] = share(tuple[AT[column]] as string | null);
    tuple[AT.resource_json] = '';
    return tuple;
  });
  return { tuples, resourceOf: mapPacked(rows, (row) => share(row.resource_json)), traceNames: mapPacked(rows, (row) => row.trace_name ?? null), shared };
}

/** The tuple with its shared texts in place (on the writer thread; in place, so a batch
 *  retried job by job finds them already there). */
function expandShared(tuple: SpanTuple, shared: (string | null)[]): SpanTuple {
  for (const column of SHARED_COLUMNS) {
    const value = tuple[AT[column]];
    if (typeof value === 'number') tuple[AT[column]] = shared[value] ?? null;
  }
  return tuple;
}

// Positional parameters: binding ~70 named parameters per row costs more than the insert.
// And spread, not one array: better-sqlite3 reads an array argument element by element
// through the V8 API (Object::Get per value, ~5% of the writer thread in a perf profile);
// spread values arrive as call arguments. Measured on a 70-column insert: ~2 µs/row less.
function insertSql(table: string, columns: readonly string[], conflict = ''): string {
  return `INSERT ${conflict} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

// A trace whose spans carry no content (its conversation came as GenAI log records, in
// either order) takes its list previews from those records: the latest user input (each call
// re-logs the restored history, so the first would be that history's first question), latest output.
const FILL_PREVIEWS_FROM_LOGS_SQL = `
UPDATE traces SET
  input_preview = COALESCE(input_preview, (SELECT l.input_preview FROM logs l WHERE l.project_id = traces.project_id
    AND l.trace_id = traces.trace_id AND l.input_preview IS NOT NULL ORDER BY l.time_ns DESC LIMIT 1)),
  output_preview = COALESCE(output_preview, (SELECT l.output_preview FROM logs l WHERE l.project_id = traces.project_id
    AND l.trace_id = traces.trace_id AND l.output_preview IS NOT NULL ORDER BY l.time_ns DESC LIMIT 1))
WHERE project_id = ? AND trace_id = ? AND (input_preview IS NULL OR output_preview IS NULL)`;

export class SignalWriter {
  private readonly insertSpan: Database.Statement;
  private readonly insertKey: Database.Statement;
  private readonly maxSpanRowid: Database.Statement;
  private readonly upsertTrace: Database.Statement;
  private readonly insertLog: Database.Statement;
  private readonly insertMetric: Database.Statement;
  private readonly fillPreviewsFromLogs: Database.Statement;

  // Prepared once: a batch only fills them and applies them before it commits.
  private readonly sessions: SessionRollup;
  private readonly traceFacets: TraceFacetCounter;
  private readonly spanFacets: FacetCounter;
  private readonly traceCounts: TraceCounts;
  private readonly resources: ResourceIds;
  private readonly nesting: GenerationNesting;

  constructor(db: Database.Database) {
    this.sessions = new SessionRollup(db);
    this.traceFacets = new TraceFacetCounter(db);
    this.spanFacets = new FacetCounter(db);
    this.traceCounts = new TraceCounts(db);
    this.resources = new ResourceIds(db);
    this.nesting = new GenerationNesting(db);
    // The span's rowid is chosen first (the next one) so its key can point at it.
    this.insertSpan = db.prepare(insertSql('spans', ['id', 'resource_id', ...SPAN_COLUMNS]));
    this.insertKey = db.prepare('INSERT OR IGNORE INTO span_keys (project_id, trace_created_ms, trace_id, span_id, span_rowid) VALUES (?, ?, ?, ?, ?)');
    this.maxSpanRowid = db.prepare('SELECT MAX(id) FROM spans').pluck();
    this.upsertTrace = db.prepare(UPSERT_TRACE_SQL);
    this.insertLog = db.prepare(insertSql('logs', LOG_COLUMNS));
    this.insertMetric = db.prepare(insertSql('metric_points', METRIC_COLUMNS));
    this.fillPreviewsFromLogs = db.prepare(FILL_PREVIEWS_FROM_LOGS_SQL);
  }

  /** Inserts spans and rolls them up into `traces`; returns what was written. */
  writeSpans(batch: SpanBatch, nowMs: number): CommittedSpan[] {
    // An earlier batch may have thrown between adding and applying (it was rolled back).
    for (const pending of [this.spanFacets, this.traceCounts, this.traceFacets, this.resources]) pending.clear();
    const rollups = new Map<string, TraceRollup>();
    const before = new Map<string, TraceTotals | undefined>();
    this.nesting.beginBatch();
    const committed = this.insertSpans(batch, nowMs, rollups, before);
    this.nesting.finishBatch();
    for (const rollup of rollups.values()) this.rollUpTrace(rollup, before.get(traceKeyOf(rollup.project_id, rollup.trace_id)), nowMs);
    this.spanFacets.apply();
    this.traceFacets.apply();
    this.traceCounts.apply();
    return committed;
  }

  /** Inserts the spans not stored yet (their key is new), collecting each trace's roll-up
   *  and its row as it was before the batch. */
  private insertSpans(batch: SpanBatch, nowMs: number, rollups: Map<string, TraceRollup>, before: Map<string, TraceTotals | undefined>): CommittedSpan[] {
    const committed: CommittedSpan[] = [];
    let rowid = Number(this.maxSpanRowid.get() ?? 0) + 1;
    batch.tuples.forEach((packed, i) => {
      const tuple = expandShared(packed, batch.shared);
      const span = readRollupFields(tuple, batch.traceNames[i] ?? null);
      const key = traceKeyOf(span.project_id, span.trace_id);
      if (!before.has(key)) before.set(key, this.sessions.read(span.project_id, span.trace_id));
      // A new trace's row is written at the end of this batch with created_at_ms = nowMs.
      const stored = before.get(key);
      const createdMs = stored?.created_at_ms ?? nowMs;
      const inserted = this.insertKey.run(span.project_id, createdMs, span.trace_id, span.span_id, rowid).changes > 0;
      committed.push({ projectId: span.project_id, traceId: span.trace_id, spanId: span.span_id, sessionId: span.session_id, inserted });
      if (!inserted) return;
      if (this.nesting.childCameFirst(span, createdMs, stored === undefined)) span.usage_counted = tuple[AT.usage_counted] = 0;
      this.insertSpan.run(rowid, this.resources.idOf(batch.shared[batch.resourceOf[i]!]!), ...tuple);
      addToRollup(rollups, key, span);
      this.nesting.settleParent(span, rowid, createdMs, stored === undefined, rollups.get(key)!);
      this.traceFacets.addSpan(key, rowid, (facet) => tuple[AT[facet]]);
      this.spanFacets.addSpan(span.project_id, span.is_genai === 1, (facet) => tuple[AT[facet]]);
      rowid++;
    });
    return committed;
  }

  private rollUpTrace(rollup: TraceRollup, before: TraceTotals | undefined, nowMs: number): void {
    const added = this.traceFacets.addTrace(rollup.project_id, rollup.trace_id, before?.created_at_ms);
    this.upsertTrace.run(...toTraceParams(rollup, nowMs, added));
    if (!rollup.input_preview || !rollup.output_preview) this.fillPreviewsFromLogs.run(rollup.project_id, rollup.trace_id);
    // Read again rather than `RETURNING` from the upsert: with RETURNING, the writer wrote
    // 26 KiB per span instead of 7 (bench/writer.ts, /proc wchar), in temporary files.
    const after = this.sessions.read(rollup.project_id, rollup.trace_id);
    this.sessions.addTraceChange(rollup.project_id, before, after);
    this.traceCounts.addTraceChange(rollup.project_id, before, after);
  }

  writeLogs(rows: LogRow[]): void {
    const tracesWithPreviews = new Map<string, [projectId: string, traceId: string]>();
    for (const row of rows) {
      this.insertLog.run(...pickColumns(row, LOG_COLUMNS));
      if (row.trace_id && (row.input_preview || row.output_preview)) tracesWithPreviews.set(traceKeyOf(row.project_id, row.trace_id), [row.project_id, row.trace_id]);
    }
    for (const [projectId, traceId] of tracesWithPreviews.values()) this.fillPreviewsFromLogs.run(projectId, traceId);
  }

  writeMetricPoints(rows: MetricPointRow[]): void {
    for (const row of rows) this.insertMetric.run(...pickColumns(row, METRIC_COLUMNS));
  }
}

function pickColumns<T extends object>(row: T, columns: readonly (keyof T)[]): unknown[] {
  return mapPacked(columns, (column) => row[column] ?? null);
}

// Built by push: `new Array(n)` filled in (and map() once optimized) gives an array V8 keeps
// "holey", and structured clone writes a holey array the slow way, index by index. Measured
// post + receive of a span batch through a MessageChannel: 8.8 µs/span holey, 3.4 packed.
// test/store/span-batch.test.ts checks batches stay packed after optimization.
function mapPacked<T, U>(items: readonly T[], convert: (item: T) => U): U[] {
  const out: U[] = [];
  for (const item of items) out.push(convert(item));
  return out;
}

const ROLLUP_COLUMNS = ['project_id', 'trace_id', 'span_id', 'parent_span_id', 'name', 'start_ns', 'end_ns', 'is_genai', 'status_code', 'session_id', 'user_id', 'environment', 'release', 'version', 'tags_json', 'input_preview', 'output_preview', 'usage_counted', 'input_tokens', 'output_tokens', 'total_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'total_cost', 'observation_type'] as const satisfies readonly SpanColumn[];

// Cloned from a template with every field: an object grown by ~26 keyed stores falls into
// dictionary mode, which made building it ~3x slower and every later read of it a hash lookup.
const ROLLUP_TEMPLATE: Record<string, unknown> = Object.fromEntries([['trace_name', null], ...ROLLUP_COLUMNS.map((column) => [column, null])]);

function readRollupFields(tuple: SpanTuple, traceName: string | null): RollupSpan {
  const span = { ...ROLLUP_TEMPLATE };
  span.trace_name = traceName;
  for (const column of ROLLUP_COLUMNS) span[column] = tuple[AT[column]];
  return span as unknown as RollupSpan;
}

