// Usage, cost and provider names as the libraries themselves write them (read in their source):
// pydantic_ai/usage.py RequestUsage.opentelemetry_attributes + models/anthropic.py
// _extract_usage_details; mlflow/tracing/constant.py (mlflow.chat.tokenUsage, mlflow.llm.cost);
// @mastra/otel-exporter gen-ai-semantics.ts formatUsageMetrics (1.x) and span-converter.ts (0.x).
import { describe, expect, it } from 'vitest';
import { int, normalize } from './span-builder.js';

describe('Pydantic AI usage details', () => {
  it('Anthropic chat: cache counts first-class and as details; advisor/compaction totals are not the request cache; thinking is reasoning', () => {
    const out = normalize({
      scope: 'pydantic-ai', name: 'chat claude-sonnet-4-5',
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.usage.input_tokens': int(1200), 'gen_ai.usage.output_tokens': int(300),
        'gen_ai.usage.cache_read.input_tokens': int(1000), 'gen_ai.usage.cache_creation.input_tokens': int(100),
        'gen_ai.usage.details.cache_read_tokens': int(1000), 'gen_ai.usage.details.cache_write_tokens': int(100),
        'gen_ai.usage.details.cache_read_input_tokens': int(1000), 'gen_ai.usage.details.advisor_cache_read_input_tokens': int(7),
        'gen_ai.usage.details.compaction_cache_creation_input_tokens': int(9), 'gen_ai.usage.details.thinking_tokens': int(120),
        'operation.cost': 0.0061,
      },
    });
    expect(out.usage).toMatchObject({ input: 1200, output: 300, cacheRead: 1000, cacheWrite: 100, reasoning: 120 });
    expect(out.cost).toMatchObject({ total: 0.0061, source: 'attribute' });
  });

  it('Google chat: thoughts_tokens is reasoning; per-modality cache details are not the cache count', () => {
    const out = normalize({
      scope: 'pydantic-ai', name: 'chat gemini-2.5-flash',
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gemini-2.5-flash',
        'gen_ai.usage.input_tokens': int(500), 'gen_ai.usage.output_tokens': int(80),
        'gen_ai.usage.details.thoughts_tokens': int(30), 'gen_ai.usage.details.text_cache_tokens': int(200),
      },
    });
    expect(out.usage).toMatchObject({ input: 500, output: 80, reasoning: 30, cacheRead: null });
  });
});

describe('MLflow token usage and cost', () => {
  it('cache keys of mlflow.chat.tokenUsage and the precomputed mlflow.llm.cost (JSON-encoded values)', () => {
    const out = normalize({
      attributes: {
        'mlflow.spanType': '"LLM"', 'mlflow.llm.model': '"gpt-4o-mini"', 'mlflow.llm.provider': '"openai"',
        'mlflow.chat.tokenUsage': JSON.stringify({ input_tokens: 35257, output_tokens: 5, total_tokens: 35262, cache_read_input_tokens: 100 }),
        'mlflow.llm.cost': JSON.stringify({ input_cost: 0.0052, output_cost: 0.000003, total_cost: 0.005203 }),
      },
    });
    expect(out).toMatchObject({ observationType: 'generation', provider: 'openai', usage: { input: 35257, output: 5, cacheRead: 100 } });
    expect(out.cost).toMatchObject({ total: 0.005203, source: 'attribute' });
  });

  it('an Anthropic-style usage (total = input + output + cache) counts the cache into input', () => {
    const out = normalize({
      attributes: { 'mlflow.spanType': '"CHAT_MODEL"', 'mlflow.chat.tokenUsage': JSON.stringify({ input_tokens: 200, output_tokens: 80, total_tokens: 335, cache_read_input_tokens: 40, cache_creation_input_tokens: 15 }) },
    });
    expect(out.usage).toMatchObject({ input: 255, output: 80, cacheRead: 40, cacheWrite: 15 });
  });
});

describe('Mastra exporter usage names', () => {
  it('1.x: semconv cache names and reasoning_tokens on model_generation', () => {
    const out = normalize({
      scope: '@mastra/otel', name: 'chat gpt-4o-mini',
      attributes: {
        'mastra.span.type': 'model_generation', 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.provider.name': 'openai',
        'gen_ai.usage.input_tokens': int(160), 'gen_ai.usage.output_tokens': int(12), 'gen_ai.usage.cache_read.input_tokens': int(64), 'gen_ai.usage.reasoning_tokens': int(4),
      },
    });
    expect(out).toMatchObject({ observationType: 'generation', framework: 'mastra', usageCounted: true, usage: { input: 160, output: 12, cacheRead: 64, reasoning: 4 } });
  });

  it('0.x: llm_generation with cached_input_tokens and total_tokens', () => {
    const out = normalize({
      scope: '@mastra/otel', name: 'chat gpt-4o-mini',
      attributes: { 'mastra.span.type': 'llm_generation', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': int(160), 'gen_ai.usage.output_tokens': int(12), 'gen_ai.usage.total_tokens': int(172), 'gen_ai.usage.cached_input_tokens': int(64) },
    });
    expect(out).toMatchObject({ observationType: 'generation', usage: { input: 160, output: 12, total: 172, cacheRead: 64 } });
  });

  it.each([['rag_embedding', 'embedding'], ['client_tool_call', 'tool'], ['provider_tool_call', 'tool']])('1.x span type %s -> %s', (spanType, type) => {
    expect(normalize({ scope: '@mastra/otel', attributes: { 'mastra.span.type': spanType } }).observationType).toBe(type);
  });
});
