// NORMALIZE stage, messages: Anthropic Messages API content blocks (text, image, document,
// tool_use, tool_result, thinking, redacted_thinking) -> SideML blocks.

import type { ContentBlock } from '../types.js';
import { createMediaBlock } from './media.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { normalizeToolInput, toolId } from './tool-input.js';

type BlockHandler = (part: PlainObject) => ContentBlock;

function createSourcedMedia(type: 'image' | 'document', part: PlainObject): ContentBlock {
  const source = isPlainObject(part.source) ? part.source : {};
  if (source.type === 'text') return { type: 'document', mime_type: 'text/plain', data: asString(source.data) ?? '' };
  return createMediaBlock(type, {
    mime_type: source.media_type,
    data: source.data,
    url: source.url,
    file_id: source.file_id,
    name: part.title,
  });
}

const createToolUse: BlockHandler = (part) => ({
  type: 'tool_use',
  id: toolId(part.id),
  name: asString(part.name) ?? '',
  input: normalizeToolInput(part.input),
});

export const ANTHROPIC_PARTS: Record<string, BlockHandler> = {
  image: (part) => (isPlainObject(part.source) ? createSourcedMedia('image', part) : createVercelLikeImage(part)),
  document: (part) => createSourcedMedia('document', part),
  tool_use: createToolUse,
  server_tool_use: createToolUse,
  tool_result: (part) => {
    const block: ContentBlock = { type: 'tool_result', tool_use_id: toolId(part.tool_use_id), content: part.content ?? null };
    if (part.is_error === true) block.is_error = true;
    return block;
  },
  thinking: (part) => {
    const block: ContentBlock = { type: 'thinking', text: asString(part.thinking) ?? asString(part.content) ?? asString(part.text) ?? '' };
    const signature = asString(part.signature);
    if (signature) block.signature = signature;
    return block;
  },
  redacted_thinking: (part) => ({ type: 'redacted_thinking', data: asString(part.data) ?? '' }),
};

/** Vercel AI SDK image parts share the `image` type name: {image: url|base64, mediaType}. */
function createVercelLikeImage(part: PlainObject): ContentBlock {
  const image = asString(part.image) ?? asString(part.url) ?? asString(part.data);
  const mime = part.mediaType ?? part.mimeType ?? part.mime_type;
  const isUrl = image !== undefined && /^(https?:|data:|gs:|s3:)/.test(image);
  return createMediaBlock('image', { mime_type: mime, url: isUrl ? image : undefined, data: isUrl ? undefined : image });
}
