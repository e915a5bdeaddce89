// NORMALIZE stage, messages: a tool-execution span's call and result as two messages:
// an assistant tool_use (input) and a tool tool_result (output). Shared by OTel GenAI
// (gen_ai.tool.call.*), Vercel (ai.toolCall.*), Google ADK, OpenInference TOOL spans (and
// the LangChain ToolMessage their output may be).

import type { SideMLMessage } from '../types.js';
import { isPlainObject } from './plain-value.js';
import type { SourceResult } from './source.js';
import { normalizeToolInput, toolId } from './tool-input.js';

export interface ToolCallFields {
  id: unknown;
  name: unknown;
  /** undefined when the span does not carry the arguments. */
  input: unknown;
  output: unknown;
  isError?: boolean;
  source: string;
}

export function createToolCallResult(fields: ToolCallFields): SourceResult {
  const id = toolId(fields.id);
  const name = typeof fields.name === 'string' ? fields.name : '';
  const input: SideMLMessage[] = [];
  const output: SideMLMessage[] = [];
  if (fields.input !== undefined) {
    input.push({ role: 'assistant', content: [{ type: 'tool_use', id, name, input: normalizeToolInput(fields.input) }], direction: 'input', source: fields.source });
  }
  if (fields.output !== undefined) {
    const message: SideMLMessage = { role: 'tool', content: [{ type: 'tool_result', tool_use_id: id, content: fields.output }], direction: 'output', source: fields.source };
    if (name) message.name = name;
    if (fields.isError) (message.content[0] as { is_error?: boolean }).is_error = true;
    output.push(message);
  }
  return { input, output, rawInput: fields.input, rawOutput: fields.output };
}

export interface ToolMessageResult {
  id: string | null;
  content: unknown;
  isError: boolean;
}

/** A LangChain ToolMessage ({lc, id:[…,'ToolMessage'], kwargs:{tool_call_id, content, status}}),
 *  alone or wrapped as {output: ToolMessage}, as LangChain tool runs return it; else null. */
export function unwrapToolMessage(value: unknown): ToolMessageResult | null {
  const message = isPlainObject(value) && isPlainObject(value.output) ? value.output : value;
  if (!isPlainObject(message) || !isPlainObject(message.kwargs) || !Array.isArray(message.id)) return null;
  if (message.id[message.id.length - 1] !== 'ToolMessage') return null;
  const { kwargs } = message;
  return { id: toolId(kwargs.tool_call_id), content: kwargs.content ?? null, isError: kwargs.status === 'error' };
}
