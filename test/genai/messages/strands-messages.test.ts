// Strands Agents' message shapes that are not plain semconv: its stable-format output blocks on
// gen_ai.choice ({type:'toolUse'|'toolResult'}, TypeScript SDK 1.16.0 tracer.js
// _mapContentBlocksToStableFormat), the tool names in gen_ai.agent.tools (both SDKs), and the
// Python SDK's gen_ai.tool.definitions (strands/telemetry/tracer.py _construct_tool_definitions:
// a list of {name, description, inputSchema, outputSchema}). Expectations written by hand.
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../src/genai/messages/extract-messages.js';
import { decodeSpans, withoutSource, type SpanSpec } from './span-fixtures.js';

function extract(spec: SpanSpec) {
  const [{ span, resource, scope }] = decodeSpans([{ scope: 'strands-agents', ...spec }]);
  const result = extractMessages(span!, resource!, scope!);
  return { ...result, messages: withoutSource(result.messages) };
}

const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'strands-agents', 'gen_ai.request.model': 'gpt-4o-mini' };

describe('Strands stable-format blocks on gen_ai.choice', () => {
  it('a tool-call turn is one tool_use block, never also JSON text', () => {
    const blocks = [
      { text: 'Let me check.' },
      { type: 'toolUse', name: 'get_weather', toolUseId: 'call_1', input: { city: 'Paris' } },
    ];
    const { messages } = extract({
      name: 'chat',
      attributes: CHAT,
      events: [{ name: 'gen_ai.choice', attributes: { finish_reason: 'toolUse', message: JSON.stringify(blocks) } }],
    });
    expect(messages).toEqual([
      {
        role: 'assistant',
        direction: 'output',
        finish_reason: 'tool_use',
        finish_reason_raw: 'toolUse',
        timestamp_ns: '1000000001',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
    ]);
  });

  it('a toolResult block keeps its content and marks an error status', () => {
    const blocks = [{ type: 'toolResult', toolUseId: 'call_1', status: 'error', content: [{ text: 'city not found' }] }];
    const { messages } = extract({ name: 'chat', attributes: CHAT, events: [{ name: 'gen_ai.choice', attributes: { message: JSON.stringify(blocks) } }] });
    expect(messages.map((m) => m.content)).toEqual([[{ type: 'tool_result', tool_use_id: 'call_1', is_error: true, content: [{ text: 'city not found' }] }]]);
  });

  it('plain answer text that happens to be JSON-like stays text', () => {
    const { messages } = extract({
      name: 'invoke_agent weather_agent',
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.system': 'strands-agents' },
      events: [{ name: 'gen_ai.choice', attributes: { message: '[1, 2] are the ids', finish_reason: 'endTurn' } }],
    });
    expect(messages.map((m) => m.content)).toEqual([[{ type: 'text', text: '[1, 2] are the ids' }]]);
  });
});

describe('Strands latest semconv (Python tracer.py _map_content_blocks_to_otel_parts)', () => {
  it('a reasoning block written as {type: reasoningContent, content} is thinking; a tool result in a user turn is a tool turn', () => {
    const input = [
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoningContent', content: { reasoningText: { text: 'Use the tool.', signature: 'sig-1' } } },
          { type: 'tool_call', name: 'get_weather', id: 'tooluse_1', arguments: { city: 'Paris' } },
        ],
      },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 'tooluse_1', response: [{ text: '18C' }] }] },
    ];
    const { messages } = extract({
      name: 'chat',
      scope: 'strands.telemetry.tracer',
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'strands-agents' },
      events: [{ name: 'gen_ai.client.inference.operation.details', attributes: { 'gen_ai.input.messages': JSON.stringify(input) } }],
    });
    expect(messages).toEqual([
      { role: 'user', direction: 'input', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        direction: 'input',
        content: [
          { type: 'thinking', text: 'Use the tool.', signature: 'sig-1' },
          { type: 'tool_use', id: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      { role: 'tool', direction: 'input', content: [{ type: 'tool_result', tool_use_id: 'tooluse_1', content: [{ text: '18C' }] }] },
    ]);
  });
});

describe('Strands tool names and definitions', () => {
  it('gen_ai.agent.tools gives one definition per tool name', () => {
    const { toolDefinitions } = extract({
      name: 'invoke_agent weather_agent',
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.tools': '["get_weather","get_time"]' },
    });
    expect(toolDefinitions).toEqual([{ name: 'get_weather' }, { name: 'get_time' }]);
  });

  it("the Python SDK's full definitions win over the bare names", () => {
    const definitions = [
      { name: 'get_weather', description: 'Get the weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } }, outputSchema: null },
    ];
    const { toolDefinitions } = extract({
      name: 'invoke_agent weather_agent',
      scope: 'strands.telemetry.tracer',
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.tools': '["get_weather"]', 'gen_ai.tool.definitions': JSON.stringify(definitions) },
    });
    expect(toolDefinitions).toEqual(definitions);
  });

  it('a malformed tool list gives no definitions', () => {
    expect(extract({ attributes: { 'gen_ai.agent.tools': '{"get_weather": true}' } }).toolDefinitions).toEqual([]);
    expect(extract({ attributes: { 'gen_ai.agent.tools': 'get_weather' } }).toolDefinitions).toEqual([]);
  });
});
