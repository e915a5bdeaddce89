// STORE (read side): sessions, aggregated from the `traces` roll-up (whose token and
// cost sums already count each generation once). Input: project id + list options;
// output: one row per session with counts, usage, cost and first/last time.
import type Database from 'better-sqlite3';
import { compileFilter } from './filter-sql.js';
import type { ColumnMap, ColumnSpec } from '../shared/column-spec.js';
import { cacheKey, getReadCache, prepareCached } from '../shared/read-cache.js';
import type { ListOptions, Page } from './trace-queries.js';
import { selectCostComplete, selectCostTotal, type TokenTotals } from '../shared/cost-totals.js';

export interface SessionRecord extends TokenTotals {
  session_id: string;
  user_id: string | null;
  environment: string | null;
  start_ns: string;
  end_ns: string;
  trace_count: number;
  span_count: number;
  observation_count: number;
  /** Null / cost_complete 0: as for a trace (store/shared/cost-totals.ts). */
  total_cost: number | null;
  cost_complete: number;
}

export interface ListSessionsOptions extends ListOptions {
  userId?: string;
  environments?: string[];
}

const SESSION_SELECT = `t.session_id, MAX(t.user_id) AS user_id, MAX(t.environment) AS environment,
  CAST(MIN(t.start_ns) AS TEXT) AS start_ns, CAST(MAX(t.end_ns) AS TEXT) AS end_ns, COUNT(*) AS trace_count,
  SUM(t.span_count) AS span_count, SUM(t.genai_span_count) AS observation_count, SUM(t.input_tokens) AS input_tokens,
  SUM(t.output_tokens) AS output_tokens, SUM(t.total_tokens) AS total_tokens, SUM(t.cache_read_tokens) AS cache_read_tokens,
  SUM(t.cache_write_tokens) AS cache_write_tokens, SUM(t.reasoning_tokens) AS reasoning_tokens,
  ${selectCostTotal('SUM(t.total_cost)', 'SUM(t.priced_generation_count)', 'SUM(t.unpriced_generation_count)')} AS total_cost,
  ${selectCostComplete('SUM(t.unpriced_generation_count)')} AS cost_complete`;

export const SESSION_SORT_COLUMNS: Record<string, string> = {
  start_time: 'MIN(t.start_ns)',
  end_time: 'MAX(t.end_ns)',
  trace_count: 'COUNT(*)',
  span_count: 'SUM(t.span_count)',
  observation_count: 'SUM(t.genai_span_count)',
  total_tokens: 'SUM(t.total_tokens)',
  total_cost: 'SUM(t.total_cost)',
};

/** Filterable session columns; evaluated in HAVING, over the aggregates. */
export function sessionFilterColumns(): ColumnMap {
  const num = (sql: string): ColumnSpec => ({ sql, type: 'number' });
  return {
    session_id: { sql: 't.session_id', type: 'string' },
    user_id: { sql: 'MAX(t.user_id)', type: 'string' },
    environment: { sql: 'MAX(t.environment)', type: 'string' },
    start_time: { sql: 'MIN(t.start_ns)', type: 'time_ns' },
    end_time: { sql: 'MAX(t.end_ns)', type: 'time_ns' },
    trace_count: num('COUNT(*)'),
    span_count: num('SUM(t.span_count)'),
    observation_count: num('SUM(t.genai_span_count)'),
    total_tokens: num('SUM(t.total_tokens)'),
    total_cost: num('SUM(t.total_cost)'),
  };
}

export function listSessions(db: Database.Database, options: ListSessionsOptions): Page<SessionRecord> {
  if (options.fromNs === undefined && options.toNs === undefined) return listSessionRollups(db, options);
  return listSessionsInWindow(db, options);
}

const ROLLUP_SELECT = `s.session_id, s.user_id, s.environment, CAST(s.start_ns AS TEXT) AS start_ns, CAST(s.end_ns AS TEXT) AS end_ns,
  s.trace_count, s.span_count, s.observation_count, s.input_tokens, s.output_tokens, s.total_tokens, s.cache_read_tokens,
  s.cache_write_tokens, s.reasoning_tokens,
  ${selectCostTotal('s.total_cost', 's.priced_generation_count', 's.unpriced_generation_count')} AS total_cost,
  ${selectCostComplete('s.unpriced_generation_count')} AS cost_complete`;

/** The same filter and sort columns over the writer-kept `sessions` roll-up. */
function rollupColumns(): ColumnMap {
  const columns: ColumnMap = {};
  for (const [name, spec] of Object.entries(sessionFilterColumns())) columns[name] = { ...spec, sql: ROLLUP_COLUMN_SQL[name] ?? spec.sql };
  return columns;
}

const ROLLUP_COLUMN_SQL: Record<string, string> = {
  session_id: 's.session_id', user_id: 's.user_id', environment: 's.environment', start_time: 's.start_ns',
  end_time: 's.end_ns', trace_count: 's.trace_count', span_count: 's.span_count', observation_count: 's.observation_count',
  total_tokens: 's.total_tokens', total_cost: 's.total_cost',
};

// No time window: the roll-up answers with an index range (project_id, start_ns) and a
// cheap COUNT, whatever the project size, even while spans keep arriving.
function listSessionRollups(db: Database.Database, options: ListSessionsOptions): Page<SessionRecord> {
  const { clauses, params } = buildSessionWhere('s', options);
  if (options.filter) {
    const compiled = compileFilter(options.filter, rollupColumns());
    clauses.push(compiled.sql);
    params.push(...compiled.params);
  }
  const where = `FROM sessions s WHERE ${clauses.join(' AND ')}`;
  const sortSql = ROLLUP_COLUMN_SQL[options.orderBy.column] ?? 's.start_ns';
  const dir = options.orderBy.direction === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT ${ROLLUP_SELECT} ${where} ORDER BY ${sortSql} ${dir}, s.session_id ${dir} LIMIT ? OFFSET ?`;
  const rows = prepareCached(db, sql).all(...params, options.limit, (options.page - 1) * options.limit) as SessionRecord[];
  const countSql = `SELECT COUNT(*) ${where}`;
  const total = getReadCache(db).get(cacheKey(countSql, params), () => prepareCached(db, countSql).pluck().get(...params) as number);
  return { rows, total };
}

/** Project, user and environment conditions on the sessions (s) or traces (t) table. */
function buildSessionWhere(alias: 's' | 't', options: ListSessionsOptions): { clauses: string[]; params: unknown[] } {
  const clauses = [`${alias}.project_id = ?`];
  const params: unknown[] = [options.projectId];
  if (options.userId !== undefined) clauses.push(`${alias}.user_id = ?`), params.push(options.userId);
  if (options.environments && options.environments.length > 0) {
    clauses.push(`${alias}.environment IN (${options.environments.map(() => '?').join(', ')})`);
    params.push(...options.environments);
  }
  return { clauses, params };
}

/** A time window counts only the traces inside it, so it aggregates them directly. */
function listSessionsInWindow(db: Database.Database, options: ListSessionsOptions): Page<SessionRecord> {
  const { clauses, params } = buildSessionWhere('t', options);
  clauses.push('t.session_id IS NOT NULL');
  if (options.fromNs !== undefined) clauses.push('t.start_ns >= ?'), params.push(options.fromNs);
  if (options.toNs !== undefined) clauses.push('t.start_ns <= ?'), params.push(options.toNs);
  let having = '';
  if (options.filter) {
    const compiled = compileFilter(options.filter, sessionFilterColumns());
    having = ` HAVING ${compiled.sql}`;
    params.push(...compiled.params);
  }
  const grouped = `FROM traces t WHERE ${clauses.join(' AND ')} GROUP BY t.session_id${having}`;
  const sortSql = SESSION_SORT_COLUMNS[options.orderBy.column] ?? 'MIN(t.start_ns)';
  const dir = options.orderBy.direction === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT ${SESSION_SELECT} ${grouped} ORDER BY ${sortSql} ${dir}, t.session_id ${dir} LIMIT ? OFFSET ?`;
  const pageParams = [...params, options.limit, (options.page - 1) * options.limit];
  const cache = getReadCache(db);
  const rows = cache.get(cacheKey(sql, pageParams), () => prepareCached(db, sql).all(...pageParams) as SessionRecord[]);
  const countSql = `SELECT COUNT(*) FROM (SELECT t.session_id ${grouped})`;
  const total = cache.get(cacheKey(countSql, params), () => prepareCached(db, countSql).pluck().get(...params) as number);
  return { rows, total };
}

export function findSession(db: Database.Database, projectId: string, sessionId: string): SessionRecord | undefined {
  const sql = `SELECT ${ROLLUP_SELECT} FROM sessions s WHERE s.project_id = ? AND s.session_id = ?`;
  return prepareCached(db, sql).get(projectId, sessionId) as SessionRecord | undefined;
}
