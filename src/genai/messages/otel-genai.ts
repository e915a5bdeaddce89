// NORMALIZE stage, messages: OpenTelemetry GenAI semconv (v1.37+): gen_ai.input.messages,
// gen_ai.output.messages, gen_ai.system_instructions, gen_ai.tool.definitions — as span
// attributes or on the gen_ai.client.inference.operation.details event — and execute_tool
// spans (gen_ai.tool.call.arguments|result). Values may be JSON strings or structured AnyValues.

import type { SideMLMessage } from '../types.js';
import { normalizeContent } from './blocks.js';
import { readPayloadMessages } from './payload.js';
import { AttributeReader, isPlainObject } from './plain-value.js';
import type { MessageSource, SourceResult, SpanContext } from './source.js';
import { createToolCallResult } from './tool-span.js';

export const GEN_AI = {
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  toolDefinitions: 'gen_ai.tool.definitions',
  operationName: 'gen_ai.operation.name',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolArguments: 'gen_ai.tool.call.arguments',
  toolResult: 'gen_ai.tool.call.result',
  operationDetailsEvent: 'gen_ai.client.inference.operation.details',
} as const;

function readSystemInstructions(value: unknown, source: string): SideMLMessage[] {
  if (value === undefined || value === null) return [];
  // Either a list of parts, or (older drafts / some SDKs) a list of messages.
  const asMessages = Array.isArray(value) && value.some((item) => isPlainObject(item) && typeof item.role === 'string');
  if (asMessages) return (readPayloadMessages(value, 'input', source) ?? []).map((m) => ({ ...m, role: 'system' as const }));
  const content = normalizeContent(value);
  return content.length > 0 ? [{ role: 'system', content, direction: 'input', source }] : [];
}

/** Reads the semconv attributes from any attribute set (span attributes, event attributes, log body). */
export function readOtelGenAIAttributes(attrs: AttributeReader, source: string): SourceResult | null {
  const rawInput = attrs.parsed(GEN_AI.inputMessages);
  const rawOutput = attrs.parsed(GEN_AI.outputMessages);
  const system = attrs.parsed(GEN_AI.systemInstructions);
  const tools = attrs.parsed(GEN_AI.toolDefinitions);
  if (rawInput === undefined && rawOutput === undefined && system === undefined && tools === undefined) return null;
  const input = [
    ...readSystemInstructions(system, GEN_AI.systemInstructions),
    ...(readPayloadMessages(rawInput, 'input', source === GEN_AI.operationDetailsEvent ? source : GEN_AI.inputMessages, { textAsMessage: true }) ?? []),
  ];
  const output = readPayloadMessages(rawOutput, 'output', source === GEN_AI.operationDetailsEvent ? source : GEN_AI.outputMessages, { textAsMessage: true });
  return {
    input: input.length > 0 ? input : null,
    output,
    toolDefinitions: Array.isArray(tools) ? tools : null,
    rawInput,
    rawOutput,
  };
}

export const otelGenAIAttributesSource: MessageSource = {
  name: 'otel-genai',
  read: (ctx) => readOtelGenAIAttributes(ctx.attrs, 'gen_ai'),
};

export const otelOperationDetailsSource: MessageSource = {
  name: 'otel-genai-operation-details',
  read: (ctx: SpanContext) => {
    const event = ctx.span.events.find((e) => e.name === GEN_AI.operationDetailsEvent);
    return event ? readOtelGenAIAttributes(new AttributeReader(event.attributes), GEN_AI.operationDetailsEvent) : null;
  },
};

export const otelToolCallSource: MessageSource = {
  name: 'otel-genai-tool',
  read: ({ attrs }) => {
    if (!attrs.has(GEN_AI.toolArguments) && !attrs.has(GEN_AI.toolResult)) return null;
    return createToolCallResult({
      id: attrs.string(GEN_AI.toolCallId),
      name: attrs.string(GEN_AI.toolName),
      input: attrs.parsed(GEN_AI.toolArguments),
      output: attrs.parsed(GEN_AI.toolResult),
      source: 'gen_ai.tool.call',
    });
  },
};
