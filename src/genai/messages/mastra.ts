// NORMALIZE stage, messages: Mastra AI tracing as @mastra/otel-exporter 0.x writes it (its
// span-converter: `input` / `output` JSON attributes, plus gen_ai.prompt / gen_ai.completion on
// the generation) and 1.x for non-model spans (`mastra.<type>.input|output`). Mastra 1.x model
// spans carry gen_ai.input/output.messages, read by the OTel GenAI source first.
// - model_generation: input {messages} (AI SDK model messages); output {text, …}: the final answer,
//   its finish reason in gen_ai.response.finish_reasons (a plain string in 0.x).
// - model_step (one provider call): input {body: <the provider request>} — the history with ids and
//   the tool definitions; output {text, toolCalls: [{toolCallId, toolName, args}]}; unstreamed, the
//   provider's raw response `body` too, the only place the step's finish reason is.
// - tool_call: no call id, and each call already shows in its step's output and the next step's
//   request with its id, so the tool span adds no messages.

import type { ContentBlock, SideMLMessage } from '../types.js';
import { addFinishReason, createTextMessage } from './message-object.js';
import { readPayloadMessages } from './payload.js';
import { asString, isPlainObject, parseJsonText, type PlainObject } from './plain-value.js';
import type { MessageSource, SourceResult, SpanContext } from './source.js';
import { normalizeToolInput, toolId } from './tool-input.js';

export const MASTRA_IO = {
  spanType: 'mastra.span.type',
  input: 'input',
  output: 'output',
  finishReasons: 'gen_ai.response.finish_reasons',
  responseBody: 'body',
} as const;

const GENERATION_TYPES = new Set(['model_generation', 'llm_generation']);
const STEP_TYPES = new Set(['model_step', 'llm_step']);
const TOOL_TYPES = new Set(['tool_call', 'mcp_tool_call', 'client_tool_call', 'provider_tool_call']);

function readFirstFinishReason(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const parsed = raw.startsWith('[') ? parseJsonText(raw) : raw;
  return Array.isArray(parsed) ? asString(parsed[0]) : asString(parsed);
}

function createStepOutput(output: PlainObject, source: string): SideMLMessage | null {
  const content: ContentBlock[] = [];
  const text = asString(output.text);
  if (text) content.push({ type: 'text', text });
  for (const call of Array.isArray(output.toolCalls) ? output.toolCalls : []) {
    if (!isPlainObject(call)) continue;
    content.push({ type: 'tool_use', id: toolId(call.toolCallId), name: asString(call.toolName) ?? '', input: normalizeToolInput(call.args ?? call.input) });
  }
  return content.length > 0 ? { role: 'assistant', content, direction: 'output', source } : null;
}

/** OpenAI's choices[0].finish_reason or Anthropic's stop_reason in the raw response. */
function readResponseFinishReason(response: unknown): unknown {
  if (!isPlainObject(response)) return undefined;
  const choice = Array.isArray(response.choices) ? response.choices[0] : undefined;
  return isPlainObject(choice) ? choice.finish_reason : response.stop_reason;
}

function readStep(ctx: SpanContext, rawInput: unknown, rawOutput: unknown): SourceResult {
  const body = isPlainObject(rawInput) && isPlainObject(rawInput.body) ? rawInput.body : null;
  const output = isPlainObject(rawOutput) ? createStepOutput(rawOutput, 'mastra.model_step.output') : null;
  if (output) addFinishReason(output, readResponseFinishReason(ctx.attrs.parsed(MASTRA_IO.responseBody)));
  return {
    input: body ? readPayloadMessages(body.messages, 'input', 'mastra.model_step.input') : null,
    output: output ? [output] : null,
    toolDefinitions: body && Array.isArray(body.tools) ? body.tools : null,
    rawInput,
    rawOutput,
  };
}

function readGeneration(ctx: SpanContext, rawInput: unknown, rawOutput: unknown): SourceResult {
  const text = isPlainObject(rawOutput) ? asString(rawOutput.text) : undefined;
  const answer = text ? createTextMessage(text, 'output', 'mastra.model_generation.output') : null;
  if (answer) addFinishReason(answer, readFirstFinishReason(ctx.attrs.string(MASTRA_IO.finishReasons)));
  return { input: readPayloadMessages(rawInput, 'input', 'mastra.model_generation.input'), output: answer ? [answer] : null, rawInput, rawOutput };
}

export const mastraSource: MessageSource = {
  name: 'mastra',
  read: (ctx): SourceResult | null => {
    const spanType = ctx.attrs.string(MASTRA_IO.spanType)?.toLowerCase();
    if (!spanType) return null;
    const rawInput = ctx.attrs.parsed(MASTRA_IO.input) ?? ctx.attrs.parsed(`mastra.${spanType}.input`);
    const rawOutput = ctx.attrs.parsed(MASTRA_IO.output) ?? ctx.attrs.parsed(`mastra.${spanType}.output`);
    if (STEP_TYPES.has(spanType)) return readStep(ctx, rawInput, rawOutput);
    if (GENERATION_TYPES.has(spanType)) return readGeneration(ctx, rawInput, rawOutput);
    if (TOOL_TYPES.has(spanType)) return { input: null, output: null, rawInput, rawOutput };
    return null;
  },
};
