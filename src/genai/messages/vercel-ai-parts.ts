// NORMALIZE stage, messages: Vercel AI SDK prompt parts (v4-v7): tool-call, tool-result,
// reasoning, redacted-reasoning, file. (`text` and `image` share handlers with other
// providers.) Input: one typed part; output: a SideML block.

import type { ContentBlock } from '../types.js';
import { createMediaBlock } from './media.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { normalizeToolInput, toolId } from './tool-input.js';

type BlockHandler = (part: PlainObject) => ContentBlock;

/** v5+ wraps results as {type:'text'|'json'|'error-text'|'error-json'|'content', value}. */
function unwrapToolOutput(output: unknown): { content: unknown; isError: boolean } {
  if (isPlainObject(output) && typeof output.type === 'string' && 'value' in output) {
    return { content: output.value ?? null, isError: output.type.startsWith('error') };
  }
  return { content: output ?? null, isError: false };
}

export const VERCEL_AI_PARTS: Record<string, BlockHandler> = {
  'tool-call': (part) => ({
    type: 'tool_use',
    id: toolId(part.toolCallId),
    name: asString(part.toolName) ?? '',
    input: normalizeToolInput(part.input ?? part.args),
  }),
  'tool-result': (part) => {
    const { content, isError } = unwrapToolOutput(part.output ?? part.result);
    const block: ContentBlock = { type: 'tool_result', tool_use_id: toolId(part.toolCallId), content };
    if (isError || part.isError === true) block.is_error = true;
    return block;
  },
  reasoning: (part) => {
    const block: ContentBlock = { type: 'thinking', text: asString(part.text) ?? asString(part.content) ?? '' };
    const signature = asString(part.signature);
    if (signature) block.signature = signature;
    return block;
  },
  'redacted-reasoning': (part) => ({ type: 'redacted_thinking', data: asString(part.data) ?? '' }),
  file: (part) => {
    const data = asString(part.data) ?? asString(part.url);
    const isUrl = data !== undefined && /^(https?:|data:|gs:|s3:)/.test(data);
    return createMediaBlock(null, {
      mime_type: part.mediaType ?? part.mimeType,
      url: isUrl ? data : undefined,
      data: isUrl ? undefined : data,
      name: part.filename,
    });
  },
};
