// Prices from @pydantic/genai-prices (v0.1.8 data; each figure below is the catalogue's list price
// per 1M tokens, read from its data and written here by hand), tiers, dated prices, config overrides,
// unknown models; cost arithmetic; finish reasons and provider names.
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { computeCostFromRates, resolveCost, type PricedCall } from '../../src/genai/cost.js';
import { normalizeFinishReason } from '../../src/genai/finish-reason.js';
import { resolveModelRates } from '../../src/genai/pricing/resolve-model-price.js';
import type { Usage } from '../../src/genai/types.js';
import { inferProviderFromModel, normalizeProvider } from '../../src/genai/provider.js';
import { int, normalize } from './span-builder.js';

const DEC_2025_NS = BigInt(Date.parse('2025-12-01T20:00:00Z')) * 1_000_000n;
const usageOf = (input: number, output: number, cacheRead: number | null = null, cacheWrite: number | null = null): Usage =>
  ({ input, output, total: input + output, cacheRead, cacheWrite, reasoning: null });
const costOf = (model: string, provider: string | null, usage: Usage, startNs = DEC_2025_NS) =>
  resolveCost(null, usage, { model, provider, startNs } satisfies PricedCall).total;

describe('prices from the catalogue', () => {
  // [model as spans carry it, span provider, input $/1M, output $/1M]
  it.each([
    ['gpt-5.1', 'openai', 1.25, 10],
    ['gpt-4o-2024-08-06', 'openai', 2.5, 10],
    ['gpt-4o-mini', null, 0.15, 0.6],
    ['openai/gpt-4o-mini', null, 0.15, 0.6],
    ['o3-pro', 'openai', 20, 80],
    ['gpt-4o', 'azure.ai.openai', 2.5, 10],
    ['claude-sonnet-4-5-20250929', 'anthropic', 3, 15],
    ['claude-3-5-haiku-latest', 'anthropic', 0.8, 4],
    ['claude-haiku-4-5', null, 1, 5],
    ['gemini-3-pro-preview', 'gcp.gemini', 2, 12],
    ['gemini-2.5-flash', 'gcp.vertex_ai', 0.3, 2.5],
    ['models/gemini-2.5-flash', null, 0.3, 2.5],
    // Bedrock: the catalogue's regional (us./eu./…) Claude 4.5 price is 10% over the global one.
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'aws.bedrock', 1.1, 5.5],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws.bedrock', 3, 15],
    ['us.amazon.nova-pro-v1:0', 'aws.bedrock', 0.8, 3.2],
    ['mistral.mistral-large-2402-v1:0', 'aws.bedrock', 4, 12],
    ['mistral-large-latest', 'mistral_ai', 2, 6],
    ['mistral-small-latest', 'mistral_ai', 0.1, 0.3],
    ['codestral-latest', null, 0.3, 0.9],
  ])('%s (%s) -> $%s in, $%s out per 1M', (model, provider, input, output) => {
    // 100k tokens: below the 200k long-prompt tier some of these models have.
    expect(costOf(model, provider, usageOf(100_000, 0))).toBeCloseTo(input / 10, 9);
    expect(costOf(model, provider, usageOf(0, 100_000))).toBeCloseTo(output / 10, 9);
  });

  it('agrees with the catalogue\'s own calculation, cache and tiers included', () => {
    const cases: [string, string, number, number, number, number][] = [
      ['claude-sonnet-4-5-20250929', 'anthropic', 12_000, 800, 9_000, 2_000],
      ['claude-sonnet-4-5-20250929', 'anthropic', 300_000, 1_000, 100_000, 0],
      ['gemini-3-pro-preview', 'google', 250_000, 4_000, 50_000, 0],
      ['gpt-5.1', 'openai', 5_000, 700, 4_096, 0],
      ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'aws', 3_000, 200, 1_000, 500],
    ];
    for (const [model, catalogProvider, input, output, cacheRead, cacheWrite] of cases) {
      const ours = costOf(model, catalogProvider, usageOf(input, output, cacheRead, cacheWrite));
      const theirs = calcPrice({ input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite }, model, { providerId: catalogProvider });
      expect(ours).toBeCloseTo(theirs!.total_price, 12);
    }
  });

  it('prices cached tokens at their own rates (Anthropic: read 0.3, write 3.75 per 1M)', () => {
    const cost = resolveCost(null, usageOf(10_000, 1_000, 6_000, 2_000), { model: 'claude-sonnet-4-5-20250929', provider: 'anthropic', startNs: DEC_2025_NS });
    expect(cost.input).toBeCloseTo(2_000 * 3e-6, 12);
    expect(cost.cacheRead).toBeCloseTo(6_000 * 0.3e-6, 12);
    expect(cost.cacheWrite).toBeCloseTo(2_000 * 3.75e-6, 12);
    expect(cost.output).toBeCloseTo(1_000 * 15e-6, 12);
    expect(cost.total).toBeCloseTo(0.006 + 0.0018 + 0.0075 + 0.015, 12);
    expect(cost.source).toBe('price_table');
  });

  it('switches to the long-prompt tier above 200k prompt tokens (gemini-3-pro-preview: 4 in, 18 out)', () => {
    expect(costOf('gemini-3-pro-preview', 'gcp.gemini', usageOf(200_000, 1_000))).toBeCloseTo(200_000 * 2e-6 + 1_000 * 12e-6, 12);
    expect(costOf('gemini-3-pro-preview', 'gcp.gemini', usageOf(200_001, 1_000))).toBeCloseTo(200_001 * 4e-6 + 1_000 * 18e-6, 12);
  });

  it('takes the price in force when the call ran (o3 was cut to 2/8 on 2025-06-10; DeepSeek off-peak)', () => {
    const at = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
    expect(costOf('o3', 'openai', usageOf(1_000_000, 0), at('2025-05-01T12:00:00Z'))).toBeCloseTo(10, 9);
    expect(costOf('o3', 'openai', usageOf(1_000_000, 0), at('2025-07-01T12:00:00Z'))).toBeCloseTo(2, 9);
    expect(costOf('deepseek-chat', 'deepseek', usageOf(1_000_000, 0), at('2025-12-01T03:00:00Z'))).toBeCloseTo(0.27, 9);
    expect(costOf('deepseek-chat', 'deepseek', usageOf(1_000_000, 0), at('2025-12-01T20:00:00Z'))).toBeCloseTo(0.135, 9);
  });

  it('knows no price for a model the catalogue lacks: null, never 0', () => {
    expect(resolveModelRates('my-finetune-7b', 'openai', DEC_2025_NS)).toBeNull();
    expect(resolveModelRates('nonexistent-model-id-12345', null, DEC_2025_NS)).toBeNull();
    expect(resolveModelRates('deepseek-r1:8b', 'ollama', DEC_2025_NS)).toBeNull(); // a local model, not DeepSeek's API
    const cost = resolveCost(null, usageOf(100, 20), { model: 'my-finetune-7b', provider: 'openai', startNs: DEC_2025_NS });
    expect(cost).toMatchObject({ input: null, output: null, total: null, source: null });
    const out = normalize({ attributes: { 'gen_ai.request.model': 'llama-local-x', 'gen_ai.usage.input_tokens': int(10), 'gen_ai.usage.output_tokens': int(5) } });
    expect(out.cost.total).toBeNull();
  });

  it('config overrides win over the catalogue, by exact id or stripped spelling', () => {
    const overrides = { 'gpt-4o': { input: 1, output: 2 }, 'my-model': { input: 5, output: 6 } };
    expect(resolveModelRates('gpt-4o-2024-08-06', 'openai', DEC_2025_NS, overrides)?.input).toBe(1);
    expect(resolveModelRates('my-model', null, DEC_2025_NS, overrides)?.output).toBe(6);
    expect(resolveModelRates('gpt-4o-mini', 'openai', DEC_2025_NS, overrides)?.input).toBe(0.15);
    const out = normalize({ attributes: { 'gen_ai.request.model': 'my-model', 'gen_ai.usage.input_tokens': int(1_000_000), 'gen_ai.usage.output_tokens': int(0) } }, { priceOverrides: overrides });
    expect(out.cost).toMatchObject({ total: 5, source: 'price_table' });
  });

  it('a precomputed cost attribute wins over the catalogue', () => {
    const out = normalize({ attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': int(1_000_000), 'gen_ai.usage.output_tokens': int(0), 'gen_ai.usage.cost': 0.42 } });
    expect(out.cost).toMatchObject({ total: 0.42, source: 'attribute' });
  });
});

describe('computeCostFromRates', () => {
  it('uses a separate reasoning rate when given, and the input rate when cache rates are absent', () => {
    const cost = computeCostFromRates({ input: 100, output: 50, total: 150, cacheRead: 50, cacheWrite: null, reasoning: 20 }, { input: 1, output: 2, cacheRead: null, cacheWrite: null, reasoning: 4 });
    expect(cost.cacheRead).toBeCloseTo(50e-6, 12);
    expect(cost.output).toBeCloseTo(30 * 2e-6, 12);
    expect(cost.reasoning).toBeCloseTo(20 * 4e-6, 12);
  });

  it('bills reasoning as output when no reasoning rate is listed', () => {
    const cost = computeCostFromRates({ input: 0, output: 100, total: 100, cacheRead: null, cacheWrite: null, reasoning: 60 }, { input: 1, output: 2, cacheRead: null, cacheWrite: null, reasoning: null });
    expect(cost.output).toBeCloseTo(100 * 2e-6, 12);
    expect(cost.reasoning).toBeNull();
  });
});

describe('finish reasons', () => {
  it.each([
    ['stop', 'stop'], ['end_turn', 'stop'], ['STOP', 'stop'], ['stop_sequence', 'stop'], ['COMPLETE', 'stop'],
    ['length', 'length'], ['max_tokens', 'length'], ['MAX_TOKENS', 'length'],
    ['tool_calls', 'tool_use'], ['tool-calls', 'tool_use'], ['tool_use', 'tool_use'], ['function_call', 'tool_use'],
    ['content_filter', 'content-filter'.replace('-', '_')], ['SAFETY', 'content_filter'], ['guardrail_intervened', 'content_filter'], ['FINISH_REASON_RECITATION', 'content_filter'],
    ['error', 'error'], ['MALFORMED_FUNCTION_CALL', 'error'],
    ['other', null], ['unknown', null], ['', null],
  ])('%s -> %s', (raw, normalized) => {
    expect(normalizeFinishReason(raw)).toBe(normalized);
  });
});

describe('providers', () => {
  it.each([
    ['openai', 'openai'], ['openai.chat', 'openai'], ['openai.responses', 'openai'], ['amazon-bedrock', 'aws.bedrock'],
    ['aws.bedrock', 'aws.bedrock'], ['anthropic.messages', 'anthropic'], ['google.vertex.chat', 'gcp.vertex_ai'],
    ['google.generative-ai', 'gcp.gemini'], ['az.ai.openai', 'azure.ai.openai'], ['azure-openai.chat', 'azure.ai.openai'],
    ['mistral.chat', 'mistral_ai'], ['xai.chat', 'x_ai'], ['Groq', 'groq'], ['strands-agents', null], ['gcp.vertex.agent', null],
    ['some-new-provider', 'some-new-provider'],
  ])('%s -> %s', (raw, provider) => {
    expect(normalizeProvider(raw)).toBe(provider);
  });

  it.each([
    ['us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws.bedrock'], ['amazon.titan-embed-text-v2:0', 'aws.bedrock'],
    ['gpt-4o', 'openai'], ['o3-mini', 'openai'], ['text-embedding-3-small', 'openai'], ['claude-3-opus', 'anthropic'],
    ['gemini-2.0-flash', 'gcp.gemini'], ['text-embedding-004', 'gcp.gemini'], ['openai/gpt-4o', 'openai'], ['llama3', null],
  ])('model %s -> %s', (model, provider) => {
    expect(inferProviderFromModel(model)).toBe(provider);
  });
});
