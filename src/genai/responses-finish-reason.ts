// NORMALIZE stage: OpenAI's Responses API has no finish reason. OpenInference's OpenAI Agents
// processor writes the response status instead ('completed' -> 'stop'), even when the output ends
// in a function call; such a turn stopped for a tool, and its raw reason becomes OpenAI's own word
// for that, 'function_call'. Input: the raw reason and the span's parsed output.value.

import { isPlainObject } from './attribute-values.js';

export function correctResponsesFinishReason(raw: string, output: unknown): string {
  if (raw !== 'stop' || !isPlainObject(output) || output.object !== 'response' || !Array.isArray(output.output)) return raw;
  const last: unknown = output.output[output.output.length - 1];
  return isPlainObject(last) && last.type === 'function_call' ? 'function_call' : raw;
}
