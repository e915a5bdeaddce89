// Price resolution (provider prefixes, Bedrock ids, date suffixes, -latest, Vertex pins, config
// overrides), cost arithmetic, finish reasons and provider names.
import { describe, expect, it } from 'vitest';
import { computeCostFromPrice } from '../../src/genai/cost.js';
import { normalizeFinishReason } from '../../src/genai/finish-reason.js';
import { resolveModelPrice } from '../../src/genai/pricing/resolve-model-price.js';
import { inferProviderFromModel, normalizeProvider } from '../../src/genai/provider.js';
import { int, normalize } from './span-builder.js';

describe('resolveModelPrice', () => {
  it.each([
    ['gpt-4o', 2.5],
    ['openai/gpt-4o', 2.5],
    ['gpt-4o-2024-08-06', 2.5],
    ['gpt-4o-mini-2024-07-18', 0.15],
    ['GPT-4o-Mini', 0.15],
    ['claude-3-5-sonnet-latest', 3],
    ['claude-3-5-haiku-20241022', 0.8],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 3],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 1],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 3],
    ['claude-3-5-sonnet-v2@20241022', 3],
    ['models/gemini-2.5-flash', 0.3],
    ['gemini-2.5-flash-preview-05-20', 0.3],
    ['us.amazon.nova-pro-v1:0', 0.8],
    ['amazon.titan-embed-text-v2:0', 0.02],
    ['o3-pro', 20],
    ['gpt-4.1-nano', 0.1],
  ])('%s -> input $%s per 1M', (model, input) => {
    expect(resolveModelPrice(model)?.input).toBe(input);
  });

  it('returns null for unknown models rather than guessing', () => {
    expect(resolveModelPrice('nonexistent-model-id-12345')).toBeNull();
    expect(resolveModelPrice('my-finetune')).toBeNull();
    expect(resolveModelPrice('gpt-4.5-preview')).toBeNull();
  });

  it('config overrides win, by exact id or stripped spelling', () => {
    const overrides = { 'gpt-4o': { input: 1, output: 2 }, 'my-model': { input: 5, output: 6 } };
    expect(resolveModelPrice('gpt-4o-2024-08-06', overrides)?.input).toBe(1);
    expect(resolveModelPrice('my-model', overrides)?.output).toBe(6);
    expect(resolveModelPrice('claude-3-haiku', overrides)?.input).toBe(0.25);
    const out = normalize({ attributes: { 'gen_ai.request.model': 'my-model', 'gen_ai.usage.input_tokens': int(1_000_000), 'gen_ai.usage.output_tokens': int(0) } }, { priceOverrides: overrides });
    expect(out.cost).toMatchObject({ total: 5, source: 'price_table' });
  });
});

describe('computeCostFromPrice', () => {
  it('prices uncached input, cache read/write at their rates, reasoning as output by default', () => {
    const usage = { input: 1000, output: 100, total: 1100, cacheRead: 600, cacheWrite: 100, reasoning: 40 };
    const cost = computeCostFromPrice(usage, { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 });
    expect(cost.input).toBeCloseTo(300 * 3e-6, 12);
    expect(cost.cacheRead).toBeCloseTo(600 * 0.3e-6, 12);
    expect(cost.cacheWrite).toBeCloseTo(100 * 3.75e-6, 12);
    expect(cost.output).toBeCloseTo(100 * 15e-6, 12);
    expect(cost.reasoning).toBeNull();
    expect(cost.total).toBeCloseTo(0.0009 + 0.00018 + 0.000375 + 0.0015, 12);
  });

  it('uses a separate reasoning price when given, and the input price when cache prices are absent', () => {
    const cost = computeCostFromPrice({ input: 100, output: 50, total: 150, cacheRead: 50, cacheWrite: null, reasoning: 20 }, { input: 1, output: 2, reasoning: 4 });
    expect(cost.cacheRead).toBeCloseTo(50e-6, 12);
    expect(cost.output).toBeCloseTo(30 * 2e-6, 12);
    expect(cost.reasoning).toBeCloseTo(20 * 4e-6, 12);
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
