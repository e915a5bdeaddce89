// STORE (reads): spans seen as Langfuse observations. Input: a project, a filter AST over
// the OBSERVATION_COLUMNS allowlist, paging (page/limit or a keyset cursor). Output:
// ObservationRow objects (snake_case; ns times as exact decimal strings).
import type Database from 'better-sqlite3';
import type { StoredSpanRow } from '../shared/rows.js';
import { prepareCached } from '../shared/read-cache.js';
import { countCached } from './trace-queries.js';
import { narrowsToTraces, spanRowidsOfTraces, spanTraceIdColumn } from '../shared/span-keys.js';
import { countProjectSpans } from '../write/span-facets.js';
import { compileFilter } from './filter-sql.js';
import type { ColumnMap } from '../shared/column-spec.js';
import type { FilterNode } from '../shared/filter-ast.js';
import { spanResourceJson } from '../shared/span-resources.js';

/** Langfuse observation type of a span: our observation_type upper-cased where Langfuse has it. */
export const OBSERVATION_TYPE_SQL = `CASE s.observation_type
  WHEN 'generation' THEN 'GENERATION' WHEN 'tool' THEN 'TOOL' WHEN 'agent' THEN 'AGENT'
  WHEN 'chain' THEN 'CHAIN' WHEN 'retriever' THEN 'RETRIEVER' WHEN 'evaluator' THEN 'EVALUATOR'
  WHEN 'embedding' THEN 'EMBEDDING' WHEN 'guardrail' THEN 'GUARDRAIL' WHEN 'event' THEN 'EVENT'
  ELSE 'SPAN' END`;

/** An explicit level wins; otherwise an OTel error status (2) is ERROR. */
export const OBSERVATION_LEVEL_SQL = `COALESCE(s.level, CASE WHEN s.status_code = 2 THEN 'ERROR' ELSE 'DEFAULT' END)`;

const DURATION_SECONDS_SQL = '((s.end_ns - s.start_ns) / 1e9)';
const PROMPT_NAME_SQL = `json_extract(s.attributes_json, '$."langfuse.observation.prompt.name"')`;
const PROMPT_VERSION_SQL = `json_extract(s.attributes_json, '$."langfuse.observation.prompt.version"')`;

/** API column name -> SQL, for the `filter` parameter and the simple query parameters.
 *  Latency-like columns are in seconds, as Langfuse's filter documentation says. */
export const OBSERVATION_COLUMNS: ColumnMap = {
  id: { sql: 's.span_id', type: 'string' },
  type: { sql: OBSERVATION_TYPE_SQL, type: 'string' },
  name: { sql: 's.name', type: 'string' },
  traceId: { sql: 's.trace_id', type: 'string' }, // whereFor() binds it to the project's span keys
  parentObservationId: { sql: 's.parent_span_id', type: 'string' },
  isRootObservation: { sql: '(s.parent_span_id IS NULL)', type: 'bool' },
  startTime: { sql: 's.start_ns', type: 'time_ns' },
  endTime: { sql: 's.end_ns', type: 'time_ns' },
  environment: { sql: "COALESCE(s.environment, 'default')", type: 'string' },
  level: { sql: OBSERVATION_LEVEL_SQL, type: 'string' },
  statusMessage: { sql: 's.status_message', type: 'string' },
  version: { sql: 's.version', type: 'string' },
  userId: { sql: 'COALESCE(t.user_id, s.user_id)', type: 'string' },
  sessionId: { sql: 'COALESCE(s.session_id, t.session_id)', type: 'string' },
  traceName: { sql: 't.name', type: 'string' },
  traceEnvironment: { sql: "COALESCE(t.environment, 'default')", type: 'string' },
  traceTags: { sql: 't.tags_json', type: 'json_array' },
  tags: { sql: 't.tags_json', type: 'json_array' },
  latency: { sql: DURATION_SECONDS_SQL, type: 'number' },
  timeToFirstToken: { sql: '((s.completion_start_ns - s.start_ns) / 1e9)', type: 'number' },
  tokensPerSecond: {
    sql: `(CASE WHEN s.end_ns > s.start_ns THEN s.output_tokens / ${DURATION_SECONDS_SQL} END)`,
    type: 'number',
  },
  inputTokens: { sql: 's.input_tokens', type: 'number' },
  outputTokens: { sql: 's.output_tokens', type: 'number' },
  totalTokens: { sql: 's.total_tokens', type: 'number' },
  tokens: { sql: 's.total_tokens', type: 'number' },
  inputCost: { sql: 's.input_cost', type: 'number' },
  outputCost: { sql: 's.output_cost', type: 'number' },
  totalCost: { sql: 's.total_cost', type: 'number' },
  model: { sql: 'COALESCE(s.model, s.response_model, s.request_model)', type: 'string' },
  providedModelName: { sql: 'COALESCE(s.model, s.response_model, s.request_model)', type: 'string' },
  promptName: { sql: PROMPT_NAME_SQL, type: 'string' },
  promptVersion: { sql: PROMPT_VERSION_SQL, type: 'number' },
  input: { sql: 's.input_json', type: 'string' },
  output: { sql: 's.output_json', type: 'string' },
  metadata: { sql: 'json_extract(s.metadata_json, {path})', type: 'json_object' },
};

export type ObservationRow = Pick<StoredSpanRow,
  'project_id' | 'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'observation_type' | 'start_ns' |
  'end_ns' | 'completion_start_ns' | 'status_code' | 'status_message' | 'level' | 'environment' | 'version' |
  'session_id' | 'user_id' | 'model' | 'request_model' | 'response_model' | 'model_parameters_json' |
  'input_json' | 'output_json' | 'kind' | 'events_json' | 'metadata_json' | 'attributes_json' |
  'resource_json' | 'scope_name' | 'scope_version' | 'input_tokens' | 'output_tokens' | 'total_tokens' |
  'cache_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens' | 'input_cost' | 'output_cost' |
  'cache_read_cost' | 'cache_write_cost' | 'reasoning_cost' | 'total_cost' | 'ingested_at_ms'> & {
  trace_name: string | null;
  trace_user_id: string | null;
  trace_session_id: string | null;
  trace_tags_json: string | null;
  trace_release: string | null;
};

const JOIN_TRACE = 'LEFT JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id';

const selectObservations = (spans = 'spans s') => `
SELECT s.project_id, s.trace_id, s.span_id, s.parent_span_id, s.name, s.observation_type,
  CAST(s.start_ns AS TEXT) AS start_ns, CAST(s.end_ns AS TEXT) AS end_ns,
  CAST(s.completion_start_ns AS TEXT) AS completion_start_ns,
  s.status_code, s.status_message, s.level, s.environment, s.version, s.session_id, s.user_id,
  s.model, s.request_model, s.response_model, s.model_parameters_json, s.input_json, s.output_json,
  s.kind, s.events_json, s.metadata_json, s.attributes_json, ${spanResourceJson('s')} AS resource_json, s.scope_name, s.scope_version,
  s.input_tokens, s.output_tokens, s.total_tokens, s.cache_read_tokens, s.cache_write_tokens, s.reasoning_tokens,
  s.input_cost, s.output_cost, s.cache_read_cost, s.cache_write_cost, s.reasoning_cost, s.total_cost,
  s.ingested_at_ms,
  t.name AS trace_name, t.user_id AS trace_user_id, t.session_id AS trace_session_id,
  t.tags_json AS trace_tags_json, t.release AS trace_release
FROM ${spans}
${JOIN_TRACE}`;
const SELECT_OBSERVATIONS = selectObservations();

interface ObservationWhere {
  sql: string;
  params: unknown[];
  /** How spans are read: by rowid when the filter names traces (store/shared/span-keys.ts). */
  spans: string;
}

/** The span a directly ingested trace is stored as (src/direct-ingest/span-mapping.ts) holds the
 *  trace itself: Langfuse's API has no observation for it. */
export const DIRECT_TRACE_SCOPE = 'tracelite.direct.trace';
const NOT_A_TRACE = `s.scope_name IS NOT '${DIRECT_TRACE_SCOPE}'`;

function whereFor(projectId: string, filter: FilterNode): ObservationWhere {
  const compiled = compileFilter(filter, { ...OBSERVATION_COLUMNS, traceId: spanTraceIdColumn(projectId) });
  const spans = narrowsToTraces(filter, 'traceId') ? 'spans s NOT INDEXED' : 'spans s';
  return { sql: `s.project_id = ? AND ${NOT_A_TRACE} AND ${compiled.sql}`, params: [projectId, ...compiled.params], spans };
}

/** One page (newest first) and the total count of matching observations. */
export function listObservationsPage(
  db: Database.Database,
  projectId: string,
  filter: FilterNode,
  page: { page: number; limit: number },
): { rows: ObservationRow[]; total: number } {
  const where = whereFor(projectId, filter);
  const rows = prepareCached(db, `${selectObservations(where.spans)} WHERE ${where.sql} ORDER BY s.start_ns DESC, s.trace_id DESC, s.span_id DESC LIMIT ? OFFSET ?`)
    .all(...where.params, page.limit, (page.page - 1) * page.limit) as ObservationRow[];
  return { rows, total: isEmptyFilter(filter) ? countProjectSpans(db, projectId) : countObservations(db, where, page, rows.length) };
}

function isEmptyFilter(filter: FilterNode): boolean {
  return 'and' in filter && filter.and.length === 0;
}

function countObservations(db: Database.Database, where: ObservationWhere, page: { page: number; limit: number }, pageRows: number): number {
  // Without a trace column in the filter the join is dead weight for the count: spans alone
  // let SQLite count through the narrow (project_id, start_ns) index.
  const from = /\bt\./.test(where.sql) ? `FROM ${where.spans} ${JOIN_TRACE}` : `FROM ${where.spans}`;
  return countCached(db, `SELECT COUNT(*) ${from} WHERE ${where.sql}`, where.params, page, pageRows);
}

/** Keyset position: the last row of the previous page, in the (start, trace, span) order. */
export interface ObservationCursor {
  startNs: bigint;
  traceId: string;
  spanId: string;
}

/** Up to `limit` observations after the cursor, newest first. */
export function listObservationsAfter(
  db: Database.Database,
  projectId: string,
  filter: FilterNode,
  cursor: ObservationCursor | null,
  limit: number,
): ObservationRow[] {
  const where = whereFor(projectId, filter);
  const keyset = cursor ? ' AND (s.start_ns, s.trace_id, s.span_id) < (?, ?, ?)' : '';
  const keysetParams = cursor ? [cursor.startNs, cursor.traceId, cursor.spanId] : [];
  return db
    .prepare(`${selectObservations(where.spans)} WHERE ${where.sql}${keyset} ORDER BY s.start_ns DESC, s.trace_id DESC, s.span_id DESC LIMIT ?`)
    .all(...where.params, ...keysetParams, limit) as ObservationRow[];
}

// No index leads with the span id (random keys; see span-keys.ts), so a lookup by id alone
// scans the project's span keys: ~80 bytes each, where the spans themselves are ~3 KB
// (1M-span database, 200k in the project: 23 ms warm and 0.7 s cold, against 92 ms and 13.6 s).
/** One observation by id. Span ids are unique per trace, so the newest match wins if two traces share one. */
export function findObservation(db: Database.Database, projectId: string, spanId: string): ObservationRow | undefined {
  return db
    .prepare(`${SELECT_OBSERVATIONS} WHERE s.id IN (SELECT k.span_rowid FROM span_keys k WHERE k.project_id = ? AND k.span_id = ?)
      AND ${NOT_A_TRACE} ORDER BY s.start_ns DESC LIMIT 1`)
    .get(projectId, spanId) as ObservationRow | undefined;
}

/** Every observation of one trace, in start order (a trace's detail view). */
export function listObservationsOfTrace(db: Database.Database, projectId: string, traceId: string): ObservationRow[] {
  return db
    .prepare(`${SELECT_OBSERVATIONS} WHERE s.id IN (${spanRowidsOfTraces('tk.trace_id = ?')}) AND ${NOT_A_TRACE} ORDER BY s.start_ns, s.span_id`)
    .all(projectId, traceId) as ObservationRow[];
}

/** Observation ids per trace for a page of traces (the trace list shows ids only). */
export function listObservationIdsOfTraces(db: Database.Database, projectId: string, traceIds: string[]): Map<string, string[]> {
  const byTrace = new Map<string, string[]>();
  if (traceIds.length === 0) return byTrace;
  const marks = traceIds.map(() => '?').join(', ');
  const rows = db
    .prepare(`SELECT s.trace_id, s.span_id FROM spans s WHERE s.id IN (${spanRowidsOfTraces(`tk.trace_id IN (${marks})`)}) AND ${NOT_A_TRACE} ORDER BY s.start_ns, s.span_id`)
    .all(projectId, ...traceIds) as { trace_id: string; span_id: string }[];
  for (const row of rows) {
    let ids = byTrace.get(row.trace_id);
    if (!ids) byTrace.set(row.trace_id, (ids = []));
    ids.push(row.span_id);
  }
  return byTrace;
}
