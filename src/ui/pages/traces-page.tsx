// PAGE (web UI): the traces list of a project — newest first, searched and filtered on the
// server, windowed, live.
import { useState } from 'preact/hooks';
import type { Trace } from '../api/types.js';
import { EmptyState } from '../components/empty-state.js';
import { TagChips } from '../components/list-tags.js';
import { RelativeTime } from '../components/list-time.js';
import { TraceFilters } from '../components/trace-filters.js';
import { VirtualList } from '../components/virtual-list.js';
import { formatCost, formatDurationMs, formatTokens, toOneLine } from '../lib/format.js';
import { followLink } from '../lib/navigation.js';
import { formatRoute, type Route } from '../lib/route.js';
import { EMPTY_QUERY, isQueryEmpty, type TraceQuery } from '../lib/trace-query.js';
import { useTraceList } from './use-trace-list.js';

const ROW_HEIGHT = 40;
const COLUMNS = '--cols: minmax(160px,1.3fr) 80px 72px 60px 100px minmax(160px,2fr) 100px 120px 100px';

export function TracesPage({ project }: { project: string }) {
  const [query, setQuery] = useState<TraceQuery>(EMPTY_QUERY);
  const list = useTraceList(project, query);
  if (!list.loading && !list.error && list.rows.length === 0 && isQueryEmpty(query)) return <EmptyState project={project} />;
  return (
    <>
      <h1 class="sr-only">Traces in {project}</h1>
      <TraceFilters project={project} query={query} onChange={setQuery} />
      <p class="soft" aria-live="polite">{list.error ? 'No traces listed' : `${list.total}${list.totalCapped ? '+' : ''} ${list.total === 1 ? 'trace' : 'traces'}`}</p>
      <div style={COLUMNS}>
        <div class="list-head" aria-hidden="true">
          <span>Name</span><span>Start</span><span class="num">Duration</span><span class="num">Tokens</span><span class="num">Cost</span>
          <span>Input</span><span>User</span><span>Session</span><span>Environment</span>
        </div>
        {list.error && <p class="list-error error-text" role="alert">{list.error}</p>}
        {!list.loading && !list.error && list.rows.length === 0 && <p class="soft">No traces match these filters.</p>}
        <VirtualList rows={list.rows} rowHeight={ROW_HEIGHT} label="Traces" addedOnTop={list.addedOnTop} keyOf={(t) => t.trace_id}
          onNearEnd={list.loadMore} renderRow={(trace, style) => <TraceRow key={trace.trace_id} trace={trace} project={project} style={style} />} />
      </div>
    </>
  );
}

function TraceRow({ trace, project, style }: { trace: Trace; project: string; style: string }) {
  const route: Route = { page: 'trace', project, traceId: trace.trace_id };
  const open = followLink(route);
  return (
    <div class="list-row" role="listitem" style={style} onClick={open} data-trace-id={trace.trace_id}>
      <span class="name">
        {trace.has_error && <span class="badge error">error</span>}
        <a href={formatRoute(route)} onClick={open}>{trace.trace_name ?? trace.trace_id.slice(0, 12)}</a>
        <TagChips tags={trace.tags} />
      </span>
      <RelativeTime iso={trace.start_time} />
      <span class="num">{formatDurationMs(trace.duration_ms)}</span>
      <span class="num" title={`${trace.input_tokens} in / ${trace.output_tokens} out`}>{formatTokens(trace.total_tokens)}</span>
      <span class="num">{formatCost(trace.total_cost, trace.cost_complete)}</span>
      <span class="soft" title={trace.input_preview ?? undefined}>{toOneLine(trace.input_preview)}</span>
      <span>{trace.user_id ?? ''}</span>
      <span class="mono">{trace.session_id ?? ''}</span>
      <span>{trace.environment ?? ''}</span>
    </div>
  );
}
