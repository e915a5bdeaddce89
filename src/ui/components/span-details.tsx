// The selected span: what it is, its GenAI figures (model, provider, tokens, cost, finish
// reasons) and its raw OTLP parts as collapsible JSON.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { SpanNode } from '../api/types.js';
import { formatCost, formatDurationMs, formatExactTime } from '../lib/format.js';
import { JsonView } from './json-view.js';

const RAW_SPAN_DELAY_MS = 120;

export function SpanDetails({ span, project }: { span: SpanNode; project: string }) {
  const [raw, setRaw] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    setRaw(null);
    // Read once the selection rests (an arrow key held down passes many spans), and never
    // show a late answer for a span already left.
    let current = true;
    const timer = setTimeout(() => {
      api.getRawSpan(project, span.trace_id, span.span_id)
        .then((s) => current && setRaw((s.raw_span ?? {}) as Record<string, unknown>), () => current && setRaw({}));
    }, RAW_SPAN_DELAY_MS);
    return () => { current = false; clearTimeout(timer); };
  }, [project, span.trace_id, span.span_id]);
  const facts: [string, string | null][] = [
    ['Span id', span.span_id], ['Kind', `${span.observation_type} · ${span.span_kind}`], ['Status', `${span.status_code}${span.status_message ? `: ${span.status_message}` : ''}`],
    ['Start', formatExactTime(span.timestamp_start)], ['Duration', formatDurationMs(span.duration_ms)], ['Framework', span.framework],
    ['Model', span.model], ['Provider', span.provider], ['Tool', span.tool_name], ['Agent', span.agent_name],
    ['Tokens', span.total_tokens ? `${span.input_tokens} in / ${span.output_tokens} out / ${span.cache_read_tokens} cache read / ${span.reasoning_tokens} reasoning` : null],
    ['Cost', span.total_tokens ? formatCost(span.total_cost) : null], ['Finish', span.finish_reasons.join(', ') || null],
  ];
  return (
    <section class="panel" aria-labelledby="span-title">
      <h2 id="span-title">{span.span_name}</h2>
      <div class="panel-body">
        <dl class="kv">{facts.filter(([, v]) => v).map(([k, v]) => <><dt key={k}>{k}</dt><dd>{v}</dd></>)}</dl>
        {raw === null && <p class="soft">Loading raw span…</p>}
        {raw && (['attributes', 'events', 'links', 'resource', 'scope'] as const).map((part) => raw[part] !== undefined && <JsonView key={part} title={part} value={raw[part]} open={part === 'attributes'} />)}
      </div>
    </section>
  );
}
