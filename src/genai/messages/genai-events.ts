// NORMALIZE stage, messages: the older OTel GenAI per-message events (gen_ai.system|user|
// assistant|tool.message, gen_ai.choice) and gen_ai.content.prompt|completion, as span
// events (content in attributes; Strands puts Bedrock blocks there as JSON) or log records
// (content in a kvlist body). Input: event name + payload object; output: messages.

import type { SideMLMessage, Role } from '../types.js';
import { normalizeContent } from './blocks.js';
import { createMessage } from './message-object.js';
import { readPayloadMessages } from './payload.js';
import { isPlainObject, parseJsonText, type PlainObject } from './plain-value.js';

const EVENT_ROLES: Record<string, Role> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};
export const CHOICE_EVENT = 'gen_ai.choice';
export const CONTENT_PROMPT_EVENT = 'gen_ai.content.prompt';
export const CONTENT_COMPLETION_EVENT = 'gen_ai.content.completion';

export function isGenAIMessageEvent(name: string): boolean {
  return name in EVENT_ROLES || name === CHOICE_EVENT || name === CONTENT_PROMPT_EVENT || name === CONTENT_COMPLETION_EVENT;
}

/** Content may be JSON text of blocks (Strands); plain text that merely looks like JSON stays text. */
function parseEventContent(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  const parsed = parseJsonText(content);
  if (parsed === undefined || typeof parsed === 'string') return parsed ?? content;
  const blocks = normalizeContent(parsed);
  return blocks.length > 0 && blocks.every((b) => b.type === 'unknown') ? content : parsed;
}

function createChoiceMessage(payload: PlainObject, source: string): SideMLMessage | null {
  const rawMessage = parseEventContent(payload.message);
  const message: PlainObject = isPlainObject(rawMessage)
    ? { ...rawMessage, content: parseEventContent(rawMessage.content) }
    : { content: rawMessage ?? parseEventContent(payload.content) };
  message.role = message.role ?? payload.role ?? 'assistant';
  message.finish_reason = payload.finish_reason ?? message.finish_reason;
  return createMessage(message, 'output', source);
}

/** One GenAI event -> messages (several for gen_ai.content.prompt). `timeUnixNano` 0n means unknown. */
export function createMessagesFromGenAIEvent(name: string, payload: PlainObject, timeUnixNano: bigint): SideMLMessage[] {
  let messages: SideMLMessage[] = [];
  if (name === CONTENT_PROMPT_EVENT || name === CONTENT_COMPLETION_EVENT) {
    const isPrompt = name === CONTENT_PROMPT_EVENT;
    const value = payload[isPrompt ? 'gen_ai.prompt' : 'gen_ai.completion'];
    const parsed = typeof value === 'string' ? parseJsonText(value) ?? value : value;
    messages = readPayloadMessages(parsed, isPrompt ? 'input' : 'output', name, { textAsMessage: true }) ?? [];
  } else if (name === CHOICE_EVENT) {
    const message = createChoiceMessage(payload, name);
    if (message) messages = [message];
  } else if (EVENT_ROLES[name]) {
    const message = createMessage({ ...payload, role: payload.role ?? EVENT_ROLES[name], content: parseEventContent(payload.content) }, 'input', name);
    if (message) messages = [message];
  }
  if (timeUnixNano > 0n) for (const message of messages) message.timestamp_ns = timeUnixNano.toString();
  return messages;
}
