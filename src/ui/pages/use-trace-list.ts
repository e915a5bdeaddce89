// DATA (web UI): the traces list's rows for a project and query: the first page, further
// pages as the user scrolls, and live updates (a span arrives -> the first page is fetched
// again, debounced, and merged on top without moving what the user reads).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { subscribeToSpans } from '../api/live.js';
import type { Page, Trace } from '../api/types.js';
import { appendPage, mergeNewestPage } from '../lib/list-merge.js';
import { buildTraceListParams, type TraceQuery } from '../lib/trace-query.js';

const PAGE_SIZE = 100;
const LIVE_DEBOUNCE_MS = 300;
const keyOf = (trace: Trace) => trace.trace_id;

interface ListState {
  rows: Trace[];
  total: number;
  addedOnTop: number;
  loading: boolean;
  error: string | null;
}

export interface TraceListState extends ListState {
  loadMore: () => void;
}

export function useTraceList(project: string, query: TraceQuery): TraceListState {
  const [state, setState] = useState<ListState>({ rows: [], total: 0, addedOnTop: 0, loading: true, error: null });
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
      setState({ rows: page.data, total: page.meta.total_items, addedOnTop: 0, loading: false, error: null });
    }, (err: Error) => current() && setState((s) => ({ ...s, loading: false, error: err.message })));
    const mergeTop = (page: Page<Trace>) => current() && setState((s) => {
      const merged = mergeNewestPage(s.rows, page.data, keyOf);
      return { ...s, rows: merged.rows, addedOnTop: merged.addedOnTop, total: Math.max(page.meta.total_items, merged.rows.length) };
    });
    return subscribeDebounced(project, () => fetchPage(1).then(mergeTop, () => undefined));
  }, [project, JSON.stringify(query)]);

  const loadMore = () => {
    const p = pages.current;
    if (p.fetching || p.loaded === 0 || state.rows.length >= state.total) return;
    p.fetching = true;
    const generation = p.generation;
    fetchPage(p.loaded + 1).then((page) => {
      if (generation !== p.generation) return;
      p.loaded++;
      setState((s) => ({ ...s, rows: appendPage(s.rows, page.data, keyOf), addedOnTop: 0 }));
    }, () => undefined).finally(() => { p.fetching = false; });
  };

  return { ...state, loadMore };
}

/** Live spans of the project, at most one `refresh` per debounce window; returns the stop. */
function subscribeDebounced(project: string, refresh: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = subscribeToSpans(project, () => {
    timer ??= setTimeout(() => { timer = null; refresh(); }, LIVE_DEBOUNCE_MS);
  });
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}
