// NORMALIZE stage, messages: the plain text of a span's conversation, one text for its input
// and one for its output (the analytics API's input_text / output_text, and what its
// full-text index holds). Input: extracted SideML messages and the convention-level raw
// input/output. Output: text, or null when the span has none. Bounded per direction.
import type { ContentBlock, SideMLMessage } from '../types.js';
import type { ExtractedMessages } from './extract-messages.js';
import { isPlainObject } from './plain-value.js';

/** Longest text kept per direction: past it a payload is data, not a conversation to search. */
export const MAX_CONVERSATION_TEXT_CHARS = 64 * 1024;

export interface ConversationText {
  input: string | null;
  output: string | null;
}

export function createConversationText(extracted: ExtractedMessages): ConversationText {
  return {
    input: directionText(extracted.messages, 'input') ?? valueText(extracted.input),
    output: directionText(extracted.messages, 'output') ?? valueText(extracted.output),
  };
}

function directionText(messages: SideMLMessage[], direction: 'input' | 'output'): string | null {
  const texts: string[] = [];
  for (const message of messages) {
    if (message.direction !== direction) continue;
    for (const block of message.content) {
      const text = blockText(block);
      if (text) texts.push(text);
    }
  }
  return bound(texts.join('\n\n'));
}

function blockText(block: ContentBlock): string | null {
  if (!isPlainObject(block)) return valueText(block);
  switch (block.type) {
    case 'text':
    case 'refusal':
    case 'thinking':
      return block.text;
    case 'tool_use':
      return `${block.name}(${stringify(block.input)})`;
    case 'tool_result':
      return Array.isArray(block.content) ? block.content.map((part) => (isPlainObject(part) && typeof part.text === 'string' ? part.text : valueText(part))).filter(Boolean).join('\n') : valueText(block.content);
    case 'json':
      return stringify(block.value);
    default:
      return null;
  }
}

function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return bound(value);
  return bound(stringify(value));
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  } catch {
    return '';
  }
}

function bound(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return null;
  return trimmed.length > MAX_CONVERSATION_TEXT_CHARS ? trimmed.slice(0, MAX_CONVERSATION_TEXT_CHARS) : trimmed;
}
