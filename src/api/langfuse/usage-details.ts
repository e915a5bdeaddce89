// QUERY/SERVE (Langfuse family): token usage between our normalized meaning and Langfuse's.
// Ours (OTel semconv): input includes cache reads and writes, output includes reasoning.
// Langfuse's usageDetails are disjoint buckets that add up to `total`: `input` is only the
// uncached part, the cache and reasoning have keys of their own, and its legacy fields
// (usage.input, promptTokens, inputUsage) are the sum of every key that names input.
// Both directions live here so a round trip through the Langfuse API keeps the counts.

import type { SpanRow } from '../../store/shared/rows.js';

/** Normalized counts of one observation, as the store keeps them. */
export type NormalizedTokenCounts = Pick<SpanRow, 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cache_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens'>;

export type UsageDetails = Record<string, number>;

/** Our counts as Langfuse usageDetails: input and output without their cache/reasoning parts. */
export function toLangfuseUsageDetails(counts: NormalizedTokenCounts): UsageDetails {
  const details: UsageDetails = {};
  const put = (key: string, value: number | null): void => {
    if (value !== null) details[key] = value;
  };
  const { input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, reasoning_tokens: reasoning } = counts;
  // Clamped: a source that reported a cache larger than its input must not yield a negative bucket.
  put('input', input === null ? null : Math.max(input - (cacheRead ?? 0) - (cacheWrite ?? 0), 0));
  put('output', output === null ? null : Math.max(output - (reasoning ?? 0), 0));
  put('input_cached_tokens', cacheRead);
  put('input_cache_creation', cacheWrite);
  put('output_reasoning_tokens', reasoning);
  const hasTokens = input !== null || output !== null;
  put('total', counts.total_tokens ?? (hasTokens ? (input ?? 0) + (output ?? 0) : null));
  return details;
}

/** Langfuse's legacy totals from usageDetails: every key naming input (or output) summed;
 *  total is the `total` key, 0 when absent — the derivation Langfuse's public API applies. */
export function sumLangfuseUsage(details: UsageDetails): { input: number; output: number; total: number } {
  let input = 0;
  let output = 0;
  for (const [key, value] of Object.entries(details)) {
    if (key.includes('input')) input += value;
    if (key.includes('output')) output += value;
  }
  return { input, output, total: details.total ?? 0 };
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

const LEGACY_COST_KEYS = new Set(['unit', 'inputCost', 'outputCost', 'totalCost']);

/** An ingestion event's usage in Langfuse's keys: the legacy `usage` ({input, output, total}
 *  or {promptTokens, completionTokens, totalTokens}) first, `usageDetails` over it — itself
 *  Langfuse keys or an OpenAI usage object (Chat Completions or Responses), whose token
 *  details become `input_*` / `output_*` buckets taken out of input and output. */
export function parseIngestedUsageDetails(details: Record<string, unknown> | null | undefined, usage: Record<string, unknown> | null | undefined): UsageDetails | undefined {
  const out: UsageDetails = { ...parseLegacyUsage(usage) };
  if (details) Object.assign(out, parseOpenAiUsage(details) ?? parseFlatDetails(details));
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseLegacyUsage(usage: Record<string, unknown> | null | undefined): UsageDetails {
  if (!usage) return {};
  const openAiStyle = 'promptTokens' in usage || 'completionTokens' in usage || 'totalTokens' in usage;
  const input = count(openAiStyle ? usage.promptTokens : usage.input);
  const output = count(openAiStyle ? usage.completionTokens : usage.output);
  const total = count(openAiStyle ? usage.totalTokens : usage.total);
  const out: UsageDetails = {};
  if (input !== undefined) out.input = input;
  if (output !== undefined) out.output = output;
  if (total !== undefined) out.total = total;
  return out;
}

function parseFlatDetails(details: Record<string, unknown>): UsageDetails {
  const out: UsageDetails = {};
  for (const [key, value] of Object.entries(details)) {
    const n = count(value);
    if (n !== undefined && !LEGACY_COST_KEYS.has(key)) out[key] = n;
  }
  return out;
}

/** OpenAI's usage objects, recognized by their three counts as Langfuse does. */
function parseOpenAiUsage(details: Record<string, unknown>): UsageDetails | null {
  const chat = count(details.prompt_tokens) !== undefined && count(details.completion_tokens) !== undefined;
  const responses = count(details.input_tokens) !== undefined && count(details.output_tokens) !== undefined;
  if (!chat && !responses) return null;
  const out: UsageDetails = {
    input: count(chat ? details.prompt_tokens : details.input_tokens)!,
    output: count(chat ? details.completion_tokens : details.output_tokens)!,
  };
  const total = count(details.total_tokens);
  if (total !== undefined) out.total = total;
  splitTokenDetails(out, 'input', details[chat ? 'prompt_tokens_details' : 'input_tokens_details']);
  splitTokenDetails(out, 'output', details[chat ? 'completion_tokens_details' : 'output_tokens_details']);
  return out;
}

function splitTokenDetails(out: UsageDetails, side: 'input' | 'output', tokenDetails: unknown): void {
  if (typeof tokenDetails !== 'object' || tokenDetails === null) return;
  for (const [key, value] of Object.entries(tokenDetails)) {
    const n = count(value);
    if (n === undefined) continue;
    out[`${side}_${key}`] = n;
    out[side] = Math.max(out[side]! - n, 0);
  }
}
