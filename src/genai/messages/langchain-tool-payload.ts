// NORMALIZE stage, messages: OpenLLMetry's LangChain instrumentation (callback_handler.py
// on_tool_start / on_tool_end, 0.62) sets gen_ai.tool.call.arguments and .result to its callback
// payloads, {input_str, inputs, tags, metadata, kwargs} and {output, kwargs}, where output is
// the ToolMessage a tool called with a ToolCall returns. Input: the parsed attributes; output:
// the call's own arguments, result and id, or the values unchanged when they are not that shape.

import { isPlainObject, parseJsonText } from './plain-value.js';
import { unwrapToolMessage } from './tool-span.js';

export interface ToolCallPayloads {
  id: unknown;
  input: unknown;
  output: unknown;
  isError: boolean;
}

function isCallbackInput(value: unknown): value is { input_str?: unknown; inputs?: unknown } {
  return isPlainObject(value) && 'input_str' in value && 'kwargs' in value;
}

function readCallbackInput(value: unknown): unknown {
  if (!isCallbackInput(value)) return value;
  if (value.inputs !== undefined && value.inputs !== null) return value.inputs;
  return typeof value.input_str === 'string' ? (parseJsonText(value.input_str) ?? value.input_str) : value.input_str;
}

export function unwrapLangChainToolPayloads(id: unknown, input: unknown, output: unknown): ToolCallPayloads {
  const unwrappedInput = readCallbackInput(input);
  const isCallbackOutput = isPlainObject(output) && 'output' in output && 'kwargs' in output;
  const message = isCallbackOutput ? unwrapToolMessage(output) : null;
  if (message) return { id: id ?? message.id, input: unwrappedInput, output: message.content, isError: message.isError };
  return { id, input: unwrappedInput, output: isCallbackOutput ? (output as { output: unknown }).output : output, isError: false };
}
