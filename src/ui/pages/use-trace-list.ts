// DATA (web UI): the traces list's rows for a project and query: the first page, further
// pages as the user scrolls, and live updates (a span arrives -> the first page is fetched
// again, debounced, and merged on top without moving what the user reads).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import { subscribeDebounced } from '../api/live.js';
import type { Page, Trace } from '../api/types.js';
import { describeListError } from '../lib/list-error.js';
import { appendPage, mergeNewestPage } from '../lib/list-merge.js';
import { buildTraceListParams, type TraceQuery } from '../lib/trace-query.js';

const PAGE_SIZE = 100;
const LIVE_DEBOUNCE_MS = 300;
const keyOf = (trace: Trace) => trace.trace_id;

interface ListState {
  rows: Trace[];
  total: number;
  /** The server stopped counting at `total` (a search for common words): more may follow. */
  totalCapped: boolean;
  /** The last page read was full: another may follow (what decides when the total is capped). */
  morePages: boolean;
  addedOnTop: number;
  loading: boolean;
  /** Why the first page could not be read, in words for the list area; null when it was. */
  error: string | null;
}

export interface TraceListState extends ListState {
  loadMore: () => void;
}

export function useTraceList(project: string, query: TraceQuery): TraceListState {
  const [state, setState] = useState<ListState>({ rows: [], total: 0, totalCapped: false, morePages: false, addedOnTop: 0, loading: true, error: null });
  const pages = useRef({ loaded: 0, fetching: false, generation: 0 });
  const fetchPage = (page: number) => api.listTraces(project, buildTraceListParams(query, page, PAGE_SIZE, Date.now()));

  useEffect(() => {
    const generation = ++pages.current.generation;
    const current = () => generation === pages.current.generation;
    pages.current.loaded = 0;
    setState((s) => ({ ...s, loading: true, error: null }));
    fetchPage(1).then((page) => {
      if (!current()) return;
      pages.current.loaded = 1;
      setState({ rows: page.data, ...totalsOf(page), addedOnTop: 0, loading: false, error: null });
    }, (err: Error) => current() && setState(failedState(err, query)));
    const mergeTop = (page: Page<Trace>) => {
      if (!current()) return;
      pages.current.loaded ||= 1; // the first read failed (network) and this one worked
      setState((s) => {
        const merged = mergeNewestPage(s.rows, page.data, keyOf);
        return { ...s, rows: merged.rows, addedOnTop: merged.addedOnTop, total: Math.max(page.meta.total_items, merged.rows.length), error: null };
      });
    };
    return subscribeDebounced(project, () => fetchPage(1).then(mergeTop, () => undefined), LIVE_DEBOUNCE_MS);
  }, [project, JSON.stringify(query)]);

  const loadMore = () => {
    const p = pages.current;
    if (p.fetching || p.loaded === 0 || (state.totalCapped ? !state.morePages : state.rows.length >= state.total)) return;
    p.fetching = true;
    const generation = p.generation;
    fetchPage(p.loaded + 1).then((page) => {
      if (generation !== p.generation) return;
      p.loaded++;
      setState((s) => ({ ...s, rows: appendPage(s.rows, page.data, keyOf), morePages: page.data.length === PAGE_SIZE, addedOnTop: 0 }));
    }, () => undefined).finally(() => { p.fetching = false; });
  };

  return { ...state, loadMore };
}

function totalsOf(page: Page<Trace>): Pick<ListState, 'total' | 'totalCapped' | 'morePages'> {
  return { total: page.meta.total_items, totalCapped: page.meta.total_capped === true, morePages: page.data.length === PAGE_SIZE };
}

/** The list after its first page failed: no rows (the previous query's would look like
 *  answers to this one) and the reason in words, e.g. a search the server refused (400). */
function failedState(err: Error, query: TraceQuery): ListState {
  const status = err instanceof ApiError ? err.status : null;
  return { rows: [], total: 0, totalCapped: false, morePages: false, addedOnTop: 0, loading: false, error: describeListError(status, err.message, query.search.trim() !== '') };
}
