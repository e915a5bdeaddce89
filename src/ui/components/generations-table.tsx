// Per generation (LLM call) of a trace: model, provider, tokens (input / output / cache /
// reasoning), cost and finish reason, in the order they ran.
import type { SpanNode } from '../api/types.js';
import { formatCost, formatDurationMs } from '../lib/format.js';

export function GenerationsTable({ spans, onSelect }: { spans: SpanNode[]; onSelect: (span: SpanNode) => void }) {
  const generations = spans.filter((s) => s.observation_type === 'generation' || s.observation_type === 'embedding');
  if (generations.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="gen-title">
      <h2 id="gen-title">Generations</h2>
      <div class="panel-body" style="overflow:auto">
        <table class="generations">
          <thead><tr><th scope="col">Model</th><th scope="col">Provider</th><th scope="col" class="num">In</th><th scope="col" class="num">Out</th><th scope="col" class="num">Cache</th><th scope="col" class="num">Reasoning</th><th scope="col" class="num">Cost</th><th scope="col">Finish</th><th scope="col" class="num">Time</th></tr></thead>
          <tbody>
            {generations.map((g) => (
              <tr key={g.span_id}>
                <td><button type="button" class="linkish" onClick={() => onSelect(g)}>{g.model ?? g.span_name}</button></td>
                <td>{g.provider ?? ''}</td>
                <td class="num">{g.input_tokens}</td><td class="num">{g.output_tokens}</td>
                <td class="num">{g.cache_read_tokens + g.cache_write_tokens}</td><td class="num">{g.reasoning_tokens}</td>
                <td class="num">{formatCost(g.total_cost)}</td><td>{g.finish_reasons.join(', ')}</td>
                <td class="num">{formatDurationMs(g.duration_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
