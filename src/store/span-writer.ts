// STORE: the SQL that writes OTLP signals. Runs inside the writer's transaction.
// Spans are idempotent on (project_id, trace_id, span_id): a client retry inserts
// nothing and changes no roll-up. The `traces` roll-up is updated once per trace per
// batch from the spans that were really inserted.
import type Database from 'better-sqlite3';
import type { LogRow, MetricPointRow, SpanRow } from './rows.js';
import type { CommittedSpan } from './store-writer.js';
import { FacetCounter } from './span-facets.js';
import { SessionRollup } from './session-rollup.js';
import { TraceCounts } from './trace-counts.js';
import { TraceFacetCounter } from './trace-facets.js';

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
  'ingested_at_ms',
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
  tuples: SpanTuple[];
  /** Per tuple: the trace name a convention asked for (not a span column). */
  traceNames: (string | null)[];
}

export function toSpanBatch(rows: SpanRow[]): SpanBatch {
  return { tuples: rows.map((row) => pickColumns(row, SPAN_COLUMNS)), traceNames: rows.map((row) => row.trace_name ?? null) };
}

// Positional parameters: binding ~70 named parameters per row costs more than the insert.
function insertSql(table: string, columns: readonly string[], conflict = ''): string {
  return `INSERT ${conflict} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

// Trace roll-up: times widen, counters add, the root span names the trace, the first
// known session/user/environment sticks, tags are unioned.
const UPSERT_TRACE_SQL = `
INSERT INTO traces (project_id, trace_id, name, root_span_id, start_ns, end_ns, span_count, genai_span_count,
  error_count, session_id, user_id, environment, release, version, tags_json, input_tokens, output_tokens,
  total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, total_cost, input_preview, output_preview,
  created_at_ms, updated_at_ms)
VALUES (@project_id, @trace_id, @name, @root_span_id, @start_ns, @end_ns, @span_count, @genai_span_count,
  @error_count, @session_id, @user_id, @environment, @release, @version, @tags_json, @input_tokens, @output_tokens,
  @total_tokens, @cache_read_tokens, @cache_write_tokens, @reasoning_tokens, @total_cost, @input_preview,
  @output_preview, @now_ms, @now_ms)
ON CONFLICT (project_id, trace_id) DO UPDATE SET
  name = CASE WHEN excluded.root_span_id IS NOT NULL AND traces.root_span_id IS NULL THEN excluded.name
              WHEN traces.root_span_id IS NULL AND excluded.start_ns < traces.start_ns THEN excluded.name
              ELSE traces.name END,
  root_span_id = COALESCE(traces.root_span_id, excluded.root_span_id),
  start_ns = MIN(traces.start_ns, excluded.start_ns),
  end_ns = MAX(traces.end_ns, excluded.end_ns),
  span_count = traces.span_count + excluded.span_count,
  genai_span_count = traces.genai_span_count + excluded.genai_span_count,
  error_count = traces.error_count + excluded.error_count,
  session_id = COALESCE(traces.session_id, excluded.session_id),
  user_id = COALESCE(traces.user_id, excluded.user_id),
  environment = COALESCE(traces.environment, excluded.environment),
  release = COALESCE(traces.release, excluded.release),
  version = COALESCE(traces.version, excluded.version),
  tags_json = CASE WHEN excluded.tags_json IS NULL THEN traces.tags_json
                   WHEN traces.tags_json IS NULL THEN excluded.tags_json
                   ELSE (SELECT json_group_array(value) FROM (SELECT value FROM json_each(traces.tags_json)
                         UNION SELECT value FROM json_each(excluded.tags_json))) END,
  input_tokens = traces.input_tokens + excluded.input_tokens,
  output_tokens = traces.output_tokens + excluded.output_tokens,
  total_tokens = traces.total_tokens + excluded.total_tokens,
  cache_read_tokens = traces.cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = traces.cache_write_tokens + excluded.cache_write_tokens,
  reasoning_tokens = traces.reasoning_tokens + excluded.reasoning_tokens,
  total_cost = traces.total_cost + excluded.total_cost,
  input_preview = CASE WHEN excluded.root_span_id IS NOT NULL AND excluded.input_preview IS NOT NULL THEN excluded.input_preview
                       ELSE COALESCE(traces.input_preview, excluded.input_preview) END,
  output_preview = CASE WHEN excluded.root_span_id IS NOT NULL AND excluded.output_preview IS NOT NULL THEN excluded.output_preview
                        WHEN traces.root_span_id IS NOT NULL AND traces.output_preview IS NOT NULL THEN traces.output_preview
                        ELSE COALESCE(excluded.output_preview, traces.output_preview) END,
  updated_at_ms = excluded.updated_at_ms`;

// A trace whose spans carry no content (its conversation came as GenAI log records, in
// either order) takes its list previews from those records: first input, latest output.
const FILL_PREVIEWS_FROM_LOGS_SQL = `
UPDATE traces SET
  input_preview = COALESCE(input_preview, (SELECT l.input_preview FROM logs l WHERE l.project_id = traces.project_id
    AND l.trace_id = traces.trace_id AND l.input_preview IS NOT NULL ORDER BY l.time_ns LIMIT 1)),
  output_preview = COALESCE(output_preview, (SELECT l.output_preview FROM logs l WHERE l.project_id = traces.project_id
    AND l.trace_id = traces.trace_id AND l.output_preview IS NOT NULL ORDER BY l.time_ns DESC LIMIT 1))
WHERE project_id = ? AND trace_id = ? AND (input_preview IS NULL OR output_preview IS NULL)`;

interface TraceRollup {
  project_id: string;
  trace_id: string;
  name: string | null;
  root_span_id: string | null;
  start_ns: bigint;
  end_ns: bigint;
  span_count: number;
  genai_span_count: number;
  error_count: number;
  session_id: string | null;
  user_id: string | null;
  environment: string | null;
  release: string | null;
  version: string | null;
  tags: Set<string> | null;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  total_cost: number;
  input_preview: string | null;
  output_preview: string | null;
  output_preview_end_ns: bigint;
}

export class SignalWriter {
  private readonly insertSpan: Database.Statement;
  private readonly upsertTrace: Database.Statement;
  private readonly insertLog: Database.Statement;
  private readonly insertMetric: Database.Statement;
  private readonly fillPreviewsFromLogs: Database.Statement;

  private readonly sessions: SessionRollup;
  private readonly traceFacets: TraceFacetCounter;

  constructor(private readonly db: Database.Database) {
    this.sessions = new SessionRollup(db);
    this.traceFacets = new TraceFacetCounter(db);
    this.insertSpan = db.prepare(insertSql('spans', SPAN_COLUMNS, 'OR IGNORE'));
    this.upsertTrace = db.prepare(UPSERT_TRACE_SQL);
    this.insertLog = db.prepare(insertSql('logs', LOG_COLUMNS));
    this.insertMetric = db.prepare(insertSql('metric_points', METRIC_COLUMNS));
    this.fillPreviewsFromLogs = db.prepare(FILL_PREVIEWS_FROM_LOGS_SQL);
  }

  /** Inserts spans and rolls them up into `traces`; returns what was written. */
  writeSpans(batch: SpanBatch, nowMs: number): CommittedSpan[] {
    const rollups = new Map<string, TraceRollup>();
    const facets = new FacetCounter();
    const committed: CommittedSpan[] = [];
    batch.tuples.forEach((tuple, i) => {
      const result = this.insertSpan.run(tuple);
      const inserted = result.changes > 0;
      const span = readRollupFields(tuple, batch.traceNames[i] ?? null);
      committed.push({ projectId: span.project_id, traceId: span.trace_id, spanId: span.span_id, sessionId: span.session_id, inserted });
      if (!inserted) return;
      addToRollup(rollups, span);
      this.traceFacets.addSpan(span.project_id, span.trace_id, result.lastInsertRowid, tuple[AT.model]);
      facets.addSpan(span.project_id, span.is_genai === 1, (facet) => tuple[AT[facet]]);
    });
    const counts = new TraceCounts(this.db);
    for (const rollup of rollups.values()) {
      const before = this.sessions.read(rollup.project_id, rollup.trace_id);
      this.traceFacets.addTrace(rollup.project_id, rollup.trace_id, before !== undefined);
      this.upsertTrace.run(toTraceParams(rollup, nowMs));
      if (!rollup.input_preview || !rollup.output_preview) this.fillPreviewsFromLogs.run(rollup.project_id, rollup.trace_id);
      const after = this.sessions.read(rollup.project_id, rollup.trace_id);
      this.sessions.addTraceChange(rollup.project_id, before, after);
      counts.addTraceChange(rollup.project_id, before, after);
    }
    facets.apply(this.db);
    this.traceFacets.apply();
    counts.apply();
    return committed;
  }

  writeLogs(rows: LogRow[]): void {
    const tracesWithPreviews = new Set<string>();
    for (const row of rows) {
      this.insertLog.run(pickColumns(row, LOG_COLUMNS));
      if (row.trace_id && (row.input_preview || row.output_preview)) tracesWithPreviews.add(`${row.project_id}\u0000${row.trace_id}`);
    }
    for (const key of tracesWithPreviews) this.fillPreviewsFromLogs.run(...key.split('\u0000'));
  }

  writeMetricPoints(rows: MetricPointRow[]): void {
    for (const row of rows) this.insertMetric.run(pickColumns(row, METRIC_COLUMNS));
  }
}

function pickColumns<T extends object>(row: T, columns: readonly (keyof T)[]): unknown[] {
  const params = new Array<unknown>(columns.length);
  for (let i = 0; i < columns.length; i++) params[i] = row[columns[i]!] ?? null;
  return params;
}

/** The fields of a span the trace roll-up needs, read back from its tuple. */
type RollupSpan = Pick<SpanRow, 'project_id' | 'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'start_ns' | 'end_ns' | 'is_genai' | 'status_code' | 'session_id' | 'user_id' | 'environment' | 'release' | 'version' | 'tags_json' | 'input_preview' | 'output_preview' | 'usage_counted' | 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cache_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens' | 'total_cost' | 'trace_name'>;

const ROLLUP_COLUMNS = ['project_id', 'trace_id', 'span_id', 'parent_span_id', 'name', 'start_ns', 'end_ns', 'is_genai', 'status_code', 'session_id', 'user_id', 'environment', 'release', 'version', 'tags_json', 'input_preview', 'output_preview', 'usage_counted', 'input_tokens', 'output_tokens', 'total_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'total_cost'] as const satisfies readonly SpanColumn[];

function readRollupFields(tuple: SpanTuple, traceName: string | null): RollupSpan {
  const span: Record<string, unknown> = { trace_name: traceName };
  for (const column of ROLLUP_COLUMNS) span[column] = tuple[AT[column]];
  return span as unknown as RollupSpan;
}

function addToRollup(rollups: Map<string, TraceRollup>, row: RollupSpan): void {
  const key = row.project_id + '\u0000' + row.trace_id;
  let r = rollups.get(key);
  const isRoot = !row.parent_span_id;
  if (!r) {
    r = newRollup(row);
    rollups.set(key, r);
  } else {
    if ((isRoot && !r.root_span_id) || (!r.root_span_id && row.start_ns < r.start_ns)) r.name = row.trace_name ?? row.name;
    if (isRoot && !r.root_span_id) r.root_span_id = row.span_id;
    if (row.start_ns < r.start_ns) r.start_ns = row.start_ns;
    if (row.end_ns > r.end_ns) r.end_ns = row.end_ns;
    r.span_count++;
    r.genai_span_count += row.is_genai;
    r.error_count += row.status_code === 2 ? 1 : 0;
    r.session_id ??= row.session_id;
    r.user_id ??= row.user_id;
    r.environment ??= row.environment;
    r.release ??= row.release;
    r.version ??= row.version;
    mergePreviews(r, row, isRoot);
  }
  mergeTags(r, row.tags_json);
  if (row.usage_counted) addUsage(r, row);
}

function newRollup(row: RollupSpan): TraceRollup {
  const isRoot = !row.parent_span_id;
  return {
    project_id: row.project_id, trace_id: row.trace_id, name: row.trace_name ?? row.name,
    root_span_id: isRoot ? row.span_id : null, start_ns: row.start_ns, end_ns: row.end_ns, span_count: 1,
    genai_span_count: row.is_genai, error_count: row.status_code === 2 ? 1 : 0, session_id: row.session_id,
    user_id: row.user_id, environment: row.environment, release: row.release, version: row.version, tags: null,
    input_tokens: 0, output_tokens: 0, total_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0,
    reasoning_tokens: 0, total_cost: 0, input_preview: row.input_preview, output_preview: row.output_preview,
    output_preview_end_ns: row.end_ns,
  };
}

function mergePreviews(r: TraceRollup, row: RollupSpan, isRoot: boolean): void {
  if (isRoot && row.input_preview) r.input_preview = row.input_preview;
  else r.input_preview ??= row.input_preview;
  if (!row.output_preview) return;
  if (isRoot || !r.output_preview || (r.root_span_id === null && row.end_ns >= r.output_preview_end_ns)) {
    r.output_preview = row.output_preview;
    r.output_preview_end_ns = isRoot ? BigInt('0x7fffffffffffffff') : row.end_ns;
  }
}

function mergeTags(r: TraceRollup, tagsJson: string | null): void {
  if (!tagsJson) return;
  try {
    const tags: unknown = JSON.parse(tagsJson);
    if (!Array.isArray(tags)) return;
    r.tags ??= new Set();
    for (const tag of tags) if (typeof tag === 'string') r.tags.add(tag);
  } catch {
    // a malformed tags column is ignored for the roll-up; the span keeps it raw
  }
}

function addUsage(r: TraceRollup, row: RollupSpan): void {
  r.input_tokens += row.input_tokens ?? 0;
  r.output_tokens += row.output_tokens ?? 0;
  r.total_tokens += row.total_tokens ?? 0;
  r.cache_read_tokens += row.cache_read_tokens ?? 0;
  r.cache_write_tokens += row.cache_write_tokens ?? 0;
  r.reasoning_tokens += row.reasoning_tokens ?? 0;
  r.total_cost += row.total_cost ?? 0;
}

function toTraceParams(r: TraceRollup, nowMs: number): Record<string, unknown> {
  const { tags, output_preview_end_ns: _end, ...rest } = r;
  return { ...rest, tags_json: tags && tags.size > 0 ? JSON.stringify([...tags]) : null, now_ms: nowMs };
}
