// Log records of the AWS Python stack: ADOT's one record per span (llo_handler.py: body
// {input:{messages:[{role, content}]}, output:{messages}}, content = an attribute's text or a
// span event's attribute map) and botocore's Bedrock GenAI events (bedrock_utils.py).

import { describe, expect, it } from 'vitest';
import { extractLogMessages } from '../../../src/genai/messages/log-messages.js';
import { decodeLogs } from './span-fixtures.js';

function extract(spec: Parameters<typeof decodeLogs>[0][number]) {
  const [record] = decodeLogs([spec]);
  return extractLogMessages(record!.log, record!.resource, record!.scope);
}
const brief = (messages: ReturnType<typeof extract>) => messages.map((m) => ({ role: m.role, direction: m.direction, content: m.content, ...(m.finish_reason ? { finish_reason: m.finish_reason } : {}) }));

describe('ADOT per-span log records', () => {
  const scope = 'strands.telemetry.tracer';

  it('Strands chat span: history events (content) are inputs, the choice (message) is the output, whatever ADOT grouped them as', () => {
    const messages = extract({
      eventName: scope,
      attributes: { 'event.name': scope, 'session.id': 's-1' },
      body: {
        input: { messages: [{ role: 'user', content: { content: '[{"text": "Weather in Paris?"}]' } }, { role: 'tool', content: { content: '[{"toolResult": {"toolUseId": "t1", "status": "success", "content": [{"text": "18C"}]}}]' } }] },
        output: { messages: [
          { role: 'assistant', content: { content: '[{"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"city": "Paris"}}}]' } },
          { role: 'assistant', content: { finish_reason: 'end_turn', message: '[{"text": "Sunny, 18C."}]' } },
        ] },
      },
    });
    expect(brief(messages)).toEqual([
      { role: 'user', direction: 'input', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'tool', direction: 'input', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ text: '18C' }] }] },
      { role: 'assistant', direction: 'input', content: [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'assistant', direction: 'output', content: [{ type: 'text', text: 'Sunny, 18C.' }], finish_reason: 'stop' },
    ]);
  });

  it('Strands execute_tool span: the result (message + id) is a tool result; the arguments-only call is left to the model turn', () => {
    const messages = extract({
      eventName: scope,
      body: {
        input: { messages: [{ role: 'tool', content: { role: 'tool', content: '{"city": "Paris"}', id: 't1' } }] },
        output: { messages: [{ role: 'assistant', content: { message: '[{"text": "18C"}]', id: 't1' } }] },
      },
    });
    expect(brief(messages)).toEqual([{ role: 'tool', direction: 'output', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ text: '18C' }] }] }]);
  });

  it('Strands event-loop cycle: the choice\'s tool.result, also collected on its own, becomes a tool turn', () => {
    const toolResult = '[{"toolResult": {"toolUseId": "t1", "status": "success", "content": [{"text": "18C"}]}}]';
    const messages = extract({
      eventName: scope,
      body: { output: { messages: [
        { role: 'assistant', content: { message: '[{"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {}}}]', 'tool.result': toolResult } },
        { role: 'assistant', content: toolResult },
      ] } },
    });
    expect(messages.map((m) => `${m.role}:${m.content.map((b) => b.type).join('+')}`)).toEqual(['assistant:tool_use', 'tool:tool_result', 'tool:tool_result']);
  });

  it('text contents: OTel message JSON keeps its roles, plain text takes the entry\'s role', () => {
    const messages = extract({
      eventName: 'opentelemetry.instrumentation.langchain',
      body: {
        input: { messages: [
          { role: 'user', content: '[{"role": "user", "parts": [{"type": "text", "content": "Hi"}]}, {"role": "assistant", "parts": [{"type": "tool_call", "id": "c1", "name": "f", "arguments": {}}]}]' },
          { role: 'system', content: 'Be brief.' },
        ] },
        output: { messages: [{ role: 'assistant', content: 'Hello!' }] },
      },
    });
    expect(messages.map((m) => `${m.direction}:${m.role}:${m.content.map((b) => (b.type === 'text' ? b.text : b.type)).join('+')}`)).toEqual([
      'input:user:Hi', 'input:assistant:tool_use', 'input:system:Be brief.', 'output:assistant:Hello!',
    ]);
  });

  it('a body of another shape gives no messages', () => {
    expect(extract({ eventName: 'app.log', body: { input: 'x', output: 1 } })).toEqual([]);
    expect(extract({ body: 'plain log line' })).toEqual([]);
  });
});

describe('botocore Bedrock GenAI events', () => {
  it('an assistant event listing its call as a toolUse block and in tool_calls gives one tool_use', () => {
    const messages = extract({
      eventName: 'gen_ai.assistant.message',
      attributes: { 'gen_ai.system': 'aws.bedrock' },
      body: {
        content: [{ text: 'Let me check.' }, { toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } } }],
        tool_calls: [{ type: 'function', id: 't1', function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
      },
    });
    expect(messages[0]!.content).toEqual([{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } }]);
  });

  it('a tool event {id, content:[{text}]} is the result of that call', () => {
    const messages = extract({ eventName: 'gen_ai.tool.message', body: { id: 't1', content: [{ text: '18C' }] } });
    expect(brief(messages)).toEqual([{ role: 'tool', direction: 'input', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ text: '18C' }] }] }]);
  });
});

describe('ADOT records of indexed prompts (role "unknown")', () => {
  it('prompts read as user input, completions as the assistant\'s output', () => {
    const messages = extract({
      eventName: 'opentelemetry.instrumentation.openai',
      body: { input: { messages: [{ role: 'unknown', content: 'Weather in Paris?' }] }, output: { messages: [{ role: 'unknown', content: 'Sunny.' }] } },
    });
    expect(messages.map((m) => `${m.direction}:${m.role}:${m.content.map((b) => (b.type === 'text' ? b.text : b.type)).join('+')}`)).toEqual(['input:user:Weather in Paris?', 'output:assistant:Sunny.']);
  });
});
