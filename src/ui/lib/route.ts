// VIEW LOGIC (web UI): the URL is the state a reload or a pasted link must restore.
// /projects/{project}/traces[/{trace_id}] and /projects/{project}/sessions[/{session_id}].

export type Route =
  | { page: 'traces'; project: string }
  | { page: 'trace'; project: string; traceId: string }
  | { page: 'sessions'; project: string }
  | { page: 'session'; project: string; sessionId: string };

export const DEFAULT_PROJECT = 'default';

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] !== 'projects' || !parts[1]) return { page: 'traces', project: DEFAULT_PROJECT };
  const project = parts[1];
  if (parts[2] === 'sessions') return parts[3] ? { page: 'session', project, sessionId: parts[3] } : { page: 'sessions', project };
  if (parts[2] === 'traces' && parts[3]) return { page: 'trace', project, traceId: parts[3] };
  return { page: 'traces', project };
}

export function formatRoute(route: Route): string {
  const base = `/projects/${encodeURIComponent(route.project)}`;
  switch (route.page) {
    case 'traces': return `${base}/traces`;
    case 'trace': return `${base}/traces/${encodeURIComponent(route.traceId)}`;
    case 'sessions': return `${base}/sessions`;
    case 'session': return `${base}/sessions/${encodeURIComponent(route.sessionId)}`;
  }
}
