// Token usage between our normalized meaning (input includes the cache, output the reasoning)
// and Langfuse's (disjoint usageDetails buckets adding up to total), both directions. The
// Langfuse side follows its ingestion (packages/shared/src/server/ingestion/types.ts:
// OpenAI usage schemas, legacy usage) and public API (reduceUsageOrCostDetails).
import { describe, expect, it } from 'vitest';
import { parseIngestedUsageDetails, sumLangfuseUsage, toLangfuseUsageDetails, type NormalizedTokenCounts } from '../../../src/api/langfuse/usage-details.js';

const counts = (partial: Partial<NormalizedTokenCounts>): NormalizedTokenCounts => ({
  input_tokens: null, output_tokens: null, total_tokens: null, cache_read_tokens: null, cache_write_tokens: null, reasoning_tokens: null, ...partial,
});

describe('toLangfuseUsageDetails (our counts -> Langfuse usageDetails)', () => {
  it('takes cache reads and writes out of input and reasoning out of output', () => {
    const details = toLangfuseUsageDetails(counts({ input_tokens: 1000, output_tokens: 300, total_tokens: 1300, cache_read_tokens: 600, cache_write_tokens: 150, reasoning_tokens: 120 }));
    expect(details).toEqual({ input: 250, input_cached_tokens: 600, input_cache_creation: 150, output: 180, output_reasoning_tokens: 120, total: 1300 });
  });

  it('keeps plain counts as they are and fills total from input + output', () => {
    expect(toLangfuseUsageDetails(counts({ input_tokens: 12, output_tokens: 3 }))).toEqual({ input: 12, output: 3, total: 15 });
  });

  it('never reports a negative bucket when a source claimed more cache than input', () => {
    expect(toLangfuseUsageDetails(counts({ input_tokens: 5, cache_read_tokens: 8, output_tokens: 1 }))).toMatchObject({ input: 0, input_cached_tokens: 8 });
  });

  it('reports nothing for an observation without usage', () => {
    expect(toLangfuseUsageDetails(counts({}))).toEqual({});
  });
});

describe('sumLangfuseUsage (usageDetails -> usage, promptTokens, …)', () => {
  it('sums every key naming input or output, so the legacy fields keep the cache in', () => {
    expect(sumLangfuseUsage({ input: 250, input_cached_tokens: 600, input_cache_creation: 150, output: 180, output_reasoning_tokens: 120, total: 1300 }))
      .toEqual({ input: 1000, output: 300, total: 1300 });
  });

  it('reads total 0 when there is none, as Langfuse does', () => {
    expect(sumLangfuseUsage({})).toEqual({ input: 0, output: 0, total: 0 });
  });
});

describe('parseIngestedUsageDetails (ingestion event -> Langfuse usageDetails)', () => {
  it('keeps Langfuse keys as sent', () => {
    expect(parseIngestedUsageDetails({ input: 10, cache_read_input_tokens: 500, output: 40, unit: 'TOKENS' }, undefined))
      .toEqual({ input: 10, cache_read_input_tokens: 500, output: 40 });
  });

  it('splits an OpenAI Chat Completions usage object into buckets', () => {
    const openAi = {
      prompt_tokens: 200, completion_tokens: 50, total_tokens: 250,
      prompt_tokens_details: { cached_tokens: 150, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 20 },
    };
    expect(parseIngestedUsageDetails(openAi, undefined))
      .toEqual({ input: 50, input_cached_tokens: 150, input_audio_tokens: 0, output: 30, output_reasoning_tokens: 20, total: 250 });
  });

  it('splits an OpenAI Responses usage object into buckets', () => {
    const responses = { input_tokens: 80, output_tokens: 30, total_tokens: 110, input_tokens_details: { cached_tokens: 64 }, output_tokens_details: { reasoning_tokens: 10 } };
    expect(parseIngestedUsageDetails(responses, undefined))
      .toEqual({ input: 16, input_cached_tokens: 64, output: 20, output_reasoning_tokens: 10, total: 110 });
  });

  it('reads the legacy usage in both spellings', () => {
    expect(parseIngestedUsageDetails(undefined, { input: 100, output: 20, unit: 'TOKENS' })).toEqual({ input: 100, output: 20 });
    expect(parseIngestedUsageDetails(null, { promptTokens: 12, completionTokens: 3, totalTokens: 15 })).toEqual({ input: 12, output: 3, total: 15 });
  });

  it('lays usageDetails over the legacy usage when an event has both', () => {
    expect(parseIngestedUsageDetails({ output: 9, input_cached_tokens: 4 }, { input: 6, output: 99, total: 19 }))
      .toEqual({ input: 6, output: 9, total: 19, input_cached_tokens: 4 });
  });

  it('ignores negative, non-numeric and cost values', () => {
    expect(parseIngestedUsageDetails({ input: -1, output: 'x', total: 3 }, { inputCost: 0.1 })).toEqual({ total: 3 });
    expect(parseIngestedUsageDetails({}, null)).toBeUndefined();
  });
});
