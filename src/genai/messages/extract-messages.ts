// NORMALIZE stage, messages: one decoded span (+ its resource and scope) in,
// SideML messages, tool definitions, convention-level input/output and short previews out.
// Never throws: malformed payloads degrade to `unknown` blocks or no messages.

import type { InstrumentationScope, OtlpSpan, Resource } from '../../otlp/model.js';
import type { SideMLMessage } from '../types.js';
import { googleADKSource } from './google-adk.js';
import { createJsonAttributeSource, LANGFUSE_IO, LANGSMITH_IO, MLFLOW_IO } from './json-attributes.js';
import { mastraSource } from './mastra.js';
import { openInferenceSource } from './openinference.js';
import { otelGenAIAttributesSource, otelOperationDetailsSource, otelToolCallSource } from './otel-genai.js';
import { AttributeReader } from './plain-value.js';
import { createInputPreview, createOutputPreview } from './preview.js';
import { pydanticAISource } from './pydantic-ai.js';
import { findIndexedKeys, type MessageSource, type SourceResult, type SpanContext } from './source.js';
import { spanEventsSource } from './span-events.js';
import { strandsAgentToolsSource } from './strands.js';
import { traceloopSource } from './traceloop.js';
import { vercelAISource } from './vercel-ai.js';

export interface ExtractedMessages {
  messages: SideMLMessage[];
  toolDefinitions: unknown[];
  input: unknown;
  output: unknown;
  inputPreview: string | null;
  outputPreview: string | null;
}

const langfuseSource = createJsonAttributeSource(LANGFUSE_IO);

/** Message precedence: the first source that yields input (resp. output, tools) wins that field.
 *  Langfuse's observation input/output is checked first for the raw input/output only. */
export const MESSAGE_SOURCES: readonly MessageSource[] = [
  otelGenAIAttributesSource,
  otelOperationDetailsSource,
  openInferenceSource,
  traceloopSource,
  vercelAISource,
  otelToolCallSource,
  googleADKSource,
  pydanticAISource,
  mastraSource,
  spanEventsSource,
  strandsAgentToolsSource,
  createJsonAttributeSource(LANGSMITH_IO),
  createJsonAttributeSource(MLFLOW_IO),
  langfuseSource,
];

function readSource(source: MessageSource, ctx: SpanContext): SourceResult | null {
  try {
    return source.read(ctx);
  } catch {
    return null;
  }
}

function nonEmpty<T>(list: T[] | null | undefined): list is T[] {
  return Array.isArray(list) && list.length > 0;
}

export function extractMessages(span: OtlpSpan, resource: Resource, scope: InstrumentationScope): ExtractedMessages {
  void resource;
  const attrs = new AttributeReader(span.attributes ?? {});
  const ctx: SpanContext = { span, scope, attrs, indexedKeys: findIndexedKeys(span.attributes ?? {}) };
  const langfuse = readSource(langfuseSource, ctx);
  let input: SideMLMessage[] | null = null;
  let output: SideMLMessage[] | null = null;
  let tools: unknown[] | null = null;
  let rawInput = langfuse?.rawInput;
  let rawOutput = langfuse?.rawOutput;
  for (const source of MESSAGE_SOURCES) {
    const result = source === langfuseSource ? langfuse : readSource(source, ctx);
    if (!result) continue;
    if (!input && nonEmpty(result.input)) input = result.input;
    if (!output && nonEmpty(result.output)) output = result.output;
    if (!tools && nonEmpty(result.toolDefinitions)) tools = result.toolDefinitions;
    if (rawInput === undefined) rawInput = result.rawInput;
    if (rawOutput === undefined) rawOutput = result.rawOutput;
    if (input && output && tools && rawInput !== undefined && rawOutput !== undefined) break;
  }
  const messages = [
    ...(input ?? []).map((m) => (m.direction === 'input' ? m : { ...m, direction: 'input' as const })),
    // Output lists may start with history turns marked 'input' (a transcript returned as output).
    ...(output ?? []),
  ];
  return {
    messages,
    toolDefinitions: tools ?? [],
    input: rawInput ?? null,
    output: rawOutput ?? null,
    inputPreview: safePreview(() => createInputPreview(messages, rawInput)),
    outputPreview: safePreview(() => createOutputPreview(messages, rawOutput)),
  };
}

function safePreview(create: () => string | null): string | null {
  try {
    return create();
  } catch {
    return null;
  }
}
