// STORE: scores (numeric, categorical, boolean) on a trace, an observation or a session.
// Input: a project + query (reads, on the read-only connection; the writes, inside the
// StoreWriter's transaction, are store/write/write-scores.ts). Output: rows as stored (snake_case).
import type Database from 'better-sqlite3';
import { compileFilter } from './filter-sql.js';
import type { ColumnMap } from '../shared/column-spec.js';
import type { FilterNode } from '../shared/filter-ast.js';
import type { ScoreRow } from '../shared/rows.js';

/** Columns the score list's `filter` parameter may name. */
export const SCORE_COLUMNS: ColumnMap = {
  id: { sql: 's.id', type: 'string' },
  name: { sql: 's.name', type: 'string' },
  value: { sql: 's.value', type: 'number' },
  stringValue: { sql: 's.string_value', type: 'string' },
  dataType: { sql: 's.data_type', type: 'string' },
  source: { sql: 's.source', type: 'string' },
  comment: { sql: 's.comment', type: 'string' },
  timestamp: { sql: 's.timestamp_ms * 1000000', type: 'time_ns' },
  environment: { sql: "COALESCE(s.environment, 'default')", type: 'string' },
  traceId: { sql: 's.trace_id', type: 'string' },
  observationId: { sql: 's.observation_id', type: 'string' },
  sessionId: { sql: 's.session_id', type: 'string' },
  configId: { sql: 's.config_id', type: 'string' },
  userId: { sql: 't.user_id', type: 'string' },
  traceTags: { sql: 't.tags_json', type: 'json_array' },
  metadata: { sql: 'json_extract(s.metadata_json, {path})', type: 'json_object' },
};

/** A stored score plus the trace fields the Langfuse score list shows beside it. */
export interface ScoreWithTraceRow extends ScoreRow {
  trace_user_id: string | null;
  trace_tags_json: string | null;
  trace_environment: string | null;
  trace_session_id: string | null;
}

const SELECT_WITH_TRACE = `
SELECT s.*, t.user_id AS trace_user_id, t.tags_json AS trace_tags_json,
       t.environment AS trace_environment, t.session_id AS trace_session_id
FROM scores s
LEFT JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id`;

export function findScoreById(db: Database.Database, projectId: string, id: string): ScoreWithTraceRow | undefined {
  return db.prepare(`${SELECT_WITH_TRACE} WHERE s.project_id = ? AND s.id = ?`).get(projectId, id) as
    | ScoreWithTraceRow
    | undefined;
}

/** Scores of the given traces, oldest first (a trace's detail view lists them). */
export function listScoresForTraces(db: Database.Database, projectId: string, traceIds: string[]): ScoreRow[] {
  if (traceIds.length === 0) return [];
  const marks = traceIds.map(() => '?').join(', ');
  return db
    .prepare(`SELECT * FROM scores WHERE project_id = ? AND trace_id IN (${marks}) ORDER BY timestamp_ms, id`)
    .all(projectId, ...traceIds) as ScoreRow[];
}

/** Filters of the score lists; every field narrows. */
export interface ScoreQuery {
  page: number;
  limit: number;
  ids?: string[];
  name?: string;
  userId?: string;
  traceId?: string;
  observationIds?: string[];
  sessionId?: string;
  datasetRunId?: string;
  configId?: string;
  queueId?: string;
  source?: string;
  dataType?: string;
  environments?: string[];
  traceTags?: string[];
  fromTimestampMs?: number;
  toTimestampMs?: number;
  /** value comparison: one of = != < <= > >= */
  valueOp?: '=' | '!=' | '<' | '<=' | '>' | '>=';
  value?: number;
  /** Conditions over SCORE_COLUMNS (the `filter` parameter). */
  filter?: FilterNode;
}

/** Newest first, paged; returns the page and how many match in all. */
export function listScores(
  db: Database.Database,
  projectId: string,
  query: ScoreQuery,
): { rows: ScoreWithTraceRow[]; total: number } {
  const { where, params } = buildScoreWhere(projectId, query);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM scores s LEFT JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id WHERE ${where}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`${SELECT_WITH_TRACE} WHERE ${where} ORDER BY s.timestamp_ms DESC, s.id DESC LIMIT ? OFFSET ?`)
    .all(...params, query.limit, (query.page - 1) * query.limit) as ScoreWithTraceRow[];
  return { rows, total };
}

function buildScoreWhere(projectId: string, q: ScoreQuery): { where: string; params: unknown[] } {
  const clauses = ['s.project_id = ?'];
  const params: unknown[] = [projectId];
  const add = (sql: string, ...values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };
  const addIn = (column: string, values: string[] | undefined) => {
    if (values && values.length > 0) add(`${column} IN (${values.map(() => '?').join(', ')})`, ...values);
  };
  addIn('s.id', q.ids);
  if (q.name !== undefined) add('s.name = ?', q.name);
  if (q.userId !== undefined) add('t.user_id = ?', q.userId);
  if (q.traceId !== undefined) add('s.trace_id = ?', q.traceId);
  addIn('s.observation_id', q.observationIds);
  if (q.sessionId !== undefined) add('s.session_id = ?', q.sessionId);
  if (q.datasetRunId !== undefined) add('s.dataset_run_id = ?', q.datasetRunId);
  if (q.configId !== undefined) add('s.config_id = ?', q.configId);
  if (q.queueId !== undefined) add('s.queue_id = ?', q.queueId);
  if (q.source !== undefined) add('s.source = ?', q.source);
  if (q.dataType !== undefined) add('s.data_type = ?', q.dataType);
  addIn("COALESCE(s.environment, 'default')", q.environments);
  for (const tag of q.traceTags ?? []) add('EXISTS (SELECT 1 FROM json_each(t.tags_json) WHERE value = ?)', tag);
  if (q.fromTimestampMs !== undefined) add('s.timestamp_ms >= ?', q.fromTimestampMs);
  if (q.toTimestampMs !== undefined) add('s.timestamp_ms < ?', q.toTimestampMs);
  // valueOp comes from a closed enum (validated by the route), never from free text.
  if (q.valueOp !== undefined && q.value !== undefined) add(`s.value ${q.valueOp} ?`, q.value);
  if (q.filter) {
    const compiled = compileFilter(q.filter, SCORE_COLUMNS);
    add(compiled.sql, ...compiled.params);
  }
  return { where: clauses.join(' AND '), params };
}
