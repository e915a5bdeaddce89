// Unit tests: OpenInference attribute shapes no recorded capture exercises, each from the
// instrumentation source that writes it (named per test); expectations written by hand.
import { describe, expect, it } from 'vitest';
import { int, normalize } from './span-builder.js';

describe('OpenInference convention: spec shapes beyond the captures', () => {
  it("reads the Python OpenAI instrumentation's cached tokens (prompt_details.cache_input) as cache reads", () => {
    // openinference-instrumentation-openai _response_attributes_extractor.py: cached_tokens -> LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_INPUT.
    const out = normalize({
      scope: 'openinference.instrumentation.openai',
      attributes: {
        'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini-2024-07-18', 'llm.system': 'openai',
        'llm.token_count.prompt': int(160), 'llm.token_count.completion': int(12), 'llm.token_count.total': int(172),
        'llm.token_count.prompt_details.cache_input': int(64),
      },
    });
    expect(out.usage).toMatchObject({ input: 160, output: 12, total: 172, cacheRead: 64 });
  });

  it('takes the uncached prompt cost and the plain output cost from prompt_details.input / completion_details.output', () => {
    const out = normalize({
      attributes: {
        'openinference.span.kind': 'LLM', 'llm.model_name': 'some-model',
        'llm.cost.prompt': 0.003, 'llm.cost.prompt_details.input': 0.002, 'llm.cost.prompt_details.cache_input': 0.001,
        'llm.cost.completion': 0.005, 'llm.cost.completion_details.output': 0.004, 'llm.cost.total': 0.008,
      },
    });
    expect(out.cost).toMatchObject({ input: 0.002, cacheRead: 0.001, output: 0.004, total: 0.008 });
  });

  it("falls back to the metadata's user_id / session_id (LangChain users' way) when user.id / session.id are absent", () => {
    const out = normalize({
      scope: '@arizeai/openinference-instrumentation-langchain',
      attributes: { 'openinference.span.kind': 'CHAIN', metadata: '{"session_id":"sess-9","user_id":"user-42","langgraph_step":1}' },
    });
    expect(out).toMatchObject({ sessionId: 'sess-9', userId: 'user-42' });
  });

  it('keeps user.id / session.id over the metadata when both are there', () => {
    const out = normalize({ attributes: { 'openinference.span.kind': 'CHAIN', 'user.id': 'u-attr', 'session.id': 's-attr', metadata: '{"user_id":"u-meta","session_id":"s-meta"}' } });
    expect(out).toMatchObject({ sessionId: 's-attr', userId: 'u-attr' });
  });

  it("names no provider on agent, chain or tool spans that carry llm.system (the OpenAI Agents bridge's way)", () => {
    const kinds = ['AGENT', 'CHAIN', 'TOOL', 'LLM'] as const;
    const providers = kinds.map((kind) => {
      const model: Record<string, string> = kind === 'LLM' ? { 'llm.model_name': 'gpt-4o-mini' } : {};
      return normalize({ scope: '@arizeai/openinference-instrumentation-openai-agents', attributes: { 'openinference.span.kind': kind, 'llm.system': 'openai', ...model } }).provider;
    });
    expect(providers).toEqual([null, null, null, 'openai']);
  });
});
