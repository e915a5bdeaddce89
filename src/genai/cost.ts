// NORMALIZE stage, cost: a precomputed cost from attributes (llm.cost.*, gen_ai.usage.cost,
// Langfuse cost_details, operation.cost) or else semconv usage × model price, in USD.
// Cost.input is the uncached input only; cache read/write are priced separately; reasoning is
// part of output unless the price lists a separate reasoning rate. total = sum of the parts.

import { resolveModelPrice, type ModelPrice } from './pricing/resolve-model-price.js';
import type { Cost, Usage } from './types.js';

const PER_TOKEN = 1 / 1_000_000;
const COST_PARTS = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning'] as const;

export function createEmptyCost(): Cost {
  return { input: null, output: null, cacheRead: null, cacheWrite: null, reasoning: null, total: null, source: null };
}

/** A cost found in attributes; null when no part is a usable number. */
export function createAttributeCost(parts: Partial<Cost>): Cost | null {
  const cost = createEmptyCost();
  let found = false;
  for (const part of [...COST_PARTS, 'total'] as const) {
    const value = parts[part];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      cost[part] = value;
      found = true;
    }
  }
  if (!found) return null;
  cost.total ??= COST_PARTS.reduce((sum, part) => sum + (cost[part] ?? 0), 0);
  cost.source = 'attribute';
  return cost;
}

export function computeCostFromPrice(usage: Usage, price: ModelPrice): Cost {
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  const uncachedInput = Math.max(0, (usage.input ?? 0) - cacheRead - cacheWrite);
  const reasoning = usage.reasoning ?? 0;
  const pricesReasoning = price.reasoning !== undefined;
  const billedOutput = pricesReasoning ? Math.max(0, (usage.output ?? 0) - reasoning) : usage.output ?? 0;
  const cost: Cost = {
    input: usage.input !== null ? uncachedInput * price.input * PER_TOKEN : null,
    output: usage.output !== null ? billedOutput * price.output * PER_TOKEN : null,
    cacheRead: usage.cacheRead !== null ? cacheRead * (price.cache_read ?? price.input) * PER_TOKEN : null,
    cacheWrite: usage.cacheWrite !== null ? cacheWrite * (price.cache_write ?? price.input) * PER_TOKEN : null,
    reasoning: pricesReasoning && usage.reasoning !== null ? reasoning * price.reasoning! * PER_TOKEN : null,
    total: null,
    source: 'price_table',
  };
  cost.total = COST_PARTS.reduce((sum, part) => sum + (cost[part] ?? 0), 0);
  return cost;
}

/** The span's cost: the attribute cost wins; else usage × price of the (response, else request) model. */
export function resolveCost(
  attributeCost: Cost | null,
  usage: Usage,
  model: string | null,
  overrides?: Record<string, ModelPrice>,
): Cost {
  if (attributeCost !== null) return attributeCost;
  if (model === null || (usage.input === null && usage.output === null)) return createEmptyCost();
  const price = resolveModelPrice(model, overrides);
  return price === null ? createEmptyCost() : computeCostFromPrice(usage, price);
}
