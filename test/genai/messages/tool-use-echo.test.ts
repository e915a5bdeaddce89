// OpenLLMetry's LangChain instrumentation writes an AIMessage's tool_use content block as a text
// part holding its JSON beside the tool_call part (span_utils.py _content_to_parts, 0.62.1).
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../src/genai/messages/extract-messages.js';
import { dropToolUseEchoes } from '../../../src/genai/messages/tool-use-echo.js';
import type { SideMLMessage } from '../../../src/genai/types.js';
import { decodeSpans } from './span-fixtures.js';

const echo = '{"type": "tool_use", "name": "get_weather", "input": {"city": "Paris"}, "id": "tu_1"}';

describe('dropToolUseEchoes', () => {
  it('drops the JSON text of a tool_use block whose call the message carries', () => {
    const message: SideMLMessage = { role: 'assistant', direction: 'input', content: [
      { type: 'text', text: 'Let me check.' }, { type: 'text', text: echo }, { type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Paris' } },
    ] };
    expect(dropToolUseEchoes(message).content.map((b) => b.type)).toEqual(['text', 'tool_use']);
  });

  it('keeps JSON text that echoes no call of the message', () => {
    const message: SideMLMessage = { role: 'assistant', direction: 'input', content: [{ type: 'text', text: echo }, { type: 'tool_use', id: 'other', name: 'f', input: {} }] };
    expect(dropToolUseEchoes(message)).toBe(message);
  });

  it('applies to gen_ai.input.messages on a span', () => {
    const [span] = decodeSpans([{ attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
      { role: 'assistant', parts: [{ type: 'text', content: echo }, { type: 'tool_call', id: 'tu_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
    ]) } }]);
    const { messages } = extractMessages(span!.span, span!.resource, span!.scope);
    expect(messages[1]!.content).toEqual([{ type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Paris' } }]);
  });
});
