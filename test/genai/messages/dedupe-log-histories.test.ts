// De-duplication of histories that arrive as one log record per message (botocore's Bedrock
// events, the OTel GenAI events): a call's records are one sequence, so a user who repeats
// themselves keeps every turn, while the next call re-sending that history adds nothing.

import { describe, expect, it } from 'vitest';
import { dedupeConversation, type ConversationItem } from '../../../src/genai/messages/dedupe.js';
import type { ContentBlock, SideMLMessage } from '../../../src/genai/types.js';

const text = (value: string): ContentBlock => ({ type: 'text', text: value });
const turn = (role: SideMLMessage['role'], content: ContentBlock[], direction: SideMLMessage['direction'] = 'input'): SideMLMessage => ({ role, content, direction, source: 'log' });
const hello = () => turn('user', [text('Hello')]);
const hi = () => turn('assistant', [text('Hi!')]);
const summary = (messages: SideMLMessage[]) => messages.map((m) => `${m.role}:${m.content.map((b) => (b.type === 'text' ? b.text : b.type)).join('+')}`);

/** One record per message, as botocore logs them: same span, consecutive times. */
function records(span: string, start: number, messages: SideMLMessage[], keyed = true): ConversationItem[] {
  return messages.map((message, i) => ({
    spanId: span, startTimeUnixNano: BigInt(start + i), endTimeUnixNano: BigInt(start + i), messages: [message],
    ...(keyed ? { sequenceKey: `trace/${span}` } : {}),
  }));
}

describe('dedupeConversation: one call logged as one record per message', () => {
  const history = () => [hello(), hi(), hello(), hi(), hello()];

  it('keeps a user\'s three "Hello"s; the next call re-sending them adds none', () => {
    const call1 = records('c1', 100, [...history(), turn('assistant', [text('Hi again!')], 'output')]);
    const call2 = records('c2', 200, [...history(), turn('assistant', [text('Hi again!')]), turn('user', [text('Weather?')]), turn('assistant', [text('Sunny.')], 'output')]);
    expect(summary(dedupeConversation([...call1, ...call2]))).toEqual([
      'user:Hello', 'assistant:Hi!', 'user:Hello', 'assistant:Hi!', 'user:Hello', 'assistant:Hi again!', 'user:Weather?', 'assistant:Sunny.',
    ]);
  });

  it('records without a sequence key (e.g. no span context) are still merged one by one', () => {
    const merged = dedupeConversation(records('c1', 100, history(), false));
    expect(summary(merged)).toEqual(['user:Hello', 'assistant:Hi!']);
  });

  it('a tool result logged twice in one history (tool event, then inside the user event) shows once', () => {
    const result: ContentBlock = { type: 'tool_result', tool_use_id: 't1', content: [{ text: '18C' }] };
    const call = records('c1', 100, [
      turn('user', [text('Weather?')]),
      turn('assistant', [{ type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } }]),
      turn('tool', [result]),
      turn('tool', [{ ...result, is_error: false }]),
      turn('assistant', [text('Sunny.')], 'output'),
    ]);
    expect(summary(dedupeConversation(call))).toEqual(['user:Weather?', 'assistant:tool_use', 'tool:tool_result', 'assistant:Sunny.']);
  });

  it('a repeated text turn inside one span\'s own list stays repeated', () => {
    const items: ConversationItem[] = [{ spanId: 's', startTimeUnixNano: 1n, endTimeUnixNano: 2n, messages: [turn('user', [text('yes')]), turn('user', [text('yes')])] }];
    expect(summary(dedupeConversation(items))).toEqual(['user:yes', 'user:yes']);
  });
});
