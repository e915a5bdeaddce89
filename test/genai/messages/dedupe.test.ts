// Conversation de-duplication: each turn once, in order, richest copy kept.

import { describe, expect, it } from 'vitest';
import { dedupeConversation, type ConversationItem } from '../../../src/genai/messages/dedupe.js';
import type { ContentBlock, SideMLMessage } from '../../../src/genai/types.js';

const text = (value: string): ContentBlock => ({ type: 'text', text: value });
const input = (role: SideMLMessage['role'], ...content: ContentBlock[]): SideMLMessage => ({ role, content, direction: 'input', source: 'test' });
const output = (content: ContentBlock[], finish?: SideMLMessage['finish_reason']): SideMLMessage => ({
  role: 'assistant', content, direction: 'output', source: 'test', ...(finish ? { finish_reason: finish, finish_reason_raw: finish } : {}),
});
const item = (spanId: string, start: number, end: number, messages: SideMLMessage[]): ConversationItem => ({
  spanId, startTimeUnixNano: BigInt(start), endTimeUnixNano: BigInt(end), messages,
});
const summary = (messages: SideMLMessage[]) => messages.map((m) => `${m.role}:${m.content.map((b) => (b.type === 'text' ? b.text : b.type)).join('+')}${m.finish_reason ? `[${m.finish_reason}]` : ''}`);

describe('dedupeConversation', () => {
  const sys = input('system', text('Be brief.'));
  const u1 = input('user', text('Hi'));
  const a1 = [text('Hello!')];
  const u2 = input('user', text('Weather?'));
  const a2 = [text('Sunny.')];
  const u3 = input('user', text('Thanks'));
  const a3 = [text('Bye.')];

  it('three LLM calls repeating a growing history: each message once, in order, with finish reasons', () => {
    const items = [
      item('c', 300, 350, [sys, u1, { ...output(a1), direction: 'input' }, u2, { ...output(a2), direction: 'input' }, u3, output(a3, 'stop')]),
      item('a', 100, 150, [sys, u1, output(a1, 'stop')]),
      item('b', 200, 250, [sys, u1, { ...output(a1), direction: 'input' }, u2, output(a2, 'stop')]),
    ];
    expect(summary(dedupeConversation(items))).toEqual([
      'system:Be brief.', 'user:Hi', 'assistant:Hello![stop]', 'user:Weather?', 'assistant:Sunny.[stop]', 'user:Thanks', 'assistant:Bye.[stop]',
    ]);
  });

  it('an agent root repeating the first input and the final answer does not move the answer first', () => {
    const items = [
      item('root', 0, 1000, [sys, u1, output(a2, 'stop')]),
      item('llm1', 10, 100, [sys, u1, output([text('calling'), { type: 'tool_use', id: 't1', name: 'f', input: {} }], 'tool_use')]),
      item('tool', 110, 120, [input('assistant', { type: 'tool_use', id: 't1', name: 'f', input: {} }), { role: 'tool', direction: 'output', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] }]),
      item('llm2', 130, 200, [sys, u1, input('assistant', text('calling'), { type: 'tool_use', id: 't1', name: 'f', input: {} }), input('tool', { type: 'tool_result', tool_use_id: 't1', content: { type: 'text', value: 'ok' } }), output(a2, 'stop')]),
    ];
    expect(summary(dedupeConversation(items))).toEqual(['system:Be brief.', 'user:Hi', 'assistant:calling+tool_use[tool_use]', 'tool:tool_result', 'assistant:Sunny.[stop]']);
  });

  it('the same content in another provider shape (string vs text parts, JSON-text vs object arguments) is one message', () => {
    const items = [
      item('a', 0, 10, [input('user', text('Hello '), text('there')), output([{ type: 'tool_use', id: 'x', name: 'f', input: { b: 1, a: 2 } }], 'tool_use')]),
      item('b', 20, 30, [input('user', text('Hello there')), input('assistant', { type: 'tool_use', id: 'x', name: 'f', input: { a: 2, b: 1 } })]),
    ];
    expect(summary(dedupeConversation(items))).toEqual(['user:Hello +there', 'assistant:tool_use[tool_use]']);
  });

  it('a tool span seen before the LLM output that made the call is absorbed into it', () => {
    const call = { type: 'tool_use' as const, id: 't9', name: 'f', input: {} };
    const items = [
      item('llm', 0, 101, [u1, output([text('let me check'), call], 'tool_use')]),
      item('tool', 100, 110, [input('assistant', call), { role: 'tool', direction: 'output', content: [{ type: 'tool_result', tool_use_id: 't9', content: 1 }] }]),
    ];
    expect(summary(dedupeConversation(items))).toEqual(['user:Hi', 'assistant:let me check+tool_use[tool_use]', 'tool:tool_result']);
  });

  it('parallel tool results arriving out of order follow the call order of the later history', () => {
    const calls = ['t1', 't2', 't3'].map((id) => ({ type: 'tool_use' as const, id, name: 'f', input: { id } }));
    const result = (id: string, content: unknown): SideMLMessage => ({ role: 'tool', direction: 'output', content: [{ type: 'tool_result', tool_use_id: id, content }] });
    const items = [
      item('llm1', 0, 10, [u1, output(calls, 'tool_use')]),
      item('t3', 11, 12, [result('t3', 'c')]),
      item('t1', 11, 14, [result('t1', 'a')]),
      item('t2', 11, 16, [result('t2', 'b')]),
      item('llm2', 20, 30, [u1, input('assistant', ...calls), input('tool', ...['t1', 't2', 't3'].map((id) => ({ type: 'tool_result' as const, tool_use_id: id, content: id }))), output(a1, 'stop')]),
    ];
    const conversation = dedupeConversation(items);
    expect(conversation.map((m) => (m.content[0]!.type === 'tool_result' ? m.content[0]!.tool_use_id : m.role))).toEqual(['user', 'assistant', 't1', 't2', 't3', 'assistant']);
  });

  it('a repeated identical turn inside one history is kept twice; a history message missing before is inserted in place', () => {
    const yes = input('user', text('yes'));
    const items = [
      item('a', 0, 10, [u1, yes, output(a1, 'stop')]),
      item('b', 20, 30, [u1, yes, { ...output(a1), direction: 'input' }, yes, input('user', text('inserted')), output(a2, 'stop')]),
      item('c', 40, 50, [u1, input('user', text('earlier note')), yes]),
    ];
    expect(summary(dedupeConversation(items))).toEqual(['user:Hi', 'user:earlier note', 'user:yes', 'assistant:Hello![stop]', 'user:yes', 'user:inserted', 'assistant:Sunny.[stop]']);
  });

  it('empty and odd input', () => {
    expect(dedupeConversation([])).toEqual([]);
    expect(dedupeConversation([item('a', 0, 0, [])])).toEqual([]);
    const broken = { role: 'user', direction: 'input', content: null } as unknown as SideMLMessage;
    expect(() => dedupeConversation([item('a', 0, 1, [broken, u1])])).not.toThrow();
  });

  it('without end times, outputs are placed at the span start', () => {
    const items: ConversationItem[] = [
      { spanId: 'a', startTimeUnixNano: 1n, messages: [u1, output(a1, 'stop')] },
      { spanId: 'b', startTimeUnixNano: 2n, messages: [u2, output(a2, 'stop')] },
    ];
    expect(summary(dedupeConversation(items))).toEqual(['user:Hi', 'assistant:Hello![stop]', 'user:Weather?', 'assistant:Sunny.[stop]']);
  });
});
