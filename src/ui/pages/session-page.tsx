// PAGE (web UI): one session — its totals, its traces, and the whole conversation across
// them in order, with a boundary (linking to the trace) where each trace's turns begin.
// A long session stays cheap the way the trace view does: the browser skips the message
// cards out of view (ConversationView), and the conversation is built once per load.
import { useMemo } from 'preact/hooks';
import { api } from '../api/client.js';
import type { Message, SessionWithTraces } from '../api/types.js';
import { ConversationView } from '../components/conversation-view.js';
import { formatCost, formatDurationMs, formatExactTime, formatTokens, toOneLine } from '../lib/format.js';
import { followLink } from '../lib/navigation.js';
import { formatRoute, type Route } from '../lib/route.js';
import { useLoaded } from './use-loaded.js';

export function SessionPage({ project, sessionId }: { project: string; sessionId: string }) {
  const key = `${project}/${sessionId}`;
  const { value: session, error } = useLoaded(() => api.getSession(project, sessionId), key);
  const { value: messages } = useLoaded(() => api.getSessionMessages(project, sessionId), key);
  const conversation = useMemo(
    () => (session && messages ? <SessionConversation session={session} project={project} messages={messages.messages} /> : <p class="soft">Loading…</p>),
    [session, messages, project],
  );
  if (error) return <p class="error-text" role="alert">Session {sessionId}: {error}</p>;
  if (!session) return <p class="soft">Loading session…</p>;
  return (
    <>
      <div class="trace-head">
        <h1>Session {session.session_id}</h1>
        {session.user_id && <span>user {session.user_id}</span>}
        <span>{session.trace_count} traces</span>
        <span>{session.total_tokens} tokens</span>
        <span>{formatCost(session.total_cost, session.cost_complete)}</span>
        <span>{formatDurationMs(session.duration_ms)}</span>
        <span title={formatExactTime(session.start_time)}>from {formatExactTime(session.start_time)}</span>
      </div>
      <SessionTraces session={session} project={project} />
      <section class="panel" aria-labelledby="session-conv-title">
        <h2 id="session-conv-title">Conversation</h2>
        <div class="panel-body">{conversation}</div>
      </section>
    </>
  );
}

/** The conversation across the session's traces, with a boundary linking to the trace
 *  wherever the next message belongs to another trace than the one before. */
function SessionConversation({ session, project, messages }: { session: SessionWithTraces; project: string; messages: Message[] }) {
  const traceNames = new Map(session.traces.map((t) => [t.trace_id, t.trace_name ?? t.trace_id]));
  const boundary = (message: Message, index: number) => {
    if (index > 0 && messages[index - 1]!.trace_id === message.trace_id) return null;
    const route: Route = { page: 'trace', project, traceId: message.trace_id };
    return (
      <div class="boundary">
        Trace <a href={formatRoute(route)} onClick={followLink(route)}>{traceNames.get(message.trace_id) ?? message.trace_id}</a>
        {message.timestamp && <span class="soft"> · {formatExactTime(message.timestamp)}</span>}
      </div>
    );
  };
  return <ConversationView messages={messages} renderBoundary={boundary} />;
}

/** The session's traces in order; the conversation below shows each turn once (repeated
 *  history is de-duplicated by the API), so this is where every trace is listed. */
function SessionTraces({ session, project }: { session: SessionWithTraces; project: string }) {
  return (
    <section class="panel" aria-labelledby="session-traces-title">
      <h2 id="session-traces-title">Traces ({session.traces.length})</h2>
      <ol class="panel-body session-traces">
        {session.traces.map((trace) => {
          const route: Route = { page: 'trace', project, traceId: trace.trace_id };
          return (
            <li key={trace.trace_id}>
              <a href={formatRoute(route)} onClick={followLink(route)}>{trace.trace_name ?? trace.trace_id}</a>
              <span class="soft"> · {formatExactTime(trace.start_time)} · {formatTokens(trace.total_tokens)} tokens · {formatCost(trace.total_cost, trace.cost_complete)} · {toOneLine(trace.input_preview, 80)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
