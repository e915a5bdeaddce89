// NORMALIZE stage, messages: the one entry that turns any provider's message content
// (string, typed parts, keyed Bedrock/Gemini blocks) into SideML content blocks.
// Unrecognized parts become {type:'unknown', raw}; nothing here throws.

import type { ContentBlock } from '../types.js';
import { ANTHROPIC_PARTS } from './anthropic.js';
import { normalizeBedrockBlock } from './bedrock-converse.js';
import { normalizeGeminiPart } from './gemini.js';
import { createMediaBlock } from './media.js';
import { createToolUseFromCall, OPENAI_CHAT_PARTS } from './openai-chat.js';
import { OPENAI_RESPONSES_PARTS } from './openai-responses.js';
import { createOtelFileBlock, isOtelFilePart, OTEL_GENAI_PARTS } from './otel-genai-parts.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { STRANDS_PARTS } from './strands.js';
import { VERCEL_AI_PARTS } from './vercel-ai-parts.js';

/** Content arrays longer than this are cut; the raw span keeps everything. */
export const MAX_BLOCKS_PER_MESSAGE = 1000;

type BlockHandler = (part: PlainObject) => ContentBlock;

const TYPED_PARTS: Record<string, BlockHandler> = {
  ...OTEL_GENAI_PARTS,
  ...OPENAI_RESPONSES_PARTS,
  ...ANTHROPIC_PARTS,
  ...VERCEL_AI_PARTS,
  ...OPENAI_CHAT_PARTS,
  ...STRANDS_PARTS,
  file: (part) => (isOtelFilePart(part) ? createOtelFileBlock(part) : part.file !== undefined ? OPENAI_CHAT_PARTS.file!(part) : VERCEL_AI_PARTS.file!(part)),
  reasoning: (part) => (Array.isArray(part.summary) ? { type: 'thinking', text: summaryText(part.summary) } : VERCEL_AI_PARTS.reasoning!(part)),
  function: (part) => createToolUseFromCall(part),
  audio: (part) => createMediaBlock('audio', { mime_type: part.mime_type ?? part.mediaType, data: part.data, url: part.url }),
  video: (part) => createMediaBlock('video', { mime_type: part.mime_type ?? part.mediaType, data: part.data, url: part.url }),
  video_url: (part) => createMediaBlock('video', { url: isPlainObject(part.video_url) ? part.video_url.url : part.video_url }),
  json: (part) => ({ type: 'json', value: part.value ?? part.json ?? null }),
  tool_definitions: (part) => ({ type: 'tool_definitions', tools: Array.isArray(part.tools) ? part.tools : [] }),
  context: (part) => ({ type: 'context', value: part.value ?? part.content ?? null }),
};

function summaryText(summary: unknown[]): string {
  return summary.map((item) => (isPlainObject(item) ? asString(item.text) ?? '' : asString(item) ?? '')).join('\n');
}

export function normalizeBlock(part: unknown): ContentBlock {
  if (typeof part === 'string') return { type: 'text', text: part };
  if (!isPlainObject(part)) return { type: 'unknown', raw: part };
  try {
    if (typeof part.type === 'string') {
      const handler = TYPED_PARTS[part.type];
      if (handler) return handler(part);
    }
    const keyed = normalizeBedrockBlock(part) ?? normalizeGeminiPart(part);
    if (keyed) return keyed;
    if (typeof part.text === 'string' && part.type === undefined) return { type: 'text', text: part.text };
    if (part.type === undefined && typeof part.json === 'object') return { type: 'json', value: part.json };
  } catch {
    // A getter-free plain object cannot throw here, but a malformed payload must never stop ingest.
  }
  return { type: 'unknown', raw: part };
}

/** Message content in any shape -> blocks. A string is one text block; null is none. */
export function normalizeContent(content: unknown): ContentBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  if (Array.isArray(content)) {
    const parts = content.length > MAX_BLOCKS_PER_MESSAGE ? content.slice(0, MAX_BLOCKS_PER_MESSAGE) : content;
    return parts.map(normalizeBlock);
  }
  if (typeof content === 'number' || typeof content === 'boolean') return [{ type: 'text', text: String(content) }];
  return [normalizeBlock(content)];
}
