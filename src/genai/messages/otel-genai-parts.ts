// NORMALIZE stage, messages: OpenTelemetry GenAI semconv message parts (text, tool_call,
// tool_call_response, blob, uri, file, reasoning), plus Pydantic AI's `thinking`.
// Input: one part object; output: a SideML block.

import type { ContentBlock } from '../types.js';
import { createMediaBlock } from './media.js';
import { asString, type PlainObject } from './plain-value.js';
import { normalizeToolInput, toolId } from './tool-input.js';

type BlockHandler = (part: PlainObject) => ContentBlock;
type MediaKind = 'image' | 'audio' | 'video' | null;

function modalityOf(part: PlainObject): MediaKind {
  const modality = part.modality;
  return modality === 'image' || modality === 'audio' || modality === 'video' ? modality : null;
}

export const OTEL_GENAI_PARTS: Record<string, BlockHandler> = {
  tool_call: (part) => ({
    type: 'tool_use',
    id: toolId(part.id),
    name: asString(part.name) ?? '',
    input: normalizeToolInput(part.arguments ?? part.args ?? null),
  }),
  tool_call_response: (part) => ({ type: 'tool_result', tool_use_id: toolId(part.id), content: part.response ?? part.result ?? null }),
  blob: (part) => createMediaBlock(modalityOf(part), { mime_type: part.mime_type, data: part.content ?? part.data }),
  uri: (part) => createMediaBlock(modalityOf(part), { mime_type: part.mime_type, url: part.uri }),
  // `file` also names OpenAI and Vercel parts: those carry `file` / `data`, OTel carries file_id + modality.
  reasoning: (part) => ({ type: 'thinking', text: asString(part.content) ?? asString(part.text) ?? '' }),
};

export function isOtelFilePart(part: PlainObject): boolean {
  return part.file_id !== undefined && part.file === undefined && part.data === undefined;
}

export function createOtelFileBlock(part: PlainObject): ContentBlock {
  return createMediaBlock(modalityOf(part), { mime_type: part.mime_type, file_id: part.file_id, name: part.name });
}
