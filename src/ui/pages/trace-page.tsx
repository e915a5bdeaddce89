// PAGE (web UI): one trace at its own URL — summary, span tree with waterfall, the selected
// span's details, generations, and the conversation; delete with a confirmation.
// A 500-span trace must paint within 1 s (issue #20, bench/ui.ts): the tree is windowed,
// the conversation's off-screen cards are skipped by the browser, and the conversation is
// memoized so moving through the tree re-renders the tree and the details only.
import { useMemo, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { SpanNode, TraceDetail } from '../api/types.js';
import { ConversationView } from '../components/conversation-view.js';
import { GenerationsTable } from '../components/generations-table.js';
import { SpanDetails } from '../components/span-details.js';
import { SpanTree } from '../components/span-tree.js';
import { formatCost, formatDurationMs, formatExactTime } from '../lib/format.js';
import { followLink, navigate } from '../lib/navigation.js';
import { formatRoute } from '../lib/route.js';
import { flattenSpans } from '../lib/span-rows.js';
import { useLoaded } from './use-loaded.js';

export function TracePage({ project, traceId }: { project: string; traceId: string }) {
  const key = `${project}/${traceId}`;
  const { value: trace, error } = useLoaded(() => api.getTrace(project, traceId), key);
  // A conversation that cannot be read stays "Loading…": the trace itself still shows.
  const { value: messages } = useLoaded(() => api.getTraceMessages(project, traceId), key);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const spans = useMemo(() => (trace ? flattenSpans(trace.spans) : []), [trace]);
  const conversation = useMemo(() => (messages ? <ConversationView messages={messages.messages} /> : <p class="soft">Loading…</p>), [messages]);
  if (error) return <p class="error-text" role="alert">Trace {traceId}: {error}</p>;
  if (!trace) return <p class="soft">Loading trace…</p>;
  const selected = spans.find((s) => s.span_id === selectedId) ?? spans[0];
  const deleteTrace = async () => {
    if (!confirm(`Delete trace ${trace.trace_name ?? traceId} and all its spans? This cannot be undone.`)) return;
    await api.deleteTrace(project, traceId);
    navigate({ page: 'traces', project });
  };
  return (
    <>
      <TraceHeader trace={trace} project={project} onDelete={deleteTrace} />
      <div class="trace-layout">
        <div>
          <section class="panel" aria-labelledby="tree-title">
            <h2 id="tree-title">Spans ({spans.length})</h2>
            <SpanTree roots={trace.spans} selectedId={selected?.span_id ?? null} onSelect={(s: SpanNode) => setSelectedId(s.span_id)} />
          </section>
          <GenerationsTable spans={spans} onSelect={(s) => setSelectedId(s.span_id)} />
          {selected && <SpanDetails span={selected} project={project} />}
        </div>
        <section class="panel" aria-labelledby="conv-title">
          <h2 id="conv-title">Conversation</h2>
          <div class="panel-body">{conversation}</div>
        </section>
      </div>
    </>
  );
}

function TraceHeader({ trace, project, onDelete }: { trace: TraceDetail; project: string; onDelete: () => void }) {
  const sessionRoute = trace.session_id ? { page: 'session' as const, project, sessionId: trace.session_id } : null;
  return (
    <div class="trace-head">
      <h1>{trace.trace_name ?? trace.trace_id}</h1>
      {trace.has_error && <span class="badge error">error</span>}
      <span title={formatExactTime(trace.start_time)}>{formatExactTime(trace.start_time)}</span>
      <span>{formatDurationMs(trace.duration_ms)}</span>
      <span>{trace.total_tokens} tokens ({trace.input_tokens} in / {trace.output_tokens} out)</span>
      <span>{formatCost(trace.total_cost, trace.cost_complete)}</span>
      {trace.user_id && <span>user {trace.user_id}</span>}
      {sessionRoute && <a href={formatRoute(sessionRoute)} onClick={followLink(sessionRoute)}>session {trace.session_id}</a>}
      <span class="mono soft">{trace.trace_id}</span>
      <button type="button" class="danger" onClick={onDelete}>Delete trace</button>
    </div>
  );
}
