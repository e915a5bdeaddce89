// Table tests: Langfuse, OpenInference, Traceloop, OTel GenAI and Vercel AI attributes ->
// observation type, provider, models, usage, cost, framework.
import { describe, expect, it } from 'vitest';
import { KvList } from '../../src/otlp/model.js';
import { int, normalize, START_NS } from './span-builder.js';

describe('Langfuse attributes', () => {
  it('takes type, level, trace fields, usage_details and cost_details', () => {
    const out = normalize({
      scope: 'langfuse-sdk',
      attributes: {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.level': 'WARNING',
        'langfuse.observation.model.name': 'gpt-4o',
        'langfuse.observation.model.parameters': '{"temperature":0.2}',
        'langfuse.observation.usage_details': '{"input":80,"input_cached_tokens":20,"output":40,"output_reasoning_tokens":10}',
        'langfuse.observation.cost_details': '{"input":0.001,"output":0.002,"total":0.0035}',
        'langfuse.observation.completion_start_time': '"2026-02-12T17:47:47.500123Z"',
        'langfuse.observation.metadata.step': '3',
        'langfuse.trace.metadata': '{"team":"a"}',
        'langfuse.trace.name': 'checkout',
        'langfuse.trace.tags': ['beta', 'eu'],
        'langfuse.environment': 'staging',
        'langfuse.release': 'r42',
        'langfuse.version': 'v2',
        'user.id': 'u1',
        'session.id': 's1',
      },
    });
    expect(out).toMatchObject({
      observationType: 'generation', category: 'llm', isGenAI: true, framework: 'langfuse', provider: 'openai',
      requestModel: 'gpt-4o', level: 'WARNING', traceName: 'checkout', tags: ['beta', 'eu'], environment: 'staging',
      release: 'r42', version: 'v2', userId: 'u1', sessionId: 's1', modelParameters: { temperature: 0.2 },
      metadata: { team: 'a', step: '3' }, // scalars stay text: '3' may have been a string
      // Langfuse keys are disjoint: semconv input includes the cached part, output the reasoning part.
      usage: { input: 100, output: 50, total: 150, cacheRead: 20, cacheWrite: null, reasoning: 10 },
      cost: { input: 0.001, output: 0.002, total: 0.0035, source: 'attribute' },
    });
    expect(out.completionStartTimeUnixNano).toBe(1_770_918_467_500_123_000n);
  });

  it('lets langfuse.observation.type win over other conventions', () => {
    const out = normalize({ attributes: { 'langfuse.observation.type': 'agent', 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } });
    expect(out.observationType).toBe('agent');
  });

  it('reads the compat session/user keys', () => {
    const out = normalize({ attributes: { 'langfuse.session.id': 'sess', 'langfuse.user.id': 'usr' } });
    expect(out).toMatchObject({ sessionId: 'sess', userId: 'usr', isGenAI: true });
  });
});

describe('OpenInference attributes', () => {
  const llm = {
    'openinference.span.kind': 'LLM',
    'llm.model_name': 'gpt-4o-2024-08-06',
    'llm.provider': 'openai',
    'llm.token_count.prompt': int(1000),
    'llm.token_count.completion': int(200),
    'llm.token_count.prompt_details.cache_read': int(400),
    'llm.invocation_parameters': '{"temperature":0.5,"max_tokens":256}',
    'session.id': 'chat-7',
    'tag.tags': ['prod'],
    metadata: '{"experiment":"b"}',
  };

  it('maps an LLM span and prices it from the table (cache read at its own rate)', () => {
    const out = normalize({ scope: 'openinference.instrumentation.openai', attributes: llm });
    expect(out).toMatchObject({
      observationType: 'generation', category: 'llm', framework: 'openinference', provider: 'openai',
      requestModel: 'gpt-4o-2024-08-06', sessionId: 'chat-7', tags: ['prod'],
      modelParameters: { temperature: 0.5, max_tokens: 256 }, metadata: { experiment: 'b' },
      usage: { input: 1000, output: 200, total: 1200, cacheRead: 400 },
    });
    // gpt-4o: $2.50 in, $1.25 cached in, $10 out per 1M.
    expect(out.cost.input).toBeCloseTo(600 * 2.5e-6, 12);
    expect(out.cost.cacheRead).toBeCloseTo(400 * 1.25e-6, 12);
    expect(out.cost.output).toBeCloseTo(200 * 10e-6, 12);
    expect(out.cost.total).toBeCloseTo(0.0015 + 0.0005 + 0.002, 12);
    expect(out.cost.source).toBe('price_table');
  });

  it('prefers llm.cost.* over the price table', () => {
    const out = normalize({ attributes: { ...llm, 'llm.cost.total': 0.42, 'llm.cost.prompt': 0.3, 'llm.cost.completion': 0.12 } });
    expect(out.cost).toMatchObject({ total: 0.42, input: 0.3, output: 0.12, source: 'attribute' });
  });

  it.each([
    ['EMBEDDING', 'embedding', 'embedding'],
    ['CHAIN', 'chain', 'chain'],
    ['TOOL', 'tool', 'tool'],
    ['AGENT', 'agent', 'agent'],
    ['RETRIEVER', 'retriever', 'retriever'],
    ['RERANKER', 'reranker', 'retriever'],
    ['GUARDRAIL', 'guardrail', 'other'],
    ['EVALUATOR', 'evaluator', 'other'],
    ['UNKNOWN', 'span', 'other'],
  ])('span kind %s -> %s / %s', (kind, type, category) => {
    const out = normalize({ attributes: { 'openinference.span.kind': kind } });
    expect([out.observationType, out.category, out.isGenAI]).toEqual([type, category, true]);
  });

  it('maps llm.provider hosts to semconv providers', () => {
    expect(normalize({ attributes: { 'llm.model_name': 'gemini-1.5-pro', 'llm.provider': 'google', 'llm.system': 'vertexai' } }).provider).toBe('gcp.vertex_ai');
    expect(normalize({ attributes: { 'llm.model_name': 'gpt-4o', 'llm.provider': 'azure' } }).provider).toBe('azure.ai.openai');
    expect(normalize({ attributes: { 'llm.model_name': 'claude-3-5-sonnet', 'llm.provider': 'aws' } }).provider).toBe('aws.bedrock');
  });

  it('detects LangGraph under the LangChain instrumentation', () => {
    const out = normalize({ scope: 'openinference.instrumentation.langchain', attributes: { 'openinference.span.kind': 'CHAIN', metadata: '{"langgraph_step":1}' } });
    expect(out.framework).toBe('langgraph');
  });
});

describe('OTel GenAI semantic conventions', () => {
  it('reads new and old attribute names, cache and reasoning subsets', () => {
    const out = normalize({
      scope: 'opentelemetry.instrumentation.openai_v2',
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'o4-mini',
        'gen_ai.response.model': 'o4-mini-2025-04-16', 'gen_ai.usage.prompt_tokens': int(500),
        'gen_ai.usage.completion_tokens': int(300), 'gen_ai.usage.cache_read.input_tokens': int(100),
        'gen_ai.usage.reasoning_tokens': int(120), 'gen_ai.response.finish_reasons': ['length'],
        'gen_ai.request.temperature': 1, 'gen_ai.request.max_tokens': int(300), 'gen_ai.conversation.id': 'conv-1',
        'gen_ai.response.time_to_first_chunk': 0.25,
      },
    });
    expect(out).toMatchObject({
      observationType: 'generation', framework: 'otel-genai', provider: 'openai', requestModel: 'o4-mini',
      responseModel: 'o4-mini-2025-04-16', operationName: 'chat', sessionId: 'conv-1', finishReasons: ['length'],
      finishReasonsRaw: ['length'], modelParameters: { temperature: 1, max_tokens: 300 },
      usage: { input: 500, output: 300, total: 800, cacheRead: 100, reasoning: 120 },
      completionStartTimeUnixNano: START_NS + 250_000_000n,
    });
    // o4-mini: $1.10 in, $0.275 cached, $4.40 out; reasoning billed as output.
    expect(out.cost.total).toBeCloseTo(400 * 1.1e-6 + 100 * 0.275e-6 + 300 * 4.4e-6, 12);
  });

  it.each([
    ['embeddings', 'embedding'], ['execute_tool', 'tool'], ['invoke_agent', 'agent'], ['create_agent', 'agent'],
    ['text_completion', 'generation'], ['generate_content', 'generation'],
  ])('operation %s -> %s', (operation, type) => {
    expect(normalize({ attributes: { 'gen_ai.operation.name': operation } }).observationType).toBe(type);
  });

  it('uses gen_ai.usage.cost as a precomputed total', () => {
    const out = normalize({ attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': int(10), 'gen_ai.usage.cost': 0.5 } });
    expect(out.cost).toMatchObject({ total: 0.5, source: 'attribute' });
  });

  it('reads structured (kvlist) values without JSON text', () => {
    const out = normalize({ attributes: { 'langfuse.observation.usage_details': new KvList({ input: int(3), output: int(4) }) } });
    expect(out.usage).toMatchObject({ input: 3, output: 4, total: 7 });
  });
});

describe('Traceloop / OpenLLMetry', () => {
  it('maps span kinds, entity names, association properties and indexed finish reasons', () => {
    const out = normalize({
      scope: 'opentelemetry.instrumentation.openai.v1',
      attributes: {
        'llm.request.type': 'chat', 'gen_ai.system': 'OpenAI', 'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.prompt_tokens': int(50), 'gen_ai.usage.completion_tokens': int(5), 'llm.usage.total_tokens': int(55),
        'gen_ai.completion.0.role': 'assistant', 'gen_ai.completion.0.finish_reason': 'stop',
        'gen_ai.completion.1.finish_reason': 'length', 'traceloop.workflow.name': 'support-bot',
        'traceloop.association.properties.session_id': 'ts-1', 'traceloop.association.properties.user_id': 'tu-1',
      },
    });
    expect(out).toMatchObject({
      observationType: 'generation', framework: 'traceloop', provider: 'openai', operationName: 'chat',
      finishReasons: ['stop', 'length'], traceName: 'support-bot', sessionId: 'ts-1', userId: 'tu-1',
      usage: { input: 50, output: 5, total: 55 }, metadata: { session_id: 'ts-1', user_id: 'tu-1' },
    });
  });

  it.each([['workflow', 'chain'], ['task', 'chain'], ['agent', 'agent'], ['tool', 'tool']])('span kind %s -> %s', (kind, type) => {
    const out = normalize({ attributes: { 'traceloop.span.kind': kind, 'traceloop.entity.name': 'lookup' } });
    expect(out.observationType).toBe(type);
    if (type === 'tool') expect(out.toolName).toBe('lookup');
    if (type === 'agent') expect(out.agentName).toBe('lookup');
  });
});

describe('Vercel AI SDK', () => {
  it('reads v5+ usage names, cache details, settings and telemetry metadata', () => {
    const out = normalize({
      scope: 'ai',
      attributes: {
        'ai.operationId': 'ai.streamText.doStream', 'ai.model.provider': 'anthropic.messages', 'ai.model.id': 'claude-sonnet-4-5',
        'ai.usage.inputTokens': int(1200), 'ai.usage.outputTokens': int(80), 'ai.usage.cachedInputTokens': int(1000),
        'ai.usage.reasoningTokens': int(30), 'ai.response.finishReason': 'tool-calls', 'ai.response.msToFirstChunk': 120.5,
        'ai.settings.temperature': 0.3, 'ai.telemetry.functionId': 'chat-route', 'ai.telemetry.metadata.sessionId': 'vs-1',
        'ai.telemetry.metadata.userId': 'vu-1', 'ai.telemetry.metadata.tags': ['a', 'b'], 'ai.telemetry.metadata.plan': 'pro',
      },
    });
    expect(out).toMatchObject({
      observationType: 'generation', framework: 'vercel-ai', provider: 'anthropic', requestModel: 'claude-sonnet-4-5',
      finishReasons: ['tool_use'], finishReasonsRaw: ['tool-calls'], traceName: 'chat-route', sessionId: 'vs-1', userId: 'vu-1',
      tags: ['a', 'b'], modelParameters: { temperature: 0.3 }, metadata: { sessionId: 'vs-1', plan: 'pro' },
      usage: { input: 1200, output: 80, total: 1280, cacheRead: 1000, reasoning: 30 }, usageCounted: true,
      completionStartTimeUnixNano: START_NS + 120_500_000n,
    });
  });

  it('folds v6 noCache + cache details into semconv input', () => {
    const out = normalize({
      scope: 'ai',
      attributes: {
        'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.id': 'claude-haiku-4-5', 'ai.usage.inputTokens': int(30),
        'ai.usage.inputTokenDetails.noCacheTokens': int(30), 'ai.usage.inputTokenDetails.cacheReadTokens': int(900),
        'ai.usage.inputTokenDetails.cacheWriteTokens': int(100), 'ai.usage.outputTokens': int(10),
      },
    });
    expect(out.usage).toMatchObject({ input: 1030, cacheRead: 900, cacheWrite: 100, total: 1040 });
    // claude-haiku-4-5: $1 in, $0.10 cache read, $1.25 cache write, $5 out.
    expect(out.cost.total).toBeCloseTo(30e-6 + 900 * 0.1e-6 + 100 * 1.25e-6 + 10 * 5e-6, 12);
  });

  it.each([
    ['ai.embed.doEmbed', 'embedding'], ['ai.embedMany.doEmbed', 'embedding'], ['ai.toolCall', 'tool'],
    ['ai.streamObject.doStream', 'generation'], ['ai.streamText', 'chain'],
  ])('operation %s -> %s', (operationId, type) => {
    expect(normalize({ scope: 'ai', attributes: { 'ai.operationId': operationId } }).observationType).toBe(type);
  });

  it('reads v4 embedding usage (ai.usage.tokens)', () => {
    const out = normalize({ scope: 'ai', attributes: { 'ai.operationId': 'ai.embed.doEmbed', 'ai.model.id': 'text-embedding-3-small', 'ai.model.provider': 'openai.embedding', 'ai.usage.tokens': int(12) } });
    expect(out).toMatchObject({ provider: 'openai', usage: { input: 12, total: 12 } });
    expect(out.cost.total).toBeCloseTo(12 * 0.02e-6, 15);
  });
});
