// STORE (read side): span lookups — the span list with filters, the spans of a trace,
// one span, and the message-bearing rows (span messages + GenAI log records) the
// conversation view is built from. Output rows are snake_case; ns times are decimal text.
import type Database from 'better-sqlite3';
import type { StoredSpanRow } from '../shared/rows.js';
import { STORED_SPAN_COLUMNS, type StoredSpanColumns } from '../shared/stored-span.js';
import { compileFilter } from './filter-sql.js';
import type { ColumnMap, ColumnSpec } from '../shared/column-spec.js';
import { prepareCached } from '../shared/read-cache.js';
import { narrowsToTraces, spanRowidsOfTraces, spanTraceIdColumn } from '../shared/span-keys.js';
import { countCached, type ListOptions, type Page } from './trace-queries.js';
import { SPAN_ATTRIBUTE_SQL, spanResourceJson } from '../shared/span-resources.js';

export type SpanRecord = Pick<StoredSpanRow,
  'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'kind' | 'start_ns' | 'end_ns' | 'duration_ns' |
  'status_code' | 'status_message' | 'observation_type' | 'category' | 'is_genai' | 'framework' |
  'provider' | 'request_model' | 'response_model' | 'model' | 'operation_name' | 'agent_name' | 'tool_name' |
  'tool_call_id' | 'finish_reasons_json' | 'session_id' | 'user_id' | 'environment' | 'tags_json' | 'level' |
  'completion_start_ns' | 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cache_read_tokens' |
  'cache_write_tokens' | 'reasoning_tokens' | 'input_cost' | 'output_cost' | 'cache_read_cost' |
  'cache_write_cost' | 'reasoning_cost' | 'total_cost' | 'usage_counted' | 'input_preview' | 'output_preview' | 'clock_skew_json'> & {
  event_count: number;
  link_count: number;
};

/** The raw OTLP columns, added when a caller asks for the raw span. */
export interface RawSpanColumns {
  trace_state: string | null;
  flags: number;
  attributes_json: string;
  events_json: string | null;
  links_json: string | null;
  resource_json: string;
  resource_schema_url: string | null;
  scope_name: string | null;
  scope_version: string | null;
  scope_json: string | null;
  scope_schema_url: string | null;
  dropped_attributes_count: number;
  dropped_events_count: number;
  dropped_links_count: number;
  model_parameters_json: string | null;
  metadata_json: string | null;
}

export const SPAN_SELECT = `s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, CAST(s.start_ns AS TEXT) AS start_ns,
  CAST(s.end_ns AS TEXT) AS end_ns, CAST(s.duration_ns AS TEXT) AS duration_ns, s.status_code, s.status_message,
  s.observation_type, s.category, s.is_genai, s.framework, s.provider, s.request_model, s.response_model, s.model,
  s.operation_name, s.agent_name, s.tool_name, s.tool_call_id, s.finish_reasons_json, s.session_id, s.user_id,
  s.environment, s.tags_json, s.level, CAST(s.completion_start_ns AS TEXT) AS completion_start_ns, s.input_tokens,
  s.output_tokens, s.total_tokens, s.cache_read_tokens, s.cache_write_tokens, s.reasoning_tokens, s.input_cost,
  s.output_cost, s.cache_read_cost, s.cache_write_cost, s.reasoning_cost, s.total_cost, s.usage_counted,
  COALESCE(json_array_length(s.events_json), 0) AS event_count, COALESCE(json_array_length(s.links_json), 0) AS link_count,
  s.input_preview, s.output_preview, s.clock_skew_json`;

const RAW_SELECT = `s.trace_state, s.flags, s.attributes_json, s.events_json, s.links_json, ${spanResourceJson('s')} AS resource_json,
  s.resource_schema_url, s.scope_name, s.scope_version, s.scope_json, s.scope_schema_url, s.dropped_attributes_count,
  s.dropped_events_count, s.dropped_links_count, s.model_parameters_json, s.metadata_json`;

export const SPAN_SORT_COLUMNS: Record<string, string> = {
  start_time: 's.start_ns',
  timestamp_start: 's.start_ns',
  end_time: 's.end_ns',
  timestamp_end: 's.end_ns',
  duration_ms: 's.duration_ns',
  span_name: 's.name',
  total_tokens: 's.total_tokens',
  total_cost: 's.total_cost',
};

export interface ListSpansOptions extends ListOptions {
  traceId?: string;
  sessionId?: string;
  userId?: string;
  environments?: string[];
  observationType?: string;
  category?: string;
  framework?: string;
  model?: string;
  /** 'ok' | 'error' | 'unset' or the numeric OTLP code. */
  statusCode?: number;
  includeRaw: boolean;
}

/** The filterable columns of the span list. */
export function spanFilterColumns(projectId: string): ColumnMap {
  const str = (sql: string): ColumnSpec => ({ sql, type: 'string' });
  const num = (sql: string): ColumnSpec => ({ sql, type: 'number' });
  return {
    trace_id: spanTraceIdColumn(projectId), span_id: str('s.span_id'), parent_span_id: str('s.parent_span_id'),
    span_name: str('s.name'), name: str('s.name'), session_id: str('s.session_id'), user_id: str('s.user_id'),
    environment: str('s.environment'), observation_type: str('s.observation_type'), category: str('s.category'),
    span_category: str('s.category'), framework: str('s.framework'), model: str('s.model'),
    gen_ai_request_model: str('s.request_model'), response_model: str('s.response_model'), provider: str('s.provider'),
    gen_ai_system: str('s.provider'), agent_name: str('s.agent_name'), gen_ai_agent_name: str('s.agent_name'),
    tool_name: str('s.tool_name'), operation_name: str('s.operation_name'), level: str('s.level'),
    status_code: { sql: `(CASE s.status_code WHEN 1 THEN 'OK' WHEN 2 THEN 'ERROR' ELSE 'UNSET' END)`, type: 'string' },
    is_genai: { sql: 's.is_genai', type: 'bool' },
    clock_skew: { sql: '(s.clock_skew_json IS NOT NULL)', type: 'bool' },
    start_time: { sql: 's.start_ns', type: 'time_ns' }, timestamp_start: { sql: 's.start_ns', type: 'time_ns' },
    end_time: { sql: 's.end_ns', type: 'time_ns' }, timestamp_end: { sql: 's.end_ns', type: 'time_ns' },
    duration_ms: num('(s.duration_ns / 1000000.0)'), input_tokens: num('s.input_tokens'),
    output_tokens: num('s.output_tokens'), total_tokens: num('s.total_tokens'),
    gen_ai_usage_total_tokens: num('s.total_tokens'), total_cost: num('s.total_cost'),
    gen_ai_cost_total: num('s.total_cost'), tags: { sql: 's.tags_json', type: 'json_array' },
    attributes: { sql: SPAN_ATTRIBUTE_SQL, type: 'json_object', termIndexRowid: 's.id' },
    metadata: { sql: 'json_extract(s.metadata_json, {path})', type: 'json_object' },
  };
}

function buildSpanWhere(options: ListSpansOptions): { where: string; params: unknown[] } {
  const clauses = ['s.project_id = ?'];
  const params: unknown[] = [options.projectId];
  const equal = (sql: string, value: unknown) => {
    if (value === undefined) return;
    clauses.push(`${sql} = ?`);
    params.push(value);
  };
  if (options.traceId !== undefined) {
    clauses.push(`s.id IN (${spanRowidsOfTraces('tk.trace_id = ?')})`);
    params.push(options.projectId, options.traceId);
  }
  equal('s.session_id', options.sessionId);
  equal('s.user_id', options.userId);
  equal('s.observation_type', options.observationType);
  equal('s.category', options.category);
  equal('s.framework', options.framework);
  equal('s.model', options.model);
  equal('s.status_code', options.statusCode);
  if (options.environments && options.environments.length > 0) {
    clauses.push(`s.environment IN (${options.environments.map(() => '?').join(', ')})`);
    params.push(...options.environments);
  }
  if (options.fromNs !== undefined) clauses.push('s.start_ns >= ?'), params.push(options.fromNs);
  if (options.toNs !== undefined) clauses.push('s.start_ns <= ?'), params.push(options.toNs);
  if (options.filter) {
    const compiled = compileFilter(options.filter, spanFilterColumns(options.projectId));
    clauses.push(compiled.sql);
    params.push(...compiled.params);
  }
  return { where: clauses.join(' AND '), params };
}

export function listSpans(db: Database.Database, options: ListSpansOptions): Page<SpanRecord & Partial<RawSpanColumns>> {
  const { where, params } = buildSpanWhere(options);
  const sortSql = SPAN_SORT_COLUMNS[options.orderBy.column] ?? 's.start_ns';
  const dir = options.orderBy.direction === 'asc' ? 'ASC' : 'DESC';
  const select = options.includeRaw ? `${SPAN_SELECT}, ${RAW_SELECT}` : SPAN_SELECT;
  // Narrowed to one trace (or a trace_id filter): by rowid through the span keys.
  const from = options.traceId !== undefined || narrowsToTraces(options.filter, 'trace_id') ? 'spans s NOT INDEXED' : 'spans s';
  const sql = `SELECT ${select} FROM ${from} WHERE ${where} ORDER BY ${sortSql} ${dir}, s.id ${dir} LIMIT ? OFFSET ?`;
  const rows = prepareCached(db, sql).all(...params, options.limit, (options.page - 1) * options.limit) as SpanRecord[];
  const total = countCached(db, `SELECT COUNT(*) FROM ${from} WHERE ${where}`, params, options, rows.length);
  return { rows, total };
}

/** Every span of a trace, ordered by start then end time. */
export function listTraceSpans(db: Database.Database, projectId: string, traceId: string, includeRaw: boolean): (SpanRecord & Partial<RawSpanColumns>)[] {
  const select = includeRaw ? `${SPAN_SELECT}, ${RAW_SELECT}` : SPAN_SELECT;
  return prepareCached(db, `SELECT ${select} FROM spans s WHERE s.id IN (${spanRowidsOfTraces('tk.trace_id = ?')}) ORDER BY s.start_ns, s.end_ns, s.span_id`).all(
    projectId,
    traceId,
  ) as SpanRecord[];
}

export function findSpan(db: Database.Database, projectId: string, traceId: string, spanId: string, includeRaw: boolean): (SpanRecord & Partial<RawSpanColumns>) | undefined {
  const select = includeRaw ? `${SPAN_SELECT}, ${RAW_SELECT}` : SPAN_SELECT;
  return prepareCached(db, `SELECT ${select} FROM spans s WHERE s.id IN (${spanRowidsOfTraces('tk.trace_id = ? AND k.span_id = ?')})`).get(
    projectId,
    traceId,
    spanId,
  ) as SpanRecord | undefined;
}

/** What the conversation view needs of a span: its raw columns (messages are derived from
 *  them at read time) and what each message is labelled with. */
export interface MessageSpanRecord extends StoredSpanColumns {
  observation_type: string;
  model: string | null;
  provider: string | null;
  total_tokens: number | null;
  total_cost: number | null;
  usage_counted: number;
}

/** A GenAI log record carrying messages (OTel GenAI event logs). */
export interface MessageLogRecord {
  trace_id: string;
  span_id: string | null;
  time_ns: string;
  messages_json: string;
}

const MESSAGE_SPAN_SELECT = `${STORED_SPAN_COLUMNS}, s.observation_type, s.model, s.provider, s.total_tokens, s.total_cost,
  s.usage_counted`;

/** The spans of some traces (all of them, so totals and the span tree stay complete), oldest first. */
export function listMessageSpans(db: Database.Database, projectId: string, traceIds: string[]): MessageSpanRecord[] {
  if (traceIds.length === 0) return [];
  const sql = `SELECT ${MESSAGE_SPAN_SELECT} FROM spans s WHERE s.id IN (${spanRowidsOfTraces('tk.trace_id IN (SELECT value FROM json_each(?))')})
    ORDER BY s.start_ns, s.end_ns, s.span_id`;
  return prepareCached(db, sql).all(projectId, JSON.stringify(traceIds)) as MessageSpanRecord[];
}

export function listMessageLogs(db: Database.Database, projectId: string, traceIds: string[]): MessageLogRecord[] {
  if (traceIds.length === 0) return [];
  const sql = `SELECT l.trace_id, l.span_id, CAST(l.time_ns AS TEXT) AS time_ns, l.messages_json FROM logs l INDEXED BY logs_project_trace
    WHERE l.project_id = ? AND l.trace_id IN (SELECT value FROM json_each(?)) AND l.messages_json IS NOT NULL
    ORDER BY l.time_ns, l.id`;
  return prepareCached(db, sql).all(projectId, JSON.stringify(traceIds)) as MessageLogRecord[];
}
