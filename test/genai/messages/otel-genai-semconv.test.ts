// Every shape the OpenTelemetry GenAI semantic conventions define for content, as span
// attributes, as gen_ai.client.inference.operation.details span events and as log records.
// Shapes from semantic-conventions docs/gen-ai/gen-ai-{input,output}-messages.json,
// gen-ai-system-instructions.json and gen-ai-tool-definitions.json (last revision before the
// move to semantic-conventions-genai, commit c9e48b1d1^), and the examples in
// non-normative/examples-llm-calls.md. Expectations written by hand.
import { describe, expect, it } from 'vitest';
import { extractLogMessages } from '../../../src/genai/messages/log-messages.js';
import { extractMessages } from '../../../src/genai/messages/extract-messages.js';
import { decodeLogs, decodeSpans, withoutSource, type SpanSpec } from './span-fixtures.js';

const DETAILS = 'gen_ai.client.inference.operation.details';
const WEATHER_TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the current weather in a given location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

function extract(spec: SpanSpec) {
  const [{ span, resource, scope }] = decodeSpans([spec]);
  const result = extractMessages(span!, resource!, scope!);
  return { ...result, messages: withoutSource(result.messages) };
}

describe('OTel GenAI parts: every part type of the input/output message schemas', () => {
  const input = [
    {
      role: 'user',
      parts: [
        { type: 'text', content: 'What is in the attached data?' },
        { type: 'uri', modality: 'image', mime_type: 'image/png', uri: 'https://example.com/logo.png' },
        { type: 'uri', modality: 'video', mime_type: 'video/mp4', uri: 'gs://my-bucket/my-video.mp4' },
        { type: 'file', file_id: 'provider_fileid_123' },
        { type: 'file', modality: 'image', file_id: 'provider_fileid_456' },
        { type: 'blob', modality: 'audio', mime_type: 'audio/wav', content: 'aGVsbG8=' },
      ],
    },
  ];
  const output = [
    {
      role: 'assistant',
      parts: [
        { type: 'reasoning', content: 'The user wants a random number squared.' },
        { type: 'server_tool_call', id: 'call_ci_1', name: 'code_interpreter', server_tool_call: { type: 'code_interpreter', code: 'print(9 ** 2)' } },
        { type: 'server_tool_call_response', id: 'call_ci_1', server_tool_call_response: { type: 'code_interpreter', outputs: [{ type: 'logs', logs: '81' }] } },
        { type: 'text', content: 'The result is 81.' },
        { type: 'blob', modality: 'image', mime_type: 'image/jpg', content: 'aW1hZ2U=' },
        { type: 'citation_v2', source: 'docs' },
      ],
      finish_reason: 'stop',
    },
  ];

  it('reads text, uri, file, blob, reasoning, server tool calls and keeps a generic part as unknown', () => {
    const { messages } = extract({ attributes: { 'gen_ai.input.messages': JSON.stringify(input), 'gen_ai.output.messages': JSON.stringify(output) } });
    expect(messages).toEqual([
      {
        role: 'user',
        direction: 'input',
        content: [
          { type: 'text', text: 'What is in the attached data?' },
          { type: 'image', mime_type: 'image/png', url: 'https://example.com/logo.png' },
          { type: 'video', mime_type: 'video/mp4', url: 'gs://my-bucket/my-video.mp4' },
          { type: 'file', file_id: 'provider_fileid_123' },
          { type: 'image', file_id: 'provider_fileid_456' },
          { type: 'audio', mime_type: 'audio/wav', data: 'aGVsbG8=' },
        ],
      },
      {
        role: 'assistant',
        direction: 'output',
        finish_reason: 'stop',
        finish_reason_raw: 'stop',
        content: [
          { type: 'thinking', text: 'The user wants a random number squared.' },
          { type: 'tool_use', id: 'call_ci_1', name: 'code_interpreter', input: { type: 'code_interpreter', code: 'print(9 ** 2)' } },
          { type: 'tool_result', tool_use_id: 'call_ci_1', content: { type: 'code_interpreter', outputs: [{ type: 'logs', logs: '81' }] } },
          { type: 'text', text: 'The result is 81.' },
          { type: 'image', mime_type: 'image/jpg', data: 'aW1hZ2U=' },
          { type: 'unknown', raw: { type: 'citation_v2', source: 'docs' } },
        ],
      },
    ]);
  });

  it('reads the same parts when they arrive as structured AnyValues instead of JSON text', () => {
    const asJson = extract({ attributes: { 'gen_ai.input.messages': JSON.stringify(input), 'gen_ai.output.messages': JSON.stringify(output) } });
    const structured = extract({ attributes: { 'gen_ai.input.messages': input, 'gen_ai.output.messages': output } });
    expect(structured.messages).toEqual(asJson.messages);
  });

  it('reads the tool result both as `response` (current) and `result` (v1.37 examples), and the pre-1.37 file_data part', () => {
    const { messages } = extract({
      attributes: {
        'gen_ai.input.messages': JSON.stringify([
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'rainy, 57°F' }] },
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_2', result: 'sunny' }] },
          { role: 'user', parts: [{ type: 'file_data', modality: 'image', mime_type: 'image/png', uri: 'https://example.com/a.png' }] },
        ]),
      },
    });
    expect(messages.map((m) => m.content)).toEqual([
      [{ type: 'tool_result', tool_use_id: 'call_1', content: 'rainy, 57°F' }],
      [{ type: 'tool_result', tool_use_id: 'call_2', content: 'sunny' }],
      [{ type: 'image', mime_type: 'image/png', url: 'https://example.com/a.png' }],
    ]);
  });

  it('keeps a message name', () => {
    const { messages } = extract({ attributes: { 'gen_ai.input.messages': JSON.stringify([{ role: 'user', name: 'alice', parts: [{ type: 'text', content: 'hi' }] }]) } });
    expect(messages).toEqual([{ role: 'user', name: 'alice', direction: 'input', content: [{ type: 'text', text: 'hi' }] }]);
  });
});

describe('OTel GenAI system instructions and tool definitions', () => {
  it('system instructions of several parts make one system message before the history', () => {
    const { messages } = extract({
      attributes: {
        'gen_ai.system_instructions': JSON.stringify([
          { type: 'text', content: 'You are a language translator.' },
          { type: 'text', content: 'Your mission is to translate text in English to French.' },
        ]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello' }] }]),
      },
    });
    expect(messages).toEqual([
      {
        role: 'system',
        direction: 'input',
        content: [
          { type: 'text', text: 'You are a language translator.' },
          { type: 'text', text: 'Your mission is to translate text in English to French.' },
        ],
      },
      { role: 'user', direction: 'input', content: [{ type: 'text', text: 'Hello' }] },
    ]);
  });

  it('tool definitions: function and generic definitions, as JSON text or structured', () => {
    const definitions = [WEATHER_TOOL, { type: 'web_search', name: 'web_search' }];
    expect(extract({ attributes: { 'gen_ai.tool.definitions': JSON.stringify(definitions) } }).toolDefinitions).toEqual(definitions);
    expect(extract({ attributes: { 'gen_ai.tool.definitions': definitions } }).toolDefinitions).toEqual(definitions);
  });
});

describe('gen_ai.client.inference.operation.details events', () => {
  it('reads every event of the span (Strands writes system, input and output in separate events) in conversation order', () => {
    const { messages, toolDefinitions } = extract({
      name: 'chat',
      attributes: { 'gen_ai.operation.name': 'chat' },
      events: [
        { name: DETAILS, attributes: { 'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Be brief.' }]) } },
        { name: DETAILS, attributes: { 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]) } },
        { name: DETAILS, attributes: { 'gen_ai.tool.definitions': JSON.stringify([WEATHER_TOOL]) } },
        {
          name: DETAILS,
          attributes: {
            'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { location: 'Paris' } }], finish_reason: 'tool_call' }]),
          },
        },
      ],
    });
    expect(messages).toEqual([
      { role: 'system', direction: 'input', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', direction: 'input', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        direction: 'output',
        finish_reason: 'tool_use',
        finish_reason_raw: 'tool_call',
        content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { location: 'Paris' } }],
      },
    ]);
    expect(toolDefinitions).toEqual([WEATHER_TOOL]);
  });

  it("an execute_tool span's `tool` message of tool_call parts is the assistant's call, tied to its result", () => {
    const { messages } = extract({
      name: 'execute_tool get_weather',
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call_1' },
      events: [
        { name: DETAILS, attributes: { 'gen_ai.input.messages': JSON.stringify([{ role: 'tool', parts: [{ type: 'tool_call', name: 'get_weather', id: 'call_1', arguments: { city: 'Paris' } }] }]) } },
        { name: DETAILS, attributes: { 'gen_ai.output.messages': JSON.stringify([{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: [{ json: { temp: 18 } }] }] }]) } },
      ],
    });
    expect(messages).toEqual([
      { role: 'assistant', direction: 'input', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'tool', direction: 'output', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: [{ json: { temp: 18 } }] }] },
    ]);
  });

  it('as a log record: structured attributes, system instructions first', () => {
    const [{ log, resource, scope }] = decodeLogs([
      {
        eventName: DETAILS,
        attributes: {
          'gen_ai.system_instructions': [{ type: 'text', content: 'Be brief.' }],
          'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
          'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'reasoning', content: 'Greet back.' }, { type: 'text', content: 'Hello!' }], finish_reason: 'stop' }],
        },
      },
    ]);
    expect(withoutSource(extractLogMessages(log!, resource!, scope!))).toEqual([
      { role: 'system', direction: 'input', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', direction: 'input', content: [{ type: 'text', text: 'Hi' }] },
      {
        role: 'assistant',
        direction: 'output',
        finish_reason: 'stop',
        finish_reason_raw: 'stop',
        content: [
          { type: 'thinking', text: 'Greet back.' },
          { type: 'text', text: 'Hello!' },
        ],
      },
    ]);
  });
});
