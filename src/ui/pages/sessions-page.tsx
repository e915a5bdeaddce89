// PAGE (web UI): the sessions of a project, newest first (user, traces, tokens, cost,
// last activity, ageing with the page clock), windowed like the traces list.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { Session } from '../api/types.js';
import { RelativeTime } from '../components/list-time.js';
import { VirtualList } from '../components/virtual-list.js';
import { formatCost, formatTokens } from '../lib/format.js';
import { appendPage } from '../lib/list-merge.js';
import { followLink } from '../lib/navigation.js';
import { formatRoute, type Route } from '../lib/route.js';

const PAGE_SIZE = 100;
const COLUMNS = '--cols: minmax(200px,2fr) 140px 70px 80px 100px 120px';
const keyOf = (s: Session) => s.session_id;

export function SessionsPage({ project }: { project: string }) {
  const [rows, setRows] = useState<Session[]>([]);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const loadPage = (page: number) => api.listSessions(project, page, PAGE_SIZE).then((result) => {
    setRows((shown) => (page === 1 ? result.data : appendPage(shown, result.data, keyOf)));
    setTotal(result.meta.total_items);
    setLoaded(page);
  }, (err: Error) => setError(err.message));
  useEffect(() => { setRows([]); void loadPage(1); }, [project]);
  return (
    <>
      <h1 class="sr-only">Sessions in {project}</h1>
      <p class="soft" aria-live="polite">{error ? <span class="error-text">{error}</span> : `${total} ${total === 1 ? "session" : "sessions"}`}</p>
      {loaded > 0 && rows.length === 0 && <p>No sessions yet: spans get one from a <code>session.id</code> (or <code>gen_ai.conversation.id</code>) attribute.</p>}
      <div style={COLUMNS}>
        <div class="list-head" aria-hidden="true">
          <span>Session</span><span>User</span><span class="num">Traces</span><span class="num">Tokens</span><span class="num">Cost</span><span>Last activity</span>
        </div>
        <VirtualList rows={rows} rowHeight={40} label="Sessions" addedOnTop={0} keyOf={keyOf}
          onNearEnd={() => { if (loaded > 0 && rows.length < total) void loadPage(loaded + 1); }}
          renderRow={(session, style) => <SessionRow key={session.session_id} session={session} project={project} style={style} />} />
      </div>
    </>
  );
}

function SessionRow({ session, project, style }: { session: Session; project: string; style: string }) {
  const route: Route = { page: 'session', project, sessionId: session.session_id };
  const open = followLink(route);
  const last = session.end_time ?? session.start_time;
  return (
    <div class="list-row" role="listitem" style={style} onClick={open}>
      <span class="name"><a href={formatRoute(route)} onClick={open}>{session.session_id}</a></span>
      <span>{session.user_id ?? ''}</span>
      <span class="num">{session.trace_count}</span>
      <span class="num">{formatTokens(session.total_tokens)}</span>
      <span class="num">{formatCost(session.total_cost, session.cost_complete)}</span>
      <RelativeTime iso={last} />
    </div>
  );
}
