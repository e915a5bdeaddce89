// NORMALIZE stage, convention: OpenTelemetry GenAI semantic conventions (gen_ai.*), new and
// old attribute names. Also exports the gen_ai.* readers other conventions reuse (Strands,
// Pydantic AI, Google ADK, AutoGen and Mastra all emit gen_ai.* with their own quirks).

import type { SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields, ReportedUsage } from './convention.js';

export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  agentName: 'gen_ai.agent.name',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  conversationId: 'gen_ai.conversation.id',
  timeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageCost: 'gen_ai.usage.cost',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
} as const;

/** Each usage field with its names, newest first (semconv, then deprecated/vendor spellings). */
const USAGE_KEYS = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  total: ['gen_ai.usage.total_tokens', 'llm.usage.total_tokens'],
  cacheRead: ['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.input_tokens.cached', 'gen_ai.usage.cached_input_tokens'],
  cacheWrite: ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'gen_ai.usage.cache_write_input_tokens', 'gen_ai.usage.input_tokens.cache_write'],
  reasoning: ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens', 'gen_ai.usage.output_tokens.reasoning', 'llm.usage.reasoning_tokens'],
} as const;

const MODEL_PARAMETER_KEYS: Record<string, string> = {
  'gen_ai.request.temperature': 'temperature',
  'gen_ai.request.max_tokens': 'max_tokens',
  'gen_ai.request.top_p': 'top_p',
  'gen_ai.request.top_k': 'top_k',
  'gen_ai.request.frequency_penalty': 'frequency_penalty',
  'gen_ai.request.presence_penalty': 'presence_penalty',
  'gen_ai.request.stop_sequences': 'stop_sequences',
  'gen_ai.request.seed': 'seed',
  'gen_ai.request.choice.count': 'choice_count',
  'gen_ai.request.reasoning_effort': 'reasoning_effort',
  'gen_ai.request.encoding_formats': 'encoding_formats',
};

const OPERATION_TYPES: Record<string, ObservationType> = {
  chat: 'generation',
  text_completion: 'generation',
  completion: 'generation',
  generate_content: 'generation',
  generate: 'generation',
  embeddings: 'embedding',
  embedding: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  invoke_workflow: 'chain',
  retrieval: 'retriever',
  retrieve: 'retriever',
  rerank: 'reranker',
};

/** Keys whose presence marks a span as OTel GenAI (looked up, never scanned). */
const MARKER_KEYS = [
  GEN_AI.operationName, GEN_AI.providerName, GEN_AI.system, GEN_AI.requestModel, GEN_AI.responseModel,
  'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', GEN_AI.toolName, GEN_AI.agentName,
  GEN_AI.inputMessages, GEN_AI.outputMessages, GEN_AI.finishReasons, 'gen_ai.usage.output_tokens',
];

export function readFirstCount(view: SpanView, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = view.count(key);
    if (value !== null) return value;
  }
  return null;
}

export function readGenAiUsage(view: SpanView): ReportedUsage {
  return {
    input: readFirstCount(view, USAGE_KEYS.input),
    output: readFirstCount(view, USAGE_KEYS.output),
    total: readFirstCount(view, USAGE_KEYS.total),
    cacheRead: readFirstCount(view, USAGE_KEYS.cacheRead),
    cacheWrite: readFirstCount(view, USAGE_KEYS.cacheWrite),
    reasoning: readFirstCount(view, USAGE_KEYS.reasoning),
  };
}

export function readGenAiModelParameters(view: SpanView): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  for (const key in MODEL_PARAMETER_KEYS) {
    const raw = view.raw(key);
    if (raw === undefined || raw === null) continue;
    out ??= {};
    out[MODEL_PARAMETER_KEYS[key]!] = Array.isArray(raw) ? view.stringArray(key) : view.number(key) ?? view.string(key);
  }
  return out;
}

export function mapGenAiOperation(operation: string | null): ObservationType | null {
  return operation === null ? null : OPERATION_TYPES[operation.toLowerCase()] ?? null;
}

/** gen_ai.response.time_to_first_chunk is in seconds from the span start. */
function readCompletionStart(view: SpanView): bigint | null {
  const seconds = view.number(GEN_AI.timeToFirstChunk);
  if (seconds === null || seconds < 0) return null;
  return view.span.startTimeUnixNano + BigInt(Math.round(seconds * 1e9));
}

export const otelGenAiConvention: Convention = {
  name: 'otel-genai',
  isGenAI: true,
  matches: (view) => MARKER_KEYS.some((key) => view.has(key)),
  extract(view): ConventionFields {
    const operationName = view.string(GEN_AI.operationName);
    const usageCost = view.number(GEN_AI.usageCost);
    return {
      observationType: mapGenAiOperation(operationName),
      operationName,
      provider: view.string(GEN_AI.providerName) ?? view.string(GEN_AI.system),
      requestModel: view.string(GEN_AI.requestModel),
      responseModel: view.string(GEN_AI.responseModel),
      agentName: view.string(GEN_AI.agentName),
      toolName: view.string(GEN_AI.toolName),
      toolCallId: view.string(GEN_AI.toolCallId),
      finishReasonsRaw: view.stringArray(GEN_AI.finishReasons),
      sessionId: view.string(GEN_AI.conversationId),
      completionStartTimeUnixNano: readCompletionStart(view),
      usage: readGenAiUsage(view),
      cost: usageCost !== null ? { total: usageCost } : null,
      modelParameters: readGenAiModelParameters(view),
    };
  },
};
