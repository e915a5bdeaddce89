// NORMALIZE stage, cost: a precomputed cost from attributes (llm.cost.*, gen_ai.usage.cost,
// Langfuse cost_details, operation.cost) or else semconv usage × the model's rates, in USD.
// Cost.input is the uncached input only; cache read/write are priced separately; reasoning is
// part of output unless the price lists a separate reasoning rate. total = sum of the parts.

import type { ModelPriceConfig } from '../config/schema.js';
import { resolveModelRates, type TokenRate, type TokenRates } from './pricing/resolve-model-price.js';
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

/** USD per token for a call whose prompt is `promptTokens` long (a tier starts above its size). */
function perTokenAt(rate: TokenRate, promptTokens: number): number {
  if (typeof rate === 'number') return rate * PER_TOKEN;
  let applies = rate.base;
  for (let i = 0; i < rate.tiers.length; i++) if (promptTokens > rate.tiers[i]!.start) applies = rate.tiers[i]!.price;
  return applies * PER_TOKEN;
}

export function computeCostFromRates(usage: Usage, rates: TokenRates): Cost {
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  // A usage whose cache parts exceed its input (an instrumentation that reports input without
  // the cache) still has a prompt at least that long: tiers go by the whole prompt.
  const promptTokens = Math.max(usage.input ?? 0, cacheRead + cacheWrite);
  const inputRate = perTokenAt(rates.input, promptTokens);
  const reasoning = usage.reasoning ?? 0;
  const billedOutput = rates.reasoning !== null ? Math.max(0, (usage.output ?? 0) - reasoning) : usage.output ?? 0;
  const input = usage.input !== null ? (promptTokens - cacheRead - cacheWrite) * inputRate : null;
  const output = usage.output !== null ? billedOutput * perTokenAt(rates.output, promptTokens) : null;
  const cacheReadCost = usage.cacheRead !== null ? cacheRead * (rates.cacheRead !== null ? perTokenAt(rates.cacheRead, promptTokens) : inputRate) : null;
  const cacheWriteCost = usage.cacheWrite !== null ? cacheWrite * (rates.cacheWrite !== null ? perTokenAt(rates.cacheWrite, promptTokens) : inputRate) : null;
  const reasoningCost = rates.reasoning !== null && usage.reasoning !== null ? reasoning * perTokenAt(rates.reasoning, promptTokens) : null;
  const total = (input ?? 0) + (output ?? 0) + (cacheReadCost ?? 0) + (cacheWriteCost ?? 0) + (reasoningCost ?? 0);
  return { input, output, cacheRead: cacheReadCost, cacheWrite: cacheWriteCost, reasoning: reasoningCost, total, source: 'price_table' };
}

/** What the price of a call depends on: its model (response, else request), its provider, when it ran. */
export interface PricedCall {
  model: string | null;
  provider: string | null;
  startNs: bigint;
}

/** The span's cost: the attribute cost wins; else usage × the model's rates; else unknown (null, never 0). */
export function resolveCost(attributeCost: Cost | null, usage: Usage, call: PricedCall, overrides?: Record<string, ModelPriceConfig>): Cost {
  if (attributeCost !== null) return attributeCost;
  if (call.model === null || (usage.input === null && usage.output === null)) return createEmptyCost();
  const rates = resolveModelRates(call.model, call.provider, call.startNs, overrides);
  return rates === null ? createEmptyCost() : computeCostFromRates(usage, rates);
}
