// API CLIENT (web UI): GETs and DELETEs on the explorer API with the browser session's key.
// A 401 asks the app for a key (onUnauthorized) and the call fails; the key is kept in
// sessionStorage only, so closing the tab forgets it.
import type {
  FilterOptions, Info, Messages, Page, ProjectSummary, Session, SessionWithTraces, Span, Trace, TraceDetail,
} from './types.js';

const KEY_STORAGE = 'tracelite.apiKey';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let unauthorizedListener: (() => void) | null = null;
const keyListeners = new Set<() => void>();

export function onUnauthorized(listener: () => void): void {
  unauthorizedListener = listener;
}

export function getApiKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
  for (const listener of keyListeners) listener();
}

/** Calls `listener` after each new key: parts outside the page (the project switcher) fetch
 *  again then, and only then, so a 401 waits for the user instead of retrying. Returns the stop. */
export function onApiKeyChange(listener: () => void): () => void {
  keyListeners.add(listener);
  return () => { keyListeners.delete(listener); };
}

export function authHeaders(): Record<string, string> {
  const key = getApiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { accept: 'application/json', ...authHeaders(), ...init.headers } });
  if (res.status === 401) unauthorizedListener?.();
  if (!res.ok) {
    const body = await res.json().catch(() => null) as { message?: string } | null;
    throw new ApiError(res.status, body?.message ?? `${res.status} ${res.statusText}`);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const projectBase = (project: string) => `/api/v1/project/${encodeURIComponent(project)}/otel`;

export const api = {
  getInfo: () => request<Info>('/api/v1/info'),
  /** The projects the caller may open (auth off: all of them, plus `default`). */
  listProjects: () => request<{ data: ProjectSummary[] }>('/api/v1/projects'),
  listTraces: (project: string, params: URLSearchParams) => request<Page<Trace>>(`${projectBase(project)}/traces?${params}`),
  getTraceFilterOptions: (project: string, columns: string[]) =>
    request<{ options: FilterOptions }>(`${projectBase(project)}/traces/filter-options?columns=${columns.join(',')}`),
  getTrace: (project: string, traceId: string) => request<TraceDetail>(`${projectBase(project)}/traces/${encodeURIComponent(traceId)}`),
  /** One span with its raw OTLP parts (fetched when selected: a 500-span trace's raw spans are ~1 MB). */
  getRawSpan: (project: string, traceId: string, spanId: string) =>
    request<Span>(`${projectBase(project)}/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}?include_raw_span=true`),
  getTraceMessages: (project: string, traceId: string) => request<Messages>(`${projectBase(project)}/traces/${encodeURIComponent(traceId)}/messages`),
  deleteTrace: (project: string, traceId: string) => request<void>(`${projectBase(project)}/traces/${encodeURIComponent(traceId)}`, { method: 'DELETE' }),
  listSessions: (project: string, page: number, limit: number) =>
    request<Page<Session>>(`${projectBase(project)}/sessions?page=${page}&limit=${limit}&order_by=start_time:desc`),
  getSession: (project: string, sessionId: string) => request<SessionWithTraces>(`${projectBase(project)}/sessions/${encodeURIComponent(sessionId)}`),
  getSessionMessages: (project: string, sessionId: string) =>
    request<Messages>(`${projectBase(project)}/sessions/${encodeURIComponent(sessionId)}/messages`),
};
