// Unit tests: conversation de-duplication of a tool span's id-less copies of a call and its result
// (the OpenAI Agents SDK's OpenInference bridge records its TOOL spans without tool_call.id).
import { describe, expect, it } from 'vitest';
import { dedupeConversation, type ConversationItem } from '../../../src/genai/messages/dedupe.js';
import type { SideMLMessage } from '../../../src/genai/types.js';

const RESULT_TEXT = '{"city":"Paris","temperatureC":18}';
const user: SideMLMessage = { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }], direction: 'input', source: 't' };
const call = (id: string | null): SideMLMessage => ({ role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input: { city: 'Paris' } }], direction: 'output', source: 't' });
const result = (id: string | null, content: unknown): SideMLMessage => ({ role: 'tool', content: [{ type: 'tool_result', tool_use_id: id, content }], direction: 'output', source: 't' });
const answer: SideMLMessage = { role: 'assistant', content: [{ type: 'text', text: 'It is 18°C.' }], direction: 'output', source: 't' };
const asInput = (m: SideMLMessage): SideMLMessage => ({ ...m, direction: 'input' });

function item(spanId: string, startNs: number, endNs: number, messages: SideMLMessage[]): ConversationItem {
  return { spanId, startTimeUnixNano: BigInt(startNs), endTimeUnixNano: BigInt(endNs), messages };
}

const summarize = (messages: SideMLMessage[]) => messages.map((m) => `${m.role}:${m.content.map((b) => ('id' in b ? `use(${b.id})` : 'tool_use_id' in b ? `result(${b.tool_use_id})` : b.type)).join(',')}`);

describe('dedupeConversation: id-less tool span copies', () => {
  it("drops the tool span's id-less call and lets the id'd result take its id-less copy's place", () => {
    const out = dedupeConversation([
      item('llm1', 10, 20, [asInput(user), call('call_1')]),
      item('tool', 30, 40, [asInput(call(null)), result(null, { city: 'Paris', temperatureC: 18 })]),
      item('llm2', 50, 60, [asInput(user), asInput(call('call_1')), asInput(result('call_1', RESULT_TEXT)), answer]),
    ]);
    expect(summarize(out)).toEqual(['user:text', 'assistant:use(call_1)', 'tool:result(call_1)', 'assistant:text']);
  });

  it("keeps an id-less call whose arguments differ from the id'd one", () => {
    const other: SideMLMessage = { role: 'assistant', content: [{ type: 'tool_use', id: null, name: 'get_weather', input: { city: 'Lyon' } }], direction: 'input', source: 't' };
    const out = dedupeConversation([item('llm1', 10, 20, [asInput(user), call('call_1')]), item('tool', 30, 40, [other])]);
    expect(summarize(out)).toEqual(['user:text', 'assistant:use(call_1)', 'assistant:use(null)']);
  });

  it('keeps two calls with the same arguments and different ids', () => {
    const out = dedupeConversation([item('llm', 10, 20, [user, call('call_1'), result('call_1', RESULT_TEXT), call('call_2')].map(asInput))]);
    expect(summarize(out)).toEqual(['user:text', 'assistant:use(call_1)', 'tool:result(call_1)', 'assistant:use(call_2)']);
  });
});
