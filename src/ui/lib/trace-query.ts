// VIEW LOGIC (web UI): the traces list's search box, facet choices and time range as the
// explorer API's query string. The explorer has no free-text search parameter and its
// `filters` are an AND, so the box matches one thing: an id-looking text (hex) is a
// trace id or session id lookup, anything else the trace name (contains).

export interface TraceQuery {
  search: string;
  /** Facet column -> chosen value (environment, model, provider, framework, user_id, session_id). */
  facets: Record<string, string>;
  errorsOnly: boolean;
  /** Look-back window in ms; null: all time. */
  sinceMs: number | null;
}

export const EMPTY_QUERY: TraceQuery = { search: '', facets: {}, errorsOnly: false, sinceMs: null };

type Condition = { key: string; op: string; value?: unknown };

const TRACE_ID = /^[0-9a-f]{32}$/i;

export function buildTraceFilters(query: TraceQuery): Condition[] {
  const conditions: Condition[] = [];
  const text = query.search.trim();
  if (TRACE_ID.test(text)) conditions.push({ key: 'trace_id', op: 'eq', value: text.toLowerCase() });
  else if (text !== '') conditions.push({ key: 'trace_name', op: 'contains', value: text });
  for (const [key, value] of Object.entries(query.facets)) {
    if (value !== '') conditions.push({ key, op: 'eq', value });
  }
  if (query.errorsOnly) conditions.push({ key: 'has_error', op: 'eq', value: true });
  return conditions;
}

export function buildTraceListParams(query: TraceQuery, page: number, limit: number, nowMs: number): URLSearchParams {
  const params = new URLSearchParams({ page: String(page), limit: String(limit), order_by: 'start_time:desc' });
  const filters = buildTraceFilters(query);
  if (filters.length > 0) params.set('filters', JSON.stringify(filters));
  if (query.sinceMs !== null) params.set('from_timestamp', new Date(nowMs - query.sinceMs).toISOString());
  return params;
}

export function isQueryEmpty(query: TraceQuery): boolean {
  return buildTraceFilters(query).length === 0 && query.sinceMs === null;
}
