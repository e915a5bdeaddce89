// STORE (read side): trace list and trace lookups over the `traces` roll-up table.
// Input: a project id plus validated list options (filter AST, order, page); output:
// plain rows (snake_case, ns times as decimal text so int64 stays exact).
// Span-level filters (model, framework, attributes) reach spans through a
// `trace_id IN (SELECT … FROM spans …)` subquery, so a selective span index drives them.
import type Database from 'better-sqlite3';
import { countTraces, locatePageStart } from '../write/trace-counts.js';
import { countTracesWithFacet, TRACE_FACET_LISTS, type TraceFacet } from '../write/trace-facets.js';
import { zoneRangesForFilter } from '../write/trace-zones.js';
import { keysOfTrace } from '../shared/span-keys.js';
import type { FilterNode } from '../shared/filter-ast.js';
import { compileFilter } from './filter-sql.js';
import type { ColumnMap, ColumnSpec } from '../shared/column-spec.js';
import { cacheKey, getReadCache, prepareCached } from '../shared/read-cache.js';
import { SPAN_ATTRIBUTE_SQL } from '../shared/span-resources.js';
import { traceSearchClause, type SearchLimits, type SqlClause } from './trace-search.js';
import { selectCostComplete, selectCostTotal, type TokenTotals } from '../shared/cost-totals.js';

export interface TraceRecord extends TokenTotals {
  trace_id: string;
  name: string | null;
  root_span_id: string | null;
  start_ns: string;
  end_ns: string;
  span_count: number;
  genai_span_count: number;
  error_count: number;
  session_id: string | null;
  user_id: string | null;
  environment: string | null;
  release: string | null;
  version: string | null;
  tags_json: string | null;
  /** Null when its counted generations with usage have no known cost (store/shared/cost-totals.ts). */
  total_cost: number | null;
  /** 0 when some counted generations with usage have no known cost: the total understates. */
  cost_complete: number;
  input_preview: string | null;
  output_preview: string | null;
}

export type SortDirection = 'asc' | 'desc';

export interface ListOptions {
  projectId: string;
  page: number;
  limit: number;
  orderBy: { column: string; direction: SortDirection };
  fromNs?: bigint;
  toNs?: bigint;
  filter?: FilterNode;
}

export interface ListTracesOptions extends ListOptions {
  sessionId?: string;
  userId?: string;
  environments?: string[];
  includeNonGenAI: boolean;
  /** The search box: name, ids, service, environment, user, session, tags or conversation text (store/read/trace-search.ts). */
  search?: string;
  /** When a search counts as common, and where its count stops (tests make them small). */
  searchLimits?: SearchLimits;
}

export interface Page<T> {
  rows: T[];
  total: number;
  /** Counting stopped at `total` (a search for common words: store/read/trace-search.ts). */
  totalCapped?: boolean;
}

export const TRACE_SELECT = `t.trace_id, t.name, t.root_span_id, CAST(t.start_ns AS TEXT) AS start_ns,
  CAST(t.end_ns AS TEXT) AS end_ns, t.span_count, t.genai_span_count, t.error_count, t.session_id, t.user_id,
  t.environment, t.release, t.version, t.tags_json, t.input_tokens, t.output_tokens, t.total_tokens,
  t.cache_read_tokens, t.cache_write_tokens, t.reasoning_tokens,
  ${selectCostTotal('t.total_cost', 't.priced_generation_count', 't.unpriced_generation_count')} AS total_cost,
  ${selectCostComplete('t.unpriced_generation_count')} AS cost_complete, t.input_preview, t.output_preview`;

/** Sortable API fields -> SQL (trace_id breaks ties so pages never overlap). */
export const TRACE_SORT_COLUMNS: Record<string, string> = {
  start_time: 't.start_ns',
  end_time: 't.end_ns',
  duration_ms: '(t.end_ns - t.start_ns)',
  total_tokens: 't.total_tokens',
  total_cost: 't.total_cost',
  span_count: 't.span_count',
  trace_name: 't.name',
};

const SPAN_SUBQUERY_MARK = 't.trace_id IN (SELECT s.trace_id FROM spans s';

/** How a span-level condition reaches the trace row `t`: `lookup` collects the matching
 *  spans' trace ids first (a rare value: few traces to fetch and sort); `walk` checks each
 *  trace in list order, through its model list or its own spans (a common value: the first
 *  page is near). */
export type SpanLink = 'lookup' | 'walk';

/** A condition on the spans of the trace row `t` (bound to the project). */
function onTraceSpans(projectId: string, sql: string, type: ColumnSpec['type'], link: SpanLink): ColumnSpec {
  const template = link === 'walk'
    ? `EXISTS (SELECT 1 FROM span_keys k CROSS JOIN spans s ON s.id = k.span_rowid WHERE k.project_id = ?
        AND ${keysOfTrace('k', 't')} AND {cond})`
    : `${SPAN_SUBQUERY_MARK} WHERE s.project_id = ? AND {cond})`;
  return { sql, type, via: { template, params: [projectId] } };
}

/** The filterable columns of the trace list. `facets`: whether eq/ne/in/not_in on a model,
 *  provider or framework check the trace's own list of them (no span read; the only way for
 *  providers and frameworks, which have no span index) or look the spans up (a rare model,
 *  through spans_project_model_start). */
export function traceFilterColumns(projectId: string, link: SpanLink = 'lookup', facets: 'list' | 'spans' = 'list'): ColumnMap {
  const spans = (sql: string, type: ColumnSpec['type'] = 'string') => onTraceSpans(projectId, sql, type, link);
  const listed = (facet: TraceFacet): ColumnSpec => (facets === 'spans' ? spans(`s.${facet}`) : { ...spans(`s.${facet}`), list: `t.${TRACE_FACET_LISTS[facet]}` });
  const str = (sql: string): ColumnSpec => ({ sql, type: 'string' });
  const num = (sql: string): ColumnSpec => ({ sql, type: 'number' });
  return {
    trace_id: str('t.trace_id'),
    trace_name: str('t.name'),
    name: str('t.name'),
    session_id: str('t.session_id'),
    user_id: str('t.user_id'),
    environment: str('t.environment'),
    release: str('t.release'),
    version: str('t.version'),
    start_time: { sql: 't.start_ns', type: 'time_ns' },
    end_time: { sql: 't.end_ns', type: 'time_ns' },
    duration_ms: num('((t.end_ns - t.start_ns) / 1000000.0)'),
    span_count: num('t.span_count'),
    observation_count: num('t.genai_span_count'),
    error_count: num('t.error_count'),
    has_error: { sql: '(t.error_count > 0)', type: 'bool' },
    // A span of the trace came with implausible times and was placed at its receive time (ingest-times.ts).
    clock_skew: spans('s.clock_skew_json IS NOT NULL', 'bool'),
    input_tokens: num('t.input_tokens'),
    output_tokens: num('t.output_tokens'),
    total_tokens: num('t.total_tokens'),
    cache_read_tokens: num('t.cache_read_tokens'),
    cache_write_tokens: num('t.cache_write_tokens'),
    reasoning_tokens: num('t.reasoning_tokens'),
    total_cost: num('t.total_cost'),
    tags: { sql: 't.tags_json', type: 'json_array' },
    model: listed('model'),
    gen_ai_request_model: spans('s.request_model'),
    provider: listed('provider'),
    gen_ai_system: listed('provider'),
    framework: listed('framework'),
    observation_type: spans('s.observation_type'),
    agent_name: spans('s.agent_name'),
    tool_name: spans('s.tool_name'),
    span_name: spans('s.name'),
    attributes: { ...spans(SPAN_ATTRIBUTE_SQL, 'json_object'), termIndexRowid: 's.id' },
    metadata: spans('json_extract(s.metadata_json, {path})', 'json_object'),
  };
}

/** `spanLookup`: the filter looks span-level values up (SPAN_SUBQUERY_MARK in its own SQL only:
 *  the search clause's subqueries are planned by trace-search.ts). */
function buildTraceWhere(options: ListTracesOptions, plan: FacetPlan, search: SqlClause | null, zones?: [bigint, bigint][]): { where: string; params: unknown[]; spanLookup: boolean } {
  const clauses = ['t.project_id = ?'];
  const params: unknown[] = [options.projectId];
  if (!options.includeNonGenAI) clauses.push('t.genai_span_count > 0');
  if (options.sessionId !== undefined) clauses.push('t.session_id = ?'), params.push(options.sessionId);
  if (options.userId !== undefined) clauses.push('t.user_id = ?'), params.push(options.userId);
  if (options.environments && options.environments.length > 0) {
    clauses.push(`t.environment IN (${options.environments.map(() => '?').join(', ')})`);
    params.push(...options.environments);
  }
  if (options.fromNs !== undefined) clauses.push('t.start_ns >= ?'), params.push(options.fromNs);
  if (options.toNs !== undefined) clauses.push('t.start_ns <= ?'), params.push(options.toNs);
  if (search) clauses.push(search.sql), params.push(...search.params);
  if (zones) clauses.push(`(${zones.map(() => 't.start_ns BETWEEN ? AND ?').join(' OR ')})`), params.push(...zones.flat());
  let spanLookup = false;
  if (options.filter) {
    const compiled = compileFilter(options.filter, traceFilterColumns(options.projectId, plan.link, plan.facets));
    clauses.push(compiled.sql);
    params.push(...compiled.params);
    spanLookup = compiled.sql.includes(SPAN_SUBQUERY_MARK);
  }
  return { where: clauses.join(' AND '), params, spanLookup };
}

export function listTraces(db: Database.Database, options: ListTracesOptions): Page<TraceRecord> {
  const plan = planFacetFilter(db, options);
  if (plan.total === 0) return { rows: [], total: 0 }; // no span has the value (kept counts are exact)
  const zones = zoneRangesForFilter(db, options.projectId, options.filter);
  if (zones?.length === 0) return { rows: [], total: 0 }; // no time bucket reaches the threshold
  const search = options.search === undefined ? null : traceSearchClause(db, options.projectId, options.search, options.searchLimits);
  const { where, params, spanLookup } = buildTraceWhere(options, plan, search, zones);
  const sortSql = TRACE_SORT_COLUMNS[options.orderBy.column] ?? 't.start_ns';
  const dir = options.orderBy.direction === 'asc' ? 'ASC' : 'DESC';
  // With a span-level filter, the unary + stops SQLite from walking the time index (checking
  // every trace of the project against the span subquery): it looks up the matching traces
  // by primary key and sorts them instead, which is what makes a rare model fast.
  const sortTerm = spanLookup ? `+${sortSql}` : sortSql;
  const offset = (options.page - 1) * options.limit;
  const page = sortTerm === 't.start_ns' ? startPageAtBucket(db, options, where, params, offset) : { where, params, offset };
  const rows = (sortTerm === 't.start_ns'
    ? prepareCached(db, pageByIdsSql(page.where, dir)).all(...page.params, options.limit, page.offset)
    : prepareCached(db, `SELECT ${TRACE_SELECT} FROM traces t WHERE ${where} ORDER BY ${sortTerm} ${dir}, t.trace_id ${dir} LIMIT ? OFFSET ?`)
        .all(...params, options.limit, offset)) as TraceRecord[];
  const counted = search?.countCap ? `SELECT COUNT(*) FROM (SELECT 1 FROM traces t WHERE ${where} LIMIT ${search.countCap})` : `SELECT COUNT(*) FROM traces t WHERE ${where}`;
  const total = plan.total ?? (isCountedList(options)
    ? countTraces(db, options.projectId, !options.includeNonGenAI, options.environments)
    : countCached(db, counted, params, options, rows.length));
  return search?.countCap && total >= search.countCap ? { rows, total, totalCapped: true } : { rows, total };
}

/** A list narrowed by exactly one model, provider or framework: its total is writer-kept
 *  (trace_facets), and a value on at least 1 in 50 traces is found faster by walking the
 *  newest traces. */
function planFacetFilter(db: Database.Database, options: ListTracesOptions): FacetPlan {
  const condition = singleFacetCondition(options);
  if (condition === undefined) return { link: 'lookup' };
  const genaiOnly = !options.includeNonGenAI;
  const total = countTracesWithFacet(db, options.projectId, condition.facet, condition.value, genaiOnly);
  if (total === undefined) return { link: 'lookup' };
  const rare = total * 50 < countTraces(db, options.projectId, genaiOnly);
  // Only models have a span index to look a rare value up in; a rare provider walks the lists.
  return rare && condition.facet === 'model' ? { link: 'lookup', facets: 'spans', total } : { link: 'walk', total };
}

interface FacetPlan {
  link: SpanLink;
  facets?: 'list' | 'spans';
  /** Writer-kept, when the filter is one facet value. */
  total?: number;
}

/** Filter columns of the trace list that are a span column counted per trace. */
const FACET_COLUMNS: Record<string, TraceFacet> = { model: 'model', provider: 'provider', gen_ai_system: 'provider', framework: 'framework' };

function singleFacetCondition(options: ListTracesOptions): { facet: TraceFacet; value: string } | undefined {
  if (!options.filter || (options.environments && options.environments.length > 0) || !isCountedList({ ...options, filter: undefined })) return undefined;
  let node = options.filter;
  while ('and' in node && node.and.length === 1) node = node.and[0]!;
  if (!('field' in node) || node.field.kind !== 'column' || node.op !== 'eq' || typeof node.value !== 'string') return undefined;
  const facet = Object.hasOwn(FACET_COLUMNS, node.field.name) ? FACET_COLUMNS[node.field.name] : undefined;
  return facet && { facet, value: node.value };
}

/** A deep page of a list ordered by start time, narrowed only by project, GenAI-ness and
 *  environment: starts at the time bucket holding it (writer-kept counts) instead of
 *  stepping over every earlier trace. */
function startPageAtBucket(db: Database.Database, options: ListTracesOptions, where: string, params: unknown[], offset: number) {
  if (offset < DEEP_PAGE_OFFSET || !isCountedList(options)) return { where, params, offset };
  const newestFirst = options.orderBy.direction !== 'asc';
  const start = locatePageStart(db, options.projectId, !options.includeNonGenAI, options.environments, offset, newestFirst);
  if (!start) return { where, params, offset };
  return { where: `${where} AND t.start_ns ${newestFirst ? '<' : '>='} ?`, params: [...params, start.boundNs], offset: start.offset };
}

/** From this offset on, a start-time ordered list without filters starts at its time bucket
 *  (writer-kept counts) instead of stepping over every earlier trace. */
const DEEP_PAGE_OFFSET = 1000;

/** Newest-first pages pick their rowids from the (covering) time index first, then read only
 *  those rows: a deep OFFSET skips index entries instead of wide trace rows. Ties on the
 *  start time break on rowid (arrival order), which the index carries. */
function pageByIdsSql(where: string, dir: string): string {
  return `SELECT ${TRACE_SELECT} FROM (SELECT t.rowid AS rid, t.start_ns AS start FROM traces t WHERE ${where}
      ORDER BY t.start_ns ${dir}, t.rowid ${dir} LIMIT ? OFFSET ?) p
    CROSS JOIN traces t ON t.rowid = p.rid ORDER BY p.start ${dir}, p.rid ${dir}`;
}

/** Lists narrowed only by project, GenAI-ness and environment have a writer-kept total. */
function isCountedList(options: ListTracesOptions): boolean {
  return options.sessionId === undefined && options.userId === undefined && options.fromNs === undefined && options.toNs === undefined && !options.filter
    && (options.search === undefined || options.search.trim() === '');
}

/** COUNT for a list's total, skipped when the page itself proves the total and cached until the
 *  next commit otherwise (a project-wide COUNT is the one part of a list that grows with the data). */
export function countCached(db: Database.Database, countSql: string, params: unknown[], page: { page: number; limit: number }, pageRows: number): number {
  if (pageRows < page.limit && (pageRows > 0 || page.page === 1)) return (page.page - 1) * page.limit + pageRows;
  return getReadCache(db).get(cacheKey(countSql, params), () => prepareCached(db, countSql).pluck().get(...params) as number);
}

export function findTrace(db: Database.Database, projectId: string, traceId: string): TraceRecord | undefined {
  return prepareCached(db, `SELECT ${TRACE_SELECT} FROM traces t WHERE t.project_id = ? AND t.trace_id = ?`).get(projectId, traceId) as
    | TraceRecord
    | undefined;
}

/** Traces of one session, oldest first. */
export function listSessionTraces(db: Database.Database, projectId: string, sessionId: string): TraceRecord[] {
  return db
    .prepare(`SELECT ${TRACE_SELECT} FROM traces t WHERE t.project_id = ? AND t.session_id = ? ORDER BY t.start_ns, t.trace_id`)
    .all(projectId, sessionId) as TraceRecord[];
}
