// NORMALIZE stage, messages: conventions that carry a whole input and output as one JSON
// attribute each — Langfuse (langfuse.observation.input|output), MLflow (mlflow.spanInputs|
// spanOutputs), LangSmith (gen_ai.prompt|gen_ai.completion, un-indexed). Messages are read
// only when the payload has a recognizable message shape; otherwise just input/output.

import { readPayloadMessages } from './payload.js';
import { isPlainObject } from './plain-value.js';
import type { MessageSource } from './source.js';
import type { SideMLMessage } from '../types.js';

interface JsonAttributePair {
  name: string;
  inputKey: string;
  outputKey: string;
  /** On a generation (this attribute names the type), a plain string payload is the text of one
   *  message, user in and assistant out: Langfuse's SDKs and REST ingestion send a generation's
   *  `input: "What is 2+2?"` so. Other observations' strings stay plain input/output. */
  generationTypeKey?: string;
}

export const LANGFUSE_IO: JsonAttributePair = { name: 'langfuse', inputKey: 'langfuse.observation.input', outputKey: 'langfuse.observation.output', generationTypeKey: 'langfuse.observation.type' };
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
      const isGeneration = pair.generationTypeKey !== undefined && attrs.string(pair.generationTypeKey) === 'generation';
      return {
        input: readMessages(pair, unwrap(rawInput), 'input', isGeneration),
        output: readMessages(pair, unwrap(rawOutput), 'output', isGeneration),
        toolDefinitions: tools,
        rawInput,
        rawOutput,
      };
    },
  };
}

function readMessages(pair: JsonAttributePair, payload: unknown, direction: 'input' | 'output', stringIsMessage: boolean): SideMLMessage[] | null {
  const key = direction === 'input' ? pair.inputKey : pair.outputKey;
  if (stringIsMessage && typeof payload === 'string' && payload.trim() !== '') {
    return [{ role: direction === 'input' ? 'user' : 'assistant', content: [{ type: 'text', text: payload }], direction, source: key }];
  }
  return readPayloadMessages(payload, direction, key);
}
