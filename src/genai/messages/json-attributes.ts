// NORMALIZE stage, messages: conventions that carry a whole input and output as one JSON
// attribute each — Langfuse (langfuse.observation.input|output), MLflow (mlflow.spanInputs|
// spanOutputs), LangSmith (gen_ai.prompt|gen_ai.completion, un-indexed). Messages are read
// only when the payload has a recognizable message shape; otherwise just input/output.

import { readPayloadMessages } from './payload.js';
import { isPlainObject } from './plain-value.js';
import type { MessageSource } from './source.js';

interface JsonAttributePair {
  name: string;
  inputKey: string;
  outputKey: string;
}

export const LANGFUSE_IO: JsonAttributePair = { name: 'langfuse', inputKey: 'langfuse.observation.input', outputKey: 'langfuse.observation.output' };
export const MLFLOW_IO: JsonAttributePair = { name: 'mlflow', inputKey: 'mlflow.spanInputs', outputKey: 'mlflow.spanOutputs' };
export const LANGSMITH_IO: JsonAttributePair = { name: 'langsmith', inputKey: 'gen_ai.prompt', outputKey: 'gen_ai.completion' };

/** Framework wrappers around the payload: {inputs: …}, {outputs: …}, {output: "…"} etc. */
function unwrap(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && ['inputs', 'outputs', 'input', 'output', 'result'].includes(keys[0]!)) return value[keys[0]!];
  return value;
}

export function createJsonAttributeSource(pair: JsonAttributePair): MessageSource {
  return {
    name: pair.name,
    read: ({ attrs }) => {
      const rawInput = attrs.parsed(pair.inputKey);
      const rawOutput = attrs.parsed(pair.outputKey);
      if (rawInput === undefined && rawOutput === undefined) return null;
      const tools = isPlainObject(rawInput) && Array.isArray(rawInput.tools) ? rawInput.tools : null;
      return {
        input: readPayloadMessages(unwrap(rawInput), 'input', pair.inputKey),
        output: readPayloadMessages(unwrap(rawOutput), 'output', pair.outputKey),
        toolDefinitions: tools,
        rawInput,
        rawOutput,
      };
    },
  };
}
