// NORMALIZE stage, messages: OpenTelemetry GenAI semconv message parts (text, tool_call,
// tool_call_response, server_tool_call, server_tool_call_response, blob, uri, file, reasoning;
// the pre-1.37 `file_data`), plus Pydantic AI's `thinking`. Any other type is the spec's
// GenericPart and stays an `unknown` block with its raw value. Input: one part; output: a block.

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
  // Provider-run tools (code interpreter, web search): the details object is the call's input.
  server_tool_call: (part) => ({
    type: 'tool_use',
    id: toolId(part.id),
    name: asString(part.name) ?? '',
    input: part.server_tool_call ?? null,
  }),
  server_tool_call_response: (part) => ({ type: 'tool_result', tool_use_id: toolId(part.id), content: part.server_tool_call_response ?? null }),
  blob: (part) => createMediaBlock(modalityOf(part), { mime_type: part.mime_type, data: part.content ?? part.data }),
  uri: (part) => createMediaBlock(modalityOf(part), { mime_type: part.mime_type, url: part.uri }),
  file_data: (part) => createMediaBlock(modalityOf(part), { mime_type: part.mime_type, url: part.uri, file_id: part.file_id }),
  // `file` also names OpenAI and Vercel parts: those carry `file` / `data`, OTel carries file_id + modality.
  reasoning: (part) => ({ type: 'thinking', text: asString(part.content) ?? asString(part.text) ?? '' }),
};

export function isOtelFilePart(part: PlainObject): boolean {
  return part.file_id !== undefined && part.file === undefined && part.data === undefined;
}

export function createOtelFileBlock(part: PlainObject): ContentBlock {
  return createMediaBlock(modalityOf(part), { mime_type: part.mime_type, file_id: part.file_id, name: part.name });
}
