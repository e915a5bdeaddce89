// NORMALIZE stage, messages: Gemini / Vertex AI parts (also Google ADK): text (with
// thought=true for thinking), functionCall, functionResponse, inlineData, fileData, in
// both camelCase (REST) and snake_case (Python SDK dumps). Output: a SideML block or null.

import type { ContentBlock } from '../types.js';
import { createMediaBlock } from './media.js';
import { asString, isPlainObject, type PlainObject } from './plain-value.js';
import { normalizeToolInput, toolId } from './tool-input.js';

function pick(part: PlainObject, camel: string, snake: string): unknown {
  return part[camel] ?? part[snake];
}

export function normalizeGeminiPart(part: PlainObject): ContentBlock | null {
  const call = pick(part, 'functionCall', 'function_call');
  if (isPlainObject(call)) {
    return { type: 'tool_use', id: toolId(call.id), name: asString(call.name) ?? '', input: normalizeToolInput(call.args ?? null) };
  }
  const response = pick(part, 'functionResponse', 'function_response');
  if (isPlainObject(response)) {
    return { type: 'tool_result', tool_use_id: toolId(response.id), content: response.response ?? null };
  }
  const inline = pick(part, 'inlineData', 'inline_data');
  if (isPlainObject(inline)) {
    return createMediaBlock(null, { mime_type: pick(inline, 'mimeType', 'mime_type'), data: inline.data, name: inline.display_name ?? inline.displayName });
  }
  const file = pick(part, 'fileData', 'file_data');
  if (isPlainObject(file)) {
    return createMediaBlock(null, { mime_type: pick(file, 'mimeType', 'mime_type'), url: pick(file, 'fileUri', 'file_uri') });
  }
  if (typeof part.text === 'string' && part.thought === true) {
    const block: ContentBlock = { type: 'thinking', text: part.text };
    const signature = asString(pick(part, 'thoughtSignature', 'thought_signature'));
    if (signature) block.signature = signature;
    return block;
  }
  const code = pick(part, 'executableCode', 'executable_code') ?? pick(part, 'codeExecutionResult', 'code_execution_result');
  if (code !== undefined) return { type: 'json', value: part };
  return null;
}
