// OTLP log-record GenAI events, shaped as the official OpenTelemetry OpenAI instrumentation
// (opentelemetry-instrumentation-openai-v2) emits them: event name + kvlist body.

import { describe, expect, it } from 'vitest';
import { extractLogMessages } from '../../../src/genai/messages/log-messages.js';
import { decodeLogs } from './span-fixtures.js';

describe('extractLogMessages', () => {
  it('reads user/assistant/tool/choice events with kvlist bodies and event names in either place', () => {
    const records = decodeLogs([
      { eventName: 'gen_ai.system.message', time: '11', body: { content: 'You are terse.' }, attributes: { 'gen_ai.system': 'openai' } },
      { time: '12', body: { content: 'Weather in Oslo?' }, attributes: { 'event.name': 'gen_ai.user.message', 'gen_ai.system': 'openai' } },
      { eventName: 'gen_ai.assistant.message', time: '13', body: { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] } },
      { eventName: 'gen_ai.tool.message', time: '14', body: { content: '-3C', id: 'c1' } },
      { eventName: 'gen_ai.choice', time: '15', body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Cold.' } } },
    ]);
    const messages = records.flatMap(({ log, resource, scope }) => extractLogMessages(log, resource, scope));
    expect(messages).toEqual([
      { role: 'system', direction: 'input', timestamp_ns: '11', source: 'gen_ai.system.message', content: [{ type: 'text', text: 'You are terse.' }] },
      { role: 'user', direction: 'input', timestamp_ns: '12', source: 'gen_ai.user.message', content: [{ type: 'text', text: 'Weather in Oslo?' }] },
      { role: 'assistant', direction: 'input', timestamp_ns: '13', source: 'gen_ai.assistant.message', content: [{ type: 'tool_use', id: 'c1', name: 'weather', input: { city: 'Oslo' } }] },
      { role: 'tool', direction: 'input', timestamp_ns: '14', source: 'gen_ai.tool.message', content: [{ type: 'tool_result', tool_use_id: 'c1', content: '-3C' }] },
      { role: 'assistant', direction: 'output', timestamp_ns: '15', source: 'gen_ai.choice', content: [{ type: 'text', text: 'Cold.' }], finish_reason: 'stop', finish_reason_raw: 'stop' },
    ]);
  });

  it('reads the operation.details event from a log record body', () => {
    const [record] = decodeLogs([
      {
        eventName: 'gen_ai.client.inference.operation.details',
        body: {
          'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
          'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'yo' }], finish_reason: 'stop' }],
        },
      },
    ]);
    const messages = extractLogMessages(record!.log, record!.resource, record!.scope);
    expect(messages.map((m) => [m.role, m.direction, m.content])).toEqual([
      ['user', 'input', [{ type: 'text', text: 'hi' }]],
      ['assistant', 'output', [{ type: 'text', text: 'yo' }]],
    ]);
  });
});
