// VIEW LOGIC (web UI): the traces list's search box, facet choices and time range as the
// explorer API's query string. The box's text goes as-is to the list's `search` parameter,
// which the server matches against names, ids, session, user, environment, tags, service
// and conversation text (src/store/read/trace-search.ts); the facets are `filters` (an AND).

export interface TraceQuery {
  search: string;
  /** Facet column -> chosen value (environment, model, provider, framework, user_id, session_id, tags). */
  facets: Record<string, string>;
  errorsOnly: boolean;
  /** Look-back window in ms; null: all time. */
  sinceMs: number | null;
}

export const EMPTY_QUERY: TraceQuery = { search: '', facets: {}, errorsOnly: false, sinceMs: null };

type Condition = { key: string; op: string; value?: unknown };

/** Facets whose column holds a list (a JSON array): a chosen value means "has this element". */
const LIST_FACETS = new Set(['tags']);

export function buildTraceFilters(query: TraceQuery): Condition[] {
  const conditions: Condition[] = [];
  for (const [key, value] of Object.entries(query.facets)) {
    if (value !== '') conditions.push({ key, op: LIST_FACETS.has(key) ? 'contains' : 'eq', value });
  }
  if (query.errorsOnly) conditions.push({ key: 'has_error', op: 'eq', value: true });
  return conditions;
}

export function buildTraceListParams(query: TraceQuery, page: number, limit: number, nowMs: number): URLSearchParams {
  const params = new URLSearchParams({ page: String(page), limit: String(limit), order_by: 'start_time:desc' });
  const search = query.search.trim();
  if (search !== '') params.set('search', search);
  const filters = buildTraceFilters(query);
  if (filters.length > 0) params.set('filters', JSON.stringify(filters));
  if (query.sinceMs !== null) params.set('from_timestamp', new Date(nowMs - query.sinceMs).toISOString());
  return params;
}

/** Nothing narrows the list: an empty answer then means the project has no traces yet. */
export function isQueryEmpty(query: TraceQuery): boolean {
  return query.search.trim() === '' && buildTraceFilters(query).length === 0 && query.sinceMs === null;
}
