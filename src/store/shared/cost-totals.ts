// STORE: how a roll-up's cost reads back (traces, sessions). The stored total is the sum of the
// known costs only; the roll-up also counts its counted generations with usage whose cost is
// known (priced) and not (unpriced), so a reader can tell "unknown" and "incomplete" from 0.

/** The token sums every roll-up (trace, session) keeps, each generation counted once. */
export interface TokenTotals {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
}

/** How a roll-up keeps its cost while writing: the sum of the known costs, and how many counted
 *  generations with usage had a known cost (priced) or none (unpriced). */
export interface CostCounts {
  total_cost: number;
  priced_generation_count: number;
  unpriced_generation_count: number;
}

/** SQL for the total cost: null when generations with usage were counted and none had a known cost. */
export function selectCostTotal(total: string, priced: string, unpriced: string): string {
  return `CASE WHEN ${priced} = 0 AND ${unpriced} > 0 THEN NULL ELSE ${total} END`;
}

/** SQL for whether the total covers every counted generation with usage (1/0). */
export function selectCostComplete(unpriced: string): string {
  return `(${unpriced} = 0)`;
}
