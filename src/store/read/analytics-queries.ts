// STORE (read side, analytics family): one row per span, filtered by the filter AST over
// ANALYTICS_COLUMNS, ordered by an allowlisted field and paged by an opaque keyset cursor
// (sort value, span rowid) — never OFFSET, so pages stay stable while spans arrive.
// Without a project, each project is read on its own index range and the pages merged.
import type Database from 'better-sqlite3';
import { AppError } from '../../errors.js';
import type { FilterCondition, FilterNode } from '../shared/filter-ast.js';
import { compileFilter } from './filter-sql.js';
import type { ColumnMap, SearchPlan } from '../shared/column-spec.js';
import { parseSearchText, toFtsQuery } from './text-search.js';
import { ANALYTICS_COLUMNS, ANALYTICS_SORT_SQL } from './analytics-fields.js';
import { decodeCursor, encodeCursor, queryFingerprint, type CursorPosition } from './analytics-cursor.js';
import { prepareCached } from '../shared/read-cache.js';
import { STORED_SPAN_COLUMNS, type StoredSpanColumns } from '../shared/stored-span.js';
import { spanResourceJson } from '../shared/span-resources.js';
import { keysOfTrace } from '../shared/span-keys.js';
import { SPAN_TEXT_INDEX } from '../write/span-text-index.js';

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
 *  its input_text / output_text are derived from) plus the normalized ones. */
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
  s.session_id, s.environment, s.tags_json`;

/** Most projects read one by one and merged; past it, one query sorts across projects. */
const MAX_MERGED_PROJECTS = 16;

export function searchAnalyticsSpans(db: Database.Database, search: AnalyticsSearch): AnalyticsPage {
  const sort = ANALYTICS_SORT_SQL[search.sortBy];
  if (!sort) throw new AppError('BAD_REQUEST', `sort_by '${search.sortBy}' is not allowed`);
  const ranked = search.sortBy === 'relevance' ? rankedSource(search.filter) : null;
  // Relevance is best first whatever sort_desc says (bm25: lower is better).
  const desc = ranked ? false : search.sortDesc;
  const fingerprint = queryFingerprint(search);
  const after = search.cursor === null ? null : decodeCursor(db, search.cursor, fingerprint, sort.type);
  const plans = planSearches(db, search.filter);
  const base = buildWhere(search, plans.columns);
  const projects = search.projectIds ?? listProjects(db);
  const scopes: (string | null)[] = projects.length <= MAX_MERGED_PROJECTS ? projects : [null];
  const dir = desc ? 'DESC' : 'ASC';
  const keyset = after === null ? '' : ` AND (${sort.sql}, s.id) ${desc ? '<' : '>'} (?, ?)`;
  const sortValue = sort.type === 'int' ? `CAST(${sort.sql} AS TEXT)` : sort.sql;
  // NOT INDEXED leaves SQLite the rowid only: it starts from the listed matches instead of
  // walking the project's time index past every row that is not one.
  const from = ranked ? `${ranked.sql} JOIN spans s ON s.id = m.id` : `spans s${plans.drives ? ' NOT INDEXED' : ''}`;
  const sql = (scoped: boolean) => `SELECT ${ROW_SELECT}, ${sortValue} AS sort_value FROM ${from}
    WHERE ${scoped ? 's.project_id = ? AND ' : projectsClause(search.projectIds)}${base.sql}${keyset}
    ORDER BY ${sort.sql} ${dir}, s.id ${dir} LIMIT ?`;
  const rows: AnalyticsRow[] = [];
  for (const scope of scopes) {
    const params = [...(ranked?.params ?? []), ...(scope === null ? search.projectIds ?? [] : [scope]), ...base.params, ...(after ? [after.value, after.id] : []), search.limit + 1];
    rows.push(...(prepareCached(db, sql(scope !== null)).all(...params) as AnalyticsRow[]));
  }
  if (scopes.length > 1) rows.sort((a, b) => compareRows(a, b, sort.type, desc));
  const hasMore = rows.length > search.limit;
  const page = rows.slice(0, search.limit);
  const last = page[page.length - 1];
  const lastValue = last && sort.type === 'int' ? BigInt(last.sort_value) : last?.sort_value;
  const nextCursor = hasMore && last ? encodeCursor(db, { value: lastValue!, id: last.id }, fingerprint) : null;
  return { rows: page, nextCursor, hasMore };
}

/** The rows of the search every row must match, each with its BM25 rank (`m`); spans the index
 *  has not reached yet match by their derived text and rank last (0: every indexed match is
 *  negative). Rank depends on the whole index, so a relevance page can shift as spans are indexed. */
function rankedSource(filter: FilterNode | null): { sql: string; params: unknown[] } {
  const required = filter === null ? [] : 'and' in filter ? filter.and : [filter];
  const condition = required.find((node): node is FilterCondition => 'op' in node && node.op === 'search' && ftsQueryOf(node) !== null);
  if (!condition) throw new AppError('BAD_REQUEST', "sort_by 'relevance' needs a 'search' condition that every row must match (the filter itself, or a term of its top-level AND)");
  const index = ANALYTICS_COLUMNS[(condition.field as { name: string }).name]!.textIndex!;
  return {
    sql: `(SELECT rowid AS id, bm25(${index.index}) AS rank FROM ${index.index} WHERE ${index.index} MATCH ?
      UNION ALL SELECT s.id, 0 FROM spans s WHERE s.id > ${index.indexedTo} AND tl_text_match(?, ${index.tailSql})) m`,
    params: [ftsQueryOf(condition), condition.value],
  };
}

/** A trace's row: its root span (else its earliest), from the first project that has the trace. */
export function findAnalyticsTrace(db: Database.Database, traceId: string, projectIds: string[] | null): AnalyticsRow | undefined {
  const sql = `SELECT ${ROW_SELECT}, CAST(s.start_ns AS TEXT) AS sort_value FROM spans s
    WHERE s.id IN (SELECT k.span_rowid FROM traces tk CROSS JOIN span_keys k ON ${keysOfTrace('k', 'tk')}
      WHERE ${projectsClause(projectIds, 'tk')}tk.trace_id = ?)
    ORDER BY s.project_id, COALESCE(s.parent_span_id, '') = '' DESC, s.start_ns, s.id LIMIT 1`;
  return prepareCached(db, sql).get(...(projectIds ?? []), traceId) as AnalyticsRow | undefined;
}

function buildWhere(search: AnalyticsSearch, columns: ColumnMap): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (search.fromNs !== undefined) clauses.push('s.start_ns >= ?'), params.push(search.fromNs);
  if (search.toNs !== undefined) clauses.push('s.start_ns <= ?'), params.push(search.toNs);
  if (search.filter) {
    const compiled = compileFilter(search.filter, columns);
    clauses.push(compiled.sql);
    params.push(...compiled.params);
  }
  return { sql: clauses.length > 0 ? clauses.join(' AND ') : '1=1', params };
}

/** Full-text plans by matching spans (counted in the index, bounded): few are fetched by rowid
 *  and sorted; up to MEMBER_MAX_MATCHES are listed once and checked as rows are walked in sort
 *  order; more match so densely that looking each walked row up finds a page first. Measured at
 *  1M spans (docs/analytics-api.md): a lookup ~180 µs, listing a match ~0.15 µs. */
const DRIVE_MAX_MATCHES = 2_000;
const MEMBER_MAX_MATCHES = 200_000;

interface SearchPlans {
  columns: ColumnMap;
  /** A search that every row must match lists few rows: start from them (by rowid). */
  drives: boolean;
}

function planSearches(db: Database.Database, filter: FilterNode | null): SearchPlans {
  if (!filter || collectSearches(filter).length === 0) return { columns: ANALYTICS_COLUMNS, drives: false };
  const count = prepareCached(db, `SELECT count(*) FROM (SELECT 1 FROM ${SPAN_TEXT_INDEX} WHERE ${SPAN_TEXT_INDEX} MATCH ? LIMIT ${MEMBER_MAX_MATCHES + 1})`).pluck();
  const counts = new Map<string, number>();
  const matchesOf = (ftsQuery: string) => counts.get(ftsQuery) ?? counts.set(ftsQuery, count.get(ftsQuery) as number).get(ftsQuery)!;
  const required = 'and' in filter ? filter.and : [filter];
  const drives = required.some((node) => {
    const ftsQuery = 'op' in node && node.op === 'search' ? ftsQueryOf(node) : null;
    return ftsQuery !== null && matchesOf(ftsQuery) <= DRIVE_MAX_MATCHES;
  });
  const planOf = (ftsQuery: string): SearchPlan => {
    const matches = matchesOf(ftsQuery);
    // Rows started from a short list are few: checking them against a listed set beats looking each up.
    return matches <= DRIVE_MAX_MATCHES ? 'drive' : matches <= MEMBER_MAX_MATCHES || drives ? 'member' : 'probe';
  };
  const columns = Object.fromEntries(Object.entries(ANALYTICS_COLUMNS).map(([name, spec]) =>
    [name, spec.textIndex ? { ...spec, textIndex: { ...spec.textIndex, planOf } } : spec]));
  return { columns, drives };
}

/** The FTS5 query of a search condition; null where the compiler will refuse it. */
function ftsQueryOf(condition: FilterCondition): string | null {
  const spec = condition.field.kind === 'column' && Object.hasOwn(ANALYTICS_COLUMNS, condition.field.name) ? ANALYTICS_COLUMNS[condition.field.name] : undefined;
  if (!spec?.textIndex || typeof condition.value !== 'string') return null;
  return toFtsQuery(parseSearchText(condition.value), spec.textIndex.column);
}

function collectSearches(node: FilterNode): FilterNode[] {
  if ('and' in node) return node.and.flatMap(collectSearches);
  if ('or' in node) return node.or.flatMap(collectSearches);
  if ('not' in node) return collectSearches(node.not);
  return node.op === 'search' ? [node] : [];
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
