// Strands Agents convention, what the TypeScript SDK (1.16.0, dist/src/telemetry/tracer.js)
// records differently from the Python one: scope 'strands-agents', loop spans named
// execute_agent_loop_cycle, finish reasons only on output events (camelCase), and usage copied
// from whichever model provider ran (OpenAI's prompt_tokens include the cache; Bedrock's and
// Anthropic's input does not). Expectations written by hand.
import { describe, expect, it } from 'vitest';
import { normalizeSpan } from '../../src/genai/normalize-span.js';
import { decodeSpans, type SpanSpec } from './messages/span-fixtures.js';

function normalize(spec: SpanSpec) {
  const [{ span, resource, scope }] = decodeSpans([{ scope: 'strands-agents', ...spec }]);
  return normalizeSpan(span!, resource!, scope!);
}

const chat = (model: string, usage: Record<string, number>) => ({
  name: 'chat',
  attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'strands-agents', 'gen_ai.request.model': model, ...usage },
});

describe('Strands TypeScript SDK spans', () => {
  it('execute_agent_loop_cycle is a chain roll-up, like the Python execute_event_loop_cycle', () => {
    expect(normalize({ name: 'execute_agent_loop_cycle', attributes: { 'agent_loop.cycle_id': 'cycle-1' } })).toMatchObject({
      observationType: 'chain',
      framework: 'strands',
      usageCounted: false,
    });
  });

  it('finish reasons come from gen_ai.choice (default semconv), camelCase normalized', () => {
    const out = normalize({ ...chat('gpt-4o-mini', {}), events: [{ name: 'gen_ai.choice', attributes: { finish_reason: 'toolUse', message: '[]' } }] });
    expect(out).toMatchObject({ finishReasonsRaw: ['toolUse'], finishReasons: ['tool_use'] });
  });

  it('finish reasons come from gen_ai.output.messages on operation-details events (latest semconv)', () => {
    const output = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finish_reason: 'endTurn' }]);
    const out = normalize({
      ...chat('gpt-4o-mini', {}),
      events: [
        { name: 'gen_ai.client.inference.operation.details', attributes: { 'gen_ai.input.messages': '[]' } },
        { name: 'gen_ai.client.inference.operation.details', attributes: { 'gen_ai.output.messages': output } },
      ],
    });
    expect(out).toMatchObject({ finishReasonsRaw: ['endTurn'], finishReasons: ['stop'] });
  });

  it('a tool span has no finish reason', () => {
    const out = normalize({
      name: 'execute_tool get_weather',
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' },
      events: [{ name: 'gen_ai.choice', attributes: { message: '[{"json":{}}]', id: 'call_1' } }],
    });
    expect(out.finishReasons).toEqual([]);
  });
});

describe('Strands usage: the cache is in the input or not depending on the model provider', () => {
  it('OpenAI model: prompt_tokens already include the cached tokens', () => {
    const out = normalize(chat('gpt-4o-mini', { 'gen_ai.usage.input_tokens': 160, 'gen_ai.usage.output_tokens': 12, 'gen_ai.usage.total_tokens': 172, 'gen_ai.usage.cache_read.input_tokens': 64 }));
    expect(out.usage).toMatchObject({ input: 160, cacheRead: 64, output: 12, total: 172 });
  });

  it('Anthropic model (Strands sums total = input + output): the cache is added to input', () => {
    const out = normalize(chat('claude-sonnet-4-5', { 'gen_ai.usage.input_tokens': 200, 'gen_ai.usage.output_tokens': 10, 'gen_ai.usage.total_tokens': 210, 'gen_ai.usage.cache_read.input_tokens': 50 }));
    expect(out.usage).toMatchObject({ input: 250, cacheRead: 50, output: 10 });
  });

  it('Bedrock model id: the cache is added to input', () => {
    const out = normalize(chat('us.amazon.nova-pro-v1:0', { 'gen_ai.usage.input_tokens': 300, 'gen_ai.usage.output_tokens': 20, 'gen_ai.usage.total_tokens': 320, 'gen_ai.usage.cache_read.input_tokens': 100 }));
    expect(out.usage).toMatchObject({ input: 400, cacheRead: 100 });
  });

  it('a model naming no vendor is left to the numbers (cache larger than input: it was excluded)', () => {
    const out = normalize(chat('my-finetune', { 'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 5, 'gen_ai.usage.cache_read.input_tokens': 1000 }));
    expect(out.usage).toMatchObject({ input: 1020, cacheRead: 1000 });
  });
});
