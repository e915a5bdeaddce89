// NORMALIZE stage, messages: the parts of one OpenInference message (the fields under
// llm.{input,output}_messages.N.): message.contents.K.message_content.* -> SideML blocks, and
// message.tool_calls.K.tool_call.* -> OpenAI-style tool calls for createMessage.

import type { ContentBlock } from '../types.js';
import { createMediaBlock } from './media.js';
import { stableStringify } from './message-hash.js';
import { asString, type PlainObject } from './plain-value.js';
import { groupFields } from './source.js';
import { normalizeToolInput, toolId } from './tool-input.js';

export const OPENINFERENCE_PART = {
  contents: 'message.contents.',
  toolCalls: 'message.tool_calls.',
  type: 'message_content.type',
  text: 'message_content.text',
  imageUrl: 'message_content.image.image.url',
  audioUrl: 'message_content.audio.audio.url',
  audioMime: 'message_content.audio.audio.mime_type',
  audioTranscript: 'message_content.audio.audio.transcript',
  signature: 'message_content.signature',
  data: 'message_content.data',
  encryptedContent: 'message_content.encrypted_content',
  toolCallId: 'tool_call.id',
  toolCallName: 'tool_call.function.name',
  toolCallArguments: 'tool_call.function.arguments',
} as const;

type Fields = Map<string, unknown>;

/** "reasoning" covers thinking text (with its signature) and Anthropic's redacted_thinking (data only). */
function createReasoningBlock(part: Fields): ContentBlock {
  const text = asString(part.get(OPENINFERENCE_PART.text));
  const data = asString(part.get(OPENINFERENCE_PART.data)) ?? asString(part.get(OPENINFERENCE_PART.encryptedContent));
  if (text === undefined && data !== undefined) return { type: 'redacted_thinking', data };
  const signature = asString(part.get(OPENINFERENCE_PART.signature));
  return signature ? { type: 'thinking', text: text ?? '', signature } : { type: 'thinking', text: text ?? '' };
}

function createToolUseBlock(call: Fields): ContentBlock {
  const name = asString(call.get(OPENINFERENCE_PART.toolCallName)) ?? '';
  return { type: 'tool_use', id: toolId(call.get(OPENINFERENCE_PART.toolCallId)), name, input: normalizeToolInput(call.get(OPENINFERENCE_PART.toolCallArguments)) };
}

function createContentBlock(part: Fields): ContentBlock {
  const type = part.get(OPENINFERENCE_PART.type);
  if (type === 'image' || part.has(OPENINFERENCE_PART.imageUrl)) return createMediaBlock('image', { url: part.get(OPENINFERENCE_PART.imageUrl) });
  if (type === 'audio' || part.has(OPENINFERENCE_PART.audioUrl)) {
    const audio = createMediaBlock('audio', { url: part.get(OPENINFERENCE_PART.audioUrl), mime_type: part.get(OPENINFERENCE_PART.audioMime) });
    const transcript = asString(part.get(OPENINFERENCE_PART.audioTranscript));
    return transcript && !audio.url && !audio.data ? { type: 'text', text: transcript } : audio;
  }
  if (type === 'reasoning') return createReasoningBlock(part);
  if (type === 'tool_use') return createToolUseBlock(part);
  const text = asString(part.get(OPENINFERENCE_PART.text));
  return text !== undefined ? { type: 'text', text } : { type: 'unknown', raw: Object.fromEntries(part) };
}

export function readContents(fields: Fields): ContentBlock[] {
  return groupFields(fields, OPENINFERENCE_PART.contents).map(({ fields: part }) => createContentBlock(part));
}

function toolCallKey(id: string | null, name: string, input: unknown): string {
  return id ?? `${name}|${stableStringify(input)}`;
}

/** message.tool_calls as OpenAI tool calls, minus those the contents already list as tool_use
 *  parts: Anthropic, LiteLLM and the Claude Agent SDK instrumentations write each call both ways. */
export function readToolCalls(fields: Fields, contents: ContentBlock[]): PlainObject[] {
  const listed = new Set<string>();
  for (const block of contents) if (block.type === 'tool_use') listed.add(toolCallKey(block.id, block.name, block.input));
  const calls: PlainObject[] = [];
  for (const { fields: call } of groupFields(fields, OPENINFERENCE_PART.toolCalls)) {
    const block = createToolUseBlock(call);
    if (block.type === 'tool_use' && listed.has(toolCallKey(block.id, block.name, block.input))) continue;
    calls.push({
      id: call.get(OPENINFERENCE_PART.toolCallId),
      function: { name: call.get(OPENINFERENCE_PART.toolCallName), arguments: call.get(OPENINFERENCE_PART.toolCallArguments) },
    });
  }
  return calls;
}
