// NORMALIZE stage, messages: OpenAI Chat Completions payload shapes. Content parts
// (text, image_url, input_audio, file, refusal) -> SideML blocks, and the message-level
// fields (tool_calls, legacy function_call, refusal, reasoning_content) -> extra blocks.

import type { ContentBlock } from '../types.js';
import { createMediaBlock, mimeFromFormat } from './media.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { normalizeToolInput, toolId } from './tool-input.js';

type BlockHandler = (part: PlainObject) => ContentBlock;

function textOf(part: PlainObject): string {
  return asString(part.text) ?? asString(part.content) ?? asString(part.value) ?? '';
}

export const OPENAI_CHAT_PARTS: Record<string, BlockHandler> = {
  text: (part) => ({ type: 'text', text: textOf(part) }),
  image_url: (part) => {
    const image = part.image_url;
    return createMediaBlock('image', { url: isPlainObject(image) ? image.url : image });
  },
  input_audio: (part) => {
    const audio = isPlainObject(part.input_audio) ? part.input_audio : {};
    return createMediaBlock('audio', { data: audio.data, mime_type: mimeFromFormat(audio.format, 'audio') });
  },
  file: (part) => {
    const file = isPlainObject(part.file) ? part.file : part;
    return createMediaBlock(null, {
      data: file.file_data ?? file.data,
      file_id: file.file_id,
      name: file.filename ?? file.name,
      mime_type: file.mime_type ?? file.mediaType ?? file.mimeType,
      url: file.url,
    });
  },
  refusal: (part) => ({ type: 'refusal', text: asString(part.refusal) ?? textOf(part) }),
};

/** One entry of `tool_calls`: OpenAI {id, function:{name, arguments}} or LangChain {id, name, args}. */
export function createToolUseFromCall(call: unknown): ContentBlock {
  if (!isPlainObject(call)) return { type: 'unknown', raw: call };
  const fn = isPlainObject(call.function) ? call.function : call;
  const name = asString(fn.name) ?? asString(call.name);
  if (name === undefined) return { type: 'unknown', raw: call };
  const input = fn.arguments ?? fn.args ?? fn.input ?? call.args ?? call.input;
  return { type: 'tool_use', id: toolId(call.id ?? call.tool_call_id ?? call.toolCallId), name, input: normalizeToolInput(input) };
}

/** Blocks carried beside `content` on an OpenAI-style (or LangChain) message. */
export function createMessageExtraBlocks(message: PlainObject): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
  if (reasoning) blocks.unshift({ type: 'thinking', text: reasoning });
  const refusal = asString(message.refusal);
  if (refusal) blocks.push({ type: 'refusal', text: refusal });
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls.slice(0, 500)) blocks.push(createToolUseFromCall(call));
  }
  if (isPlainObject(message.function_call)) blocks.push(createToolUseFromCall({ function: message.function_call }));
  return blocks;
}
