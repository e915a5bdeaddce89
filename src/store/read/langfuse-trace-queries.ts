// STORE (reads): traces and sessions as the Langfuse public API shows them. Input: a
// project, a filter AST over TRACE_COLUMNS, paging and an allowlisted sort. Output:
// TraceRow / SessionRow objects (snake_case; ns times as exact decimal strings). A trace's
// input/output/metadata are its root span's, as Langfuse's OTel ingestion sets them.
import type Database from 'better-sqlite3';
import { compileFilter } from './filter-sql.js';
import type { ColumnMap } from '../shared/column-spec.js';
import type { FilterNode } from '../shared/filter-ast.js';
import { keysOfTrace } from '../shared/span-keys.js';
import { spanResourceJson } from '../shared/span-resources.js';

export const TRACE_COLUMNS: ColumnMap = {
  id: { sql: 't.trace_id', type: 'string' },
  name: { sql: 't.name', type: 'string' },
  timestamp: { sql: 't.start_ns', type: 'time_ns' },
  userId: { sql: 't.user_id', type: 'string' },
  sessionId: { sql: 't.session_id', type: 'string' },
  environment: { sql: "COALESCE(t.environment, 'default')", type: 'string' },
  version: { sql: 't.version', type: 'string' },
  release: { sql: 't.release', type: 'string' },
  tags: { sql: 't.tags_json', type: 'json_array' },
  latency: { sql: '((t.end_ns - t.start_ns) / 1e9)', type: 'number' },
  inputTokens: { sql: 't.input_tokens', type: 'number' },
  outputTokens: { sql: 't.output_tokens', type: 'number' },
  totalTokens: { sql: 't.total_tokens', type: 'number' },
  tokens: { sql: 't.total_tokens', type: 'number' },
  totalCost: { sql: 't.total_cost', type: 'number' },
  errorCount: { sql: 't.error_count', type: 'number' },
  level: { sql: "(CASE WHEN t.error_count > 0 THEN 'ERROR' ELSE 'DEFAULT' END)", type: 'string' },
  metadata: { sql: 'json_extract(r.metadata_json, {path})', type: 'json_object' },
};

/** Sortable fields of `orderBy=field.asc|desc`. */
export const TRACE_SORT_COLUMNS: Record<string, string> = {
  id: 't.trace_id',
  timestamp: 't.start_ns',
  name: 't.name',
  userId: 't.user_id',
  release: 't.release',
  version: 't.version',
  sessionId: 't.session_id',
};

export interface TraceRow {
  project_id: string;
  trace_id: string;
  name: string | null;
  start_ns: string;
  end_ns: string;
  session_id: string | null;
  user_id: string | null;
  environment: string | null;
  release: string | null;
  version: string | null;
  tags_json: string | null;
  total_cost: number;
  error_count: number;
  input_preview: string | null;
  output_preview: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  root_input_json: string | null;
  root_output_json: string | null;
  root_metadata_json: string | null;
  /** The root span's raw columns (null without a root): its messages are derived from them. */
  root_span: string | null;
}

const FROM_TRACES = `FROM traces t
LEFT JOIN span_keys rk ON ${keysOfTrace('rk', 't')} AND rk.span_id = t.root_span_id
LEFT JOIN spans r ON r.id = rk.span_rowid`;

const SELECT_TRACES = `
SELECT t.project_id, t.trace_id, t.name, CAST(t.start_ns AS TEXT) AS start_ns, CAST(t.end_ns AS TEXT) AS end_ns,
  t.session_id, t.user_id, t.environment, t.release, t.version, t.tags_json, t.total_cost, t.error_count,
  t.input_preview, t.output_preview, t.created_at_ms, t.updated_at_ms,
  r.input_json AS root_input_json, r.output_json AS root_output_json, r.metadata_json AS root_metadata_json,
  CASE WHEN r.span_id IS NULL THEN NULL ELSE json_object('trace_id', r.trace_id, 'span_id', r.span_id,
    'parent_span_id', r.parent_span_id, 'name', r.name, 'kind', r.kind, 'start_ns', CAST(r.start_ns AS TEXT),
    'end_ns', CAST(r.end_ns AS TEXT), 'status_code', r.status_code, 'status_message', r.status_message,
    'attributes_json', r.attributes_json, 'events_json', r.events_json, 'resource_json', ${spanResourceJson('r')},
    'scope_name', r.scope_name, 'scope_version', r.scope_version) END AS root_span
${FROM_TRACES}`;

export interface TraceSort {
  column: keyof typeof TRACE_SORT_COLUMNS;
  direction: 'ASC' | 'DESC';
}

export function listTracesPage(
  db: Database.Database,
  projectId: string,
  filter: FilterNode,
  page: { page: number; limit: number },
  sort: TraceSort,
): { rows: TraceRow[]; total: number } {
  const compiled = compileFilter(filter, TRACE_COLUMNS);
  const where = `t.project_id = ? AND ${compiled.sql}`;
  const params = [projectId, ...compiled.params];
  const total = (db.prepare(`SELECT COUNT(*) AS n ${FROM_TRACES} WHERE ${where}`).get(...params) as { n: number }).n;
  const orderSql = TRACE_SORT_COLUMNS[sort.column] ?? 't.start_ns';
  const rows = db
    .prepare(`${SELECT_TRACES} WHERE ${where} ORDER BY ${orderSql} ${sort.direction}, t.trace_id ${sort.direction} LIMIT ? OFFSET ?`)
    .all(...params, page.limit, (page.page - 1) * page.limit) as TraceRow[];
  return { rows, total };
}

export function findTrace(db: Database.Database, projectId: string, traceId: string): TraceRow | undefined {
  return db.prepare(`${SELECT_TRACES} WHERE t.project_id = ? AND t.trace_id = ?`).get(projectId, traceId) as
    | TraceRow
    | undefined;
}

export function listTracesOfSession(db: Database.Database, projectId: string, sessionId: string): TraceRow[] {
  return db
    .prepare(`${SELECT_TRACES} WHERE t.project_id = ? AND t.session_id = ? ORDER BY t.start_ns, t.trace_id`)
    .all(projectId, sessionId) as TraceRow[];
}

// A session's environment is its traces' (the first non-null one alphabetically, else 'default').
const SESSION_ENV_SQL = "COALESCE(MIN(environment), 'default')";

/** A session is the set of traces sharing a session id; it exists while one of them does. */
export interface SessionRow {
  session_id: string;
  /** Start of its first trace, ns since epoch (decimal string). */
  created_ns: string;
  environment: string;
}

export interface SessionQuery {
  page: number;
  limit: number;
  fromNs?: bigint;
  toNs?: bigint;
  environments?: string[];
}

export function listSessionsPage(db: Database.Database, projectId: string, q: SessionQuery): { rows: SessionRow[]; total: number } {
  const having: string[] = [];
  const params: unknown[] = [projectId];
  if (q.fromNs !== undefined) {
    having.push('MIN(start_ns) >= ?');
    params.push(q.fromNs);
  }
  if (q.toNs !== undefined) {
    having.push('MIN(start_ns) < ?');
    params.push(q.toNs);
  }
  if (q.environments && q.environments.length > 0) {
    having.push(`${SESSION_ENV_SQL} IN (${q.environments.map(() => '?').join(', ')})`);
    params.push(...q.environments);
  }
  const grouped = `SELECT session_id, CAST(MIN(start_ns) AS TEXT) AS created_ns, MIN(start_ns) AS created_sort,
      ${SESSION_ENV_SQL} AS environment
    FROM traces WHERE project_id = ? AND session_id IS NOT NULL GROUP BY session_id
    ${having.length > 0 ? 'HAVING ' + having.join(' AND ') : ''}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM (${grouped})`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT session_id, created_ns, environment FROM (${grouped}) ORDER BY created_sort DESC, session_id DESC LIMIT ? OFFSET ?`)
    .all(...params, q.limit, (q.page - 1) * q.limit) as SessionRow[];
  return { rows, total };
}

export function findSession(db: Database.Database, projectId: string, sessionId: string): SessionRow | undefined {
  return db
    .prepare(`SELECT session_id, CAST(MIN(start_ns) AS TEXT) AS created_ns, ${SESSION_ENV_SQL} AS environment
      FROM traces WHERE project_id = ? AND session_id = ? GROUP BY session_id`)
    .get(projectId, sessionId) as SessionRow | undefined;
}
