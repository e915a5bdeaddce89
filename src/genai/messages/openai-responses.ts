// NORMALIZE stage, messages: OpenAI Responses API shapes. Content parts (input_text,
// output_text, input_image, input_file, refusal) -> blocks; input/output items (message,
// function_call, function_call_output, reasoning) -> SideML messages.

import type { ContentBlock, SideMLMessage } from '../types.js';
import { createMediaBlock } from './media.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { normalizeToolInput, toolId } from './tool-input.js';

type BlockHandler = (part: PlainObject) => ContentBlock;

export const OPENAI_RESPONSES_PARTS: Record<string, BlockHandler> = {
  input_text: (part) => ({ type: 'text', text: asString(part.text) ?? '' }),
  output_text: (part) => ({ type: 'text', text: asString(part.text) ?? '' }),
  summary_text: (part) => ({ type: 'thinking', text: asString(part.text) ?? '' }),
  reasoning_text: (part) => ({ type: 'thinking', text: asString(part.text) ?? '' }),
  input_image: (part) => createMediaBlock('image', { url: part.image_url, file_id: part.file_id }),
  input_file: (part) =>
    createMediaBlock(null, { data: part.file_data, file_id: part.file_id, name: part.filename, url: part.file_url }),
  input_audio: (part) => createMediaBlock('audio', { data: part.data ?? (isPlainObject(part.input_audio) ? part.input_audio.data : undefined) }),
  function_call: (part) => ({
    type: 'tool_use',
    id: toolId(part.call_id ?? part.id),
    name: asString(part.name) ?? '',
    input: normalizeToolInput(part.arguments),
  }),
  function_call_output: (part) => ({ type: 'tool_result', tool_use_id: toolId(part.call_id), content: part.output ?? null }),
};

const RESPONSES_ITEM_TYPES = new Set(['message', 'function_call', 'function_call_output', 'reasoning', 'custom_tool_call', 'web_search_call', 'file_search_call', 'computer_call']);

export function isResponsesItem(value: unknown): value is PlainObject {
  return isPlainObject(value) && typeof value.type === 'string' && RESPONSES_ITEM_TYPES.has(value.type);
}

/** A non-`message` Responses item as a message (`message` items go through the generic path). */
export function createMessageFromResponsesItem(item: PlainObject, direction: 'input' | 'output', source: string): SideMLMessage {
  switch (item.type) {
    case 'function_call':
    case 'custom_tool_call':
      return { role: 'assistant', content: [OPENAI_RESPONSES_PARTS.function_call!({ ...item, arguments: item.arguments ?? item.input })], direction, source };
    case 'function_call_output':
      return { role: 'tool', content: [OPENAI_RESPONSES_PARTS.function_call_output!(item)], direction, source };
    case 'reasoning': {
      const summary = Array.isArray(item.summary) ? item.summary : [];
      const text = summary.map((part) => (isPlainObject(part) ? asString(part.text) ?? '' : '')).join('\n');
      const content: ContentBlock[] = text ? [{ type: 'thinking', text }] : [];
      const encrypted = asString(item.encrypted_content);
      if (encrypted) content.push({ type: 'redacted_thinking', data: encrypted });
      return { role: 'assistant', content, direction, source };
    }
    default:
      return { role: 'assistant', content: [{ type: 'unknown', raw: item }], direction, source };
  }
}
