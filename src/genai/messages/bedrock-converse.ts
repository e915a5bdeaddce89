// NORMALIZE stage, messages: Bedrock Converse content blocks, also used by Strands inside
// its event content: {text}, {toolUse}, {toolResult}, {reasoningContent}, {image},
// {document}, {video}. Input: one keyed block; output: a SideML block or null if not Bedrock.

import type { ContentBlock } from '../types.js';
import { createMediaBlock, mimeFromFormat } from './media.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { normalizeToolInput, toolId } from './tool-input.js';

function bytesOf(source: unknown): unknown {
  if (!isPlainObject(source)) return undefined;
  const bytes = source.bytes;
  // Strands serializes bytes as {"__bytes_encoded__": true, "data": base64}.
  if (isPlainObject(bytes)) return bytes.data;
  return bytes;
}

function createMedia(type: 'image' | 'document' | 'video', block: unknown, family: string): ContentBlock {
  if (!isPlainObject(block)) return { type: 'unknown', raw: block };
  const source = isPlainObject(block.source) ? block.source : {};
  const s3 = isPlainObject(source.s3Location) ? source.s3Location.uri : undefined;
  return createMediaBlock(type, {
    mime_type: mimeFromFormat(block.format, family),
    data: bytesOf(source),
    url: s3,
    name: block.name,
  });
}

function createReasoning(reasoning: unknown): ContentBlock {
  if (!isPlainObject(reasoning)) return { type: 'unknown', raw: reasoning };
  if (reasoning.redactedContent !== undefined) {
    const redacted = reasoning.redactedContent;
    return { type: 'redacted_thinking', data: asString(redacted) ?? (isPlainObject(redacted) ? asString(redacted.data) ?? '' : '') };
  }
  const text = isPlainObject(reasoning.reasoningText) ? reasoning.reasoningText : reasoning;
  const block: ContentBlock = { type: 'thinking', text: asString(text.text) ?? '' };
  const signature = asString(text.signature);
  if (signature) block.signature = signature;
  return block;
}

/** Bedrock keyed block -> SideML block; null when the object has none of the Bedrock keys. */
export function normalizeBedrockBlock(part: PlainObject): ContentBlock | null {
  if (isPlainObject(part.toolUse)) {
    const use = part.toolUse;
    return { type: 'tool_use', id: toolId(use.toolUseId), name: asString(use.name) ?? '', input: normalizeToolInput(use.input) };
  }
  if (isPlainObject(part.toolResult)) {
    const result = part.toolResult;
    const block: ContentBlock = { type: 'tool_result', tool_use_id: toolId(result.toolUseId), content: result.content ?? null };
    if (result.status === 'error') block.is_error = true;
    return block;
  }
  if (part.reasoningContent !== undefined) return createReasoning(part.reasoningContent);
  if (isPlainObject(part.image) && part.type === undefined) return createMedia('image', part.image, 'image');
  if (isPlainObject(part.document)) return createMedia('document', part.document, 'application');
  if (isPlainObject(part.video)) return createMedia('video', part.video, 'video');
  if (part.cachePoint !== undefined) return { type: 'unknown', raw: part };
  if (part.guardContent !== undefined) return { type: 'context', value: part.guardContent };
  return null;
}
