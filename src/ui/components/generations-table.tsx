// Per generation (LLM call) of a trace: model, provider, tokens (input / output / cache /
// reasoning), cost and finish reason, in the order they ran. A long trace shows its first
// rows and a button for the rest: an auto-layout table of 166 rows cost a third of the
// 500-span trace view's first paint (bench/ui.ts), and every generation is in the tree too.
import { useState } from 'preact/hooks';
import type { SpanNode } from '../api/types.js';
import { formatCost, formatDurationMs } from '../lib/format.js';

const FIRST_ROWS = 25;

export function GenerationsTable({ spans, onSelect }: { spans: SpanNode[]; onSelect: (span: SpanNode) => void }) {
  const [showAll, setShowAll] = useState(false);
  const generations = spans.filter((s) => s.observation_type === 'generation' || s.observation_type === 'embedding');
  if (generations.length === 0) return null;
  const shown = showAll ? generations : generations.slice(0, FIRST_ROWS);
  return (
    <section class="panel" aria-labelledby="gen-title">
      <h2 id="gen-title">Generations ({generations.length})</h2>
      <div class="panel-body" style="overflow:auto">
        <table class="generations">
          <thead><tr><th scope="col">Model</th><th scope="col">Provider</th><th scope="col" class="num">In</th><th scope="col" class="num">Out</th><th scope="col" class="num">Cache</th><th scope="col" class="num">Reasoning</th><th scope="col" class="num">Cost</th><th scope="col">Finish</th><th scope="col" class="num">Time</th></tr></thead>
          <tbody>{shown.map((g) => <GenerationRow key={g.span_id} generation={g} onSelect={onSelect} />)}</tbody>
        </table>
        {shown.length < generations.length && (
          <button type="button" class="show-all" onClick={() => setShowAll(true)}>Show all {generations.length} generations</button>
        )}
      </div>
    </section>
  );
}

function GenerationRow({ generation: g, onSelect }: { generation: SpanNode; onSelect: (span: SpanNode) => void }) {
  return (
    <tr>
      <td><button type="button" class="linkish" onClick={() => onSelect(g)}>{g.model ?? g.span_name}</button></td>
      <td>{g.provider ?? ''}</td>
      <td class="num">{g.input_tokens}</td><td class="num">{g.output_tokens}</td>
      <td class="num">{g.cache_read_tokens + g.cache_write_tokens}</td><td class="num">{g.reasoning_tokens}</td>
      <td class="num">{formatCost(g.total_cost)}</td><td>{g.finish_reasons.join(', ')}</td>
      <td class="num">{formatDurationMs(g.duration_ms)}</td>
    </tr>
  );
}
