// NORMALIZE stage, messages: OpenTelemetry GenAI semconv (v1.37+): gen_ai.input.messages,
// gen_ai.output.messages, gen_ai.system_instructions, gen_ai.tool.definitions — as span
// attributes or on gen_ai.client.inference.operation.details events (one or several per span) —
// and execute_tool spans (gen_ai.tool.call.arguments|result). Values may be JSON strings or
// structured AnyValues.

import type { AnyValue, SpanEvent } from '../../otlp/model.js';
import type { SideMLMessage } from '../types.js';
import { normalizeContent } from './blocks.js';
import { readPayloadMessages } from './payload.js';
import { AttributeReader, isPlainObject } from './plain-value.js';
import type { MessageSource, SourceResult, SpanContext } from './source.js';
import { createToolCallResult } from './tool-span.js';
import { unwrapLangChainToolPayloads } from './langchain-tool-payload.js';
import { dropToolUseEchoes } from './tool-use-echo.js';

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

function isToolCallPart(part: unknown): boolean {
  return isPlainObject(part) && part.type === 'tool_call';
}

/** Strands' execute_tool spans record the call as a `tool` message of tool_call parts; the
 *  model made that call, so it reads as the assistant's tool_use (a `tool` role would turn it
 *  into a result with no id). */
function reassignToolCallRole(messages: unknown): unknown {
  if (!Array.isArray(messages)) return messages;
  return messages.map((message) =>
    isPlainObject(message) && message.role === 'tool' && Array.isArray(message.parts) && message.parts.length > 0 && message.parts.every(isToolCallPart)
      ? { ...message, role: 'assistant' }
      : message,
  );
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
    ...(readPayloadMessages(reassignToolCallRole(rawInput), 'input', source === GEN_AI.operationDetailsEvent ? source : GEN_AI.inputMessages, { textAsMessage: true }) ?? []),
  ];
  const output = readPayloadMessages(reassignToolCallRole(rawOutput), 'output', source === GEN_AI.operationDetailsEvent ? source : GEN_AI.outputMessages, { textAsMessage: true });
  return {
    input: input.length > 0 ? input.map(dropToolUseEchoes) : null,
    output: output?.map(dropToolUseEchoes) ?? null,
    toolDefinitions: Array.isArray(tools) ? tools : null,
    rawInput,
    rawOutput,
  };
}

export const otelGenAIAttributesSource: MessageSource = {
  name: 'otel-genai',
  read: (ctx) => readOtelGenAIAttributes(ctx.attrs, 'gen_ai'),
};

/** Strands writes one operation-details event per attribute (system instructions, input,
 *  output): the span's events are read as one; the first event carrying a key wins it. */
function mergeEventAttributes(events: SpanEvent[]): AttributeReader {
  const merged: Record<string, AnyValue> = {};
  for (const event of events) {
    for (const key of Object.keys(event.attributes)) if (merged[key] === undefined) merged[key] = event.attributes[key]!;
  }
  return new AttributeReader(merged);
}

export const otelOperationDetailsSource: MessageSource = {
  name: 'otel-genai-operation-details',
  read: (ctx: SpanContext) => {
    const events = ctx.span.events.filter((e) => e.name === GEN_AI.operationDetailsEvent);
    return events.length > 0 ? readOtelGenAIAttributes(mergeEventAttributes(events), GEN_AI.operationDetailsEvent) : null;
  },
};

export const otelToolCallSource: MessageSource = {
  name: 'otel-genai-tool',
  read: ({ attrs }) => {
    if (!attrs.has(GEN_AI.toolArguments) && !attrs.has(GEN_AI.toolResult)) return null;
    const call = unwrapLangChainToolPayloads(attrs.string(GEN_AI.toolCallId), attrs.parsed(GEN_AI.toolArguments), attrs.parsed(GEN_AI.toolResult));
    return createToolCallResult({
      id: call.id,
      name: attrs.string(GEN_AI.toolName),
      input: call.input,
      output: call.output,
      ...(call.isError ? { isError: true } : {}),
      source: 'gen_ai.tool.call',
    });
  },
};
