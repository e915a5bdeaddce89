// QUERY CORE (analytics family): the fields of the analytics API's `Trace` row (one row per
// span, ../shared/spec/analytics-api.openapi.yaml) as filterable, sortable SQL over span rows
// `s`. The one allowlist: a field name that is not here never reaches SQL.
import type { ColumnMap, ColumnSpec } from '../shared/column-spec.js';
import { SPAN_ATTRIBUTE_SQL, spanResourceJson } from '../shared/span-resources.js';
import { SPAN_TEXT_INDEX, spanTextSql, TEXT_INDEXED_TO_SQL } from '../write/span-text-index.js';

/** Every field of the spec's Trace schema, in the spec's order. */
export const ANALYTICS_FIELDS = [
  'ts', 'trace_id', 'span_id', 'parent_span_id', 'service_name', 'span_name', 'provider', 'model', 'input_text',
  'output_text', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'prompt_cost_usd', 'completion_cost_usd',
  'total_cost_usd', 'duration_ms', 'ttft_ms', 'status_code', 'error_message', 'user_id', 'session_id', 'environment',
  'tags', 'attributes',
] as const;

export type AnalyticsField = (typeof ANALYTICS_FIELDS)[number];

export function isAnalyticsField(name: string): name is AnalyticsField {
  return (ANALYTICS_FIELDS as readonly string[]).includes(name);
}

/** The spec's status_code: OTLP ERROR is "ERROR", OK and UNSET are "SUCCESS". */
const STATUS_SQL = `(CASE s.status_code WHEN 2 THEN 'ERROR' ELSE 'SUCCESS' END)`;
const SERVICE_NAME_SQL = `json_extract(${spanResourceJson('s')}, '$."service.name"')`;
const TTFT_SQL = '(CASE WHEN s.completion_start_ns IS NULL THEN NULL ELSE (s.completion_start_ns - s.start_ns) / 1000000 END)';

const str = (sql: string): ColumnSpec => ({ sql, type: 'string' });
const num = (sql: string): ColumnSpec => ({ sql, type: 'number' });

function textColumn(which: 'input' | 'output'): ColumnSpec {
  return {
    sql: spanTextSql(which), type: 'string',
    textIndex: { index: SPAN_TEXT_INDEX, column: `${which}_text`, rowid: 's.id', indexedTo: TEXT_INDEXED_TO_SQL, tailSql: spanTextSql(which) },
  };
}

/** Filterable fields. `input_text` / `output_text` are the normalized conversation's text,
 *  derived per row (string operators read every candidate span's raw conversation: narrow them
 *  by time or other fields) with `search` through the full-text index
 *  (store/write/span-text-index.ts); `attributes` takes `attributes.<key>` conditions. */
export const ANALYTICS_COLUMNS: ColumnMap = {
  ts: { sql: 's.start_ns', type: 'time_ns' },
  trace_id: str('s.trace_id'),
  span_id: str('s.span_id'),
  parent_span_id: str('s.parent_span_id'),
  service_name: str(SERVICE_NAME_SQL),
  span_name: str('s.name'),
  provider: str('s.provider'),
  model: str('s.model'),
  input_text: textColumn('input'),
  output_text: textColumn('output'),
  prompt_tokens: num('s.input_tokens'),
  completion_tokens: num('s.output_tokens'),
  total_tokens: num('s.total_tokens'),
  prompt_cost_usd: num('s.input_cost'),
  completion_cost_usd: num('s.output_cost'),
  total_cost_usd: num('s.total_cost'),
  // Rounded to whole ms as the row shows it (the spec's duration_ms is an integer).
  duration_ms: num('ROUND(s.duration_ns / 1000000.0)'),
  ttft_ms: num(TTFT_SQL),
  status_code: str(STATUS_SQL),
  error_message: str(`(CASE WHEN s.status_code = 2 THEN s.status_message END)`),
  user_id: str('s.user_id'),
  session_id: str('s.session_id'),
  environment: str('s.environment'),
  tags: { sql: 's.tags_json', type: 'json_array' },
  attributes: { sql: SPAN_ATTRIBUTE_SQL, type: 'json_object', termIndexRowid: 's.id' },
};

/** Sortable fields and the SQL each sorts by. A missing value sorts as the lowest (so the
 *  keyset cursor compares plain values): '' for text, -1 for numbers (none is negative). */
export const ANALYTICS_SORT_SQL: Record<string, { sql: string; type: 'int' | 'real' | 'text' }> = {
  ts: { sql: 's.start_ns', type: 'int' },
  duration_ms: { sql: 's.duration_ns', type: 'int' },
  ttft_ms: { sql: `COALESCE(${TTFT_SQL}, -1)`, type: 'int' },
  prompt_tokens: { sql: 'COALESCE(s.input_tokens, -1)', type: 'int' },
  completion_tokens: { sql: 'COALESCE(s.output_tokens, -1)', type: 'int' },
  total_tokens: { sql: 'COALESCE(s.total_tokens, -1)', type: 'int' },
  prompt_cost_usd: { sql: 'COALESCE(s.input_cost, -1)', type: 'real' },
  completion_cost_usd: { sql: 'COALESCE(s.output_cost, -1)', type: 'real' },
  total_cost_usd: { sql: 'COALESCE(s.total_cost, -1)', type: 'real' },
  span_name: { sql: 's.name', type: 'text' },
  provider: { sql: `COALESCE(s.provider, '')`, type: 'text' },
  model: { sql: `COALESCE(s.model, '')`, type: 'text' },
  service_name: { sql: `COALESCE(${SERVICE_NAME_SQL}, '')`, type: 'text' },
  status_code: { sql: STATUS_SQL, type: 'text' },
  user_id: { sql: `COALESCE(s.user_id, '')`, type: 'text' },
  session_id: { sql: `COALESCE(s.session_id, '')`, type: 'text' },
  environment: { sql: `COALESCE(s.environment, '')`, type: 'text' },
  trace_id: { sql: 's.trace_id', type: 'text' },
  span_id: { sql: 's.span_id', type: 'text' },
  // Full-text relevance (BM25) of the search that every row must match, best first: the
  // query reads it from the index beside each row (store/read/analytics-queries.ts).
  relevance: { sql: 'm.rank', type: 'real' },
};

export const ANALYTICS_SORT_FIELDS = Object.keys(ANALYTICS_SORT_SQL);
