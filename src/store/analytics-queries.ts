// STORE (read side, analytics family): one row per span, filtered by the filter AST over
// ANALYTICS_COLUMNS, ordered by an allowlisted field and paged by an opaque keyset cursor
// (sort value, span rowid) — never OFFSET, so pages stay stable while spans arrive.
// Without a project, each project is read on its own index range and the pages merged.
import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import type { FilterNode } from './filter-ast.js';
import { compileFilter } from './filter-sql.js';
import { ANALYTICS_COLUMNS, ANALYTICS_SORT_SQL } from './analytics-fields.js';
import { decodeCursor, encodeCursor, queryFingerprint, type CursorPosition } from './analytics-cursor.js';
import { prepareCached } from './read-cache.js';
import { STORED_SPAN_COLUMNS, type StoredSpanColumns } from './stored-span.js';
import { spanResourceJson } from './span-resources.js';
import { keysOfTrace } from './span-keys.js';
import { SPAN_TEXTS_TABLE, TEXT_INDEXED_TO_SQL } from './span-text-index.js';

export interface AnalyticsSearch {
  /** The projects to read; null: every project. */
  projectIds: string[] | null;
  filter: FilterNode | null;
  fromNs?: bigint;
  toNs?: bigint;
  /** A key of ANALYTICS_SORT_SQL. */
  sortBy: string;
  sortDesc: boolean;
  limit: number;
  /** From a previous page of the same query; a foreign or tampered one is a BAD_REQUEST. */
  cursor: string | null;
  /** The caller's canonical form of the request (relative times unresolved): what a cursor
   *  is bound to. Without it, the filter is. */
  queryKey?: string;
}

/** A span as the analytics DTO needs it: the raw columns (attributes, and the conversation
 *  when its text is not indexed yet) plus the normalized ones. */
export interface AnalyticsRow extends StoredSpanColumns {
  id: number;
  project_id: string;
  service_name: string | null;
  provider: string | null;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  input_cost: number | null;
  output_cost: number | null;
  total_cost: number | null;
  duration_ns: string;
  completion_start_ns: string | null;
  user_id: string | null;
  session_id: string | null;
  environment: string | null;
  tags_json: string | null;
  /** 1 when the text index has this span: input_text / output_text are its text (maybe null). */
  text_indexed: number;
  input_text: string | null;
  output_text: string | null;
  /** The sort field's value; integers as decimal text (ns times exceed 2^53). */
  sort_value: number | string;
}

export interface AnalyticsPage {
  rows: AnalyticsRow[];
  nextCursor: string | null;
  hasMore: boolean;
}

const ROW_SELECT = `s.id, s.project_id, ${STORED_SPAN_COLUMNS}, json_extract(${spanResourceJson('s')}, '$."service.name"') AS service_name,
  s.provider, s.model, s.input_tokens, s.output_tokens, s.total_tokens, s.input_cost, s.output_cost, s.total_cost,
  CAST(s.duration_ns AS TEXT) AS duration_ns, CAST(s.completion_start_ns AS TEXT) AS completion_start_ns, s.user_id,
  s.session_id, s.environment, s.tags_json, (s.id <= ${TEXT_INDEXED_TO_SQL}) AS text_indexed, tx.input_text, tx.output_text`;

/** Most projects read one by one and merged; past it, one query sorts across projects. */
const MAX_MERGED_PROJECTS = 16;

export function searchAnalyticsSpans(db: Database.Database, search: AnalyticsSearch): AnalyticsPage {
  const sort = ANALYTICS_SORT_SQL[search.sortBy];
  if (!sort) throw new AppError('BAD_REQUEST', `sort_by '${search.sortBy}' is not allowed`);
  const fingerprint = queryFingerprint(search);
  const after = search.cursor === null ? null : decodeCursor(db, search.cursor, fingerprint, sort.type);
  const base = buildWhere(search);
  const projects = search.projectIds ?? listProjects(db);
  const scopes: (string | null)[] = projects.length <= MAX_MERGED_PROJECTS ? projects : [null];
  const dir = search.sortDesc ? 'DESC' : 'ASC';
  const keyset = after === null ? '' : ` AND (${sort.sql}, s.id) ${search.sortDesc ? '<' : '>'} (?, ?)`;
  const sortValue = sort.type === 'int' ? `CAST(${sort.sql} AS TEXT)` : sort.sql;
  const sql = (scoped: boolean) => `SELECT ${ROW_SELECT}, ${sortValue} AS sort_value FROM spans s
    LEFT JOIN ${SPAN_TEXTS_TABLE} tx ON tx.id = s.id
    WHERE ${scoped ? 's.project_id = ? AND ' : projectsClause(search.projectIds)}${base.sql}${keyset}
    ORDER BY ${sort.sql} ${dir}, s.id ${dir} LIMIT ?`;
  const rows: AnalyticsRow[] = [];
  for (const scope of scopes) {
    const params = [...(scope === null ? search.projectIds ?? [] : [scope]), ...base.params, ...(after ? [after.value, after.id] : []), search.limit + 1];
    rows.push(...(prepareCached(db, sql(scope !== null)).all(...params) as AnalyticsRow[]));
  }
  if (scopes.length > 1) rows.sort((a, b) => compareRows(a, b, sort.type, search.sortDesc));
  const hasMore = rows.length > search.limit;
  const page = rows.slice(0, search.limit);
  const last = page[page.length - 1];
  const lastValue = last && sort.type === 'int' ? BigInt(last.sort_value) : last?.sort_value;
  const nextCursor = hasMore && last ? encodeCursor(db, { value: lastValue!, id: last.id }, fingerprint) : null;
  return { rows: page, nextCursor, hasMore };
}

/** A trace's row: its root span (else its earliest), from the first project that has the trace. */
export function findAnalyticsTrace(db: Database.Database, traceId: string, projectIds: string[] | null): AnalyticsRow | undefined {
  const sql = `SELECT ${ROW_SELECT}, CAST(s.start_ns AS TEXT) AS sort_value FROM spans s LEFT JOIN ${SPAN_TEXTS_TABLE} tx ON tx.id = s.id
    WHERE s.id IN (SELECT k.span_rowid FROM traces tk CROSS JOIN span_keys k ON ${keysOfTrace('k', 'tk')}
      WHERE ${projectsClause(projectIds, 'tk')}tk.trace_id = ?)
    ORDER BY s.project_id, COALESCE(s.parent_span_id, '') = '' DESC, s.start_ns, s.id LIMIT 1`;
  return prepareCached(db, sql).get(...(projectIds ?? []), traceId) as AnalyticsRow | undefined;
}

function buildWhere(search: AnalyticsSearch): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (search.fromNs !== undefined) clauses.push('s.start_ns >= ?'), params.push(search.fromNs);
  if (search.toNs !== undefined) clauses.push('s.start_ns <= ?'), params.push(search.toNs);
  if (search.filter) {
    const compiled = compileFilter(search.filter, ANALYTICS_COLUMNS);
    clauses.push(compiled.sql);
    params.push(...compiled.params);
  }
  return { sql: clauses.length > 0 ? clauses.join(' AND ') : '1=1', params };
}

function projectsClause(projectIds: string[] | null, alias = 's'): string {
  if (projectIds === null) return '';
  if (projectIds.length === 0) return '0=1 AND ';
  return `${alias}.project_id IN (${projectIds.map(() => '?').join(', ')}) AND `;
}

function listProjects(db: Database.Database): string[] {
  return prepareCached(db, 'SELECT DISTINCT project_id FROM trace_counts ORDER BY project_id').pluck().all() as string[];
}

function compareRows(a: AnalyticsRow, b: AnalyticsRow, type: 'int' | 'real' | 'text', desc: boolean): number {
  const [x, y] = type === 'int' ? [BigInt(a.sort_value), BigInt(b.sort_value)] : [a.sort_value, b.sort_value];
  const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
  return desc ? -order : order;
}

export type { CursorPosition };
