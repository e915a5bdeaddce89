// NORMALIZE stage, messages: Pydantic AI / Logfire. Agent-run spans carry the whole
// conversation in pydantic_ai.all_messages (OTel message format, thinking parts included)
// and final_result; older versions put per-message events in an `events` JSON attribute.

import type { SideMLMessage } from '../types.js';
import { createMessagesFromGenAIEvent } from './genai-events.js';
import { readPayloadMessages } from './payload.js';
import { asString, isPlainObject } from './plain-value.js';
import type { MessageSource } from './source.js';

export const PYDANTIC_AI = {
  allMessages: 'pydantic_ai.all_messages',
  finalResult: 'final_result',
  events: 'events',
} as const;

function readEventsAttribute(events: unknown[]): { input: SideMLMessage[]; output: SideMLMessage[] } {
  const input: SideMLMessage[] = [];
  const output: SideMLMessage[] = [];
  for (const event of events) {
    if (!isPlainObject(event)) continue;
    const name = asString(event['event.name']) ?? '';
    for (const message of createMessagesFromGenAIEvent(name, event, 0n)) (message.direction === 'output' ? output : input).push(message);
  }
  return { input, output };
}

export const pydanticAISource: MessageSource = {
  name: 'pydantic-ai',
  read: ({ attrs }) => {
    const all = attrs.parsed(PYDANTIC_AI.allMessages);
    if (Array.isArray(all)) {
      const messages = readPayloadMessages(all, 'input', PYDANTIC_AI.allMessages) ?? [];
      const last = messages[messages.length - 1];
      // The run's answer is the last assistant message; everything before it is the history.
      const output = last?.role === 'assistant' ? [{ ...messages.pop()!, direction: 'output' as const }] : [];
      return { input: messages, output, rawInput: all, rawOutput: attrs.parsed(PYDANTIC_AI.finalResult) };
    }
    const events = attrs.parsed(PYDANTIC_AI.events);
    if (Array.isArray(events) && events.some((e) => isPlainObject(e) && e['event.name'] !== undefined)) {
      return readEventsAttribute(events);
    }
    return null;
  },
};
