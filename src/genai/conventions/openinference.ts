// NORMALIZE stage, convention: OpenInference (Arize/Phoenix) attributes: openinference.span.kind,
// llm.model_name, llm.provider/llm.system, llm.token_count.*, llm.cost.*, llm.invocation_parameters,
// session.id/user.id, metadata, tag.tags, tool.name. Token counts follow the semconv meaning
// (prompt_details.cache_* and completion_details.reasoning are subsets); metadata.user_id /
// session_id stand in for user.id / session.id when those are absent.

import { isPlainObject, type SpanView } from '../attribute-values.js';
import type { Cost, ObservationType } from '../types.js';
import { correctResponsesFinishReason } from '../responses-finish-reason.js';
import type { Convention, ConventionFields, ReportedUsage } from './convention.js';

export const OPENINFERENCE = {
  spanKind: 'openinference.span.kind',
  modelName: 'llm.model_name',
  embeddingModelName: 'embedding.model_name',
  rerankerModelName: 'reranker.model_name',
  provider: 'llm.provider',
  system: 'llm.system',
  invocationParameters: 'llm.invocation_parameters',
  promptTokens: 'llm.token_count.prompt',
  completionTokens: 'llm.token_count.completion',
  totalTokens: 'llm.token_count.total',
  cacheReadTokens: 'llm.token_count.prompt_details.cache_read',
  cacheInputTokens: 'llm.token_count.prompt_details.cache_input',
  cacheWriteTokens: 'llm.token_count.prompt_details.cache_write',
  reasoningTokens: 'llm.token_count.completion_details.reasoning',
  costTotal: 'llm.cost.total',
  costPrompt: 'llm.cost.prompt',
  costCompletion: 'llm.cost.completion',
  costCacheRead: 'llm.cost.prompt_details.cache_read',
  costCacheInput: 'llm.cost.prompt_details.cache_input',
  costInput: 'llm.cost.prompt_details.input',
  costOutput: 'llm.cost.completion_details.output',
  costCacheWrite: 'llm.cost.prompt_details.cache_write',
  costReasoning: 'llm.cost.completion_details.reasoning',
  sessionId: 'session.id',
  userId: 'user.id',
  metadata: 'metadata',
  tags: 'tag.tags',
  toolName: 'tool.name',
  toolCallId: 'tool_call.id',
  toolCallFunctionName: 'tool_call.function.name',
  agentName: 'agent.name',
  graphNodeId: 'graph.node.id',
  finishReason: 'llm.finish_reason',
  outputValue: 'output.value',
} as const;

const SPAN_KINDS: Record<string, ObservationType> = {
  LLM: 'generation',
  EMBEDDING: 'embedding',
  CHAIN: 'chain',
  TOOL: 'tool',
  AGENT: 'agent',
  RETRIEVER: 'retriever',
  RERANKER: 'reranker',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'evaluator',
  PROMPT: 'span',
  UNKNOWN: 'span',
};

const METADATA_SESSION_KEYS = ['session_id', 'sessionId', 'thread_id', 'conversation_id'] as const;
const METADATA_USER_KEYS = ['user_id', 'userId'] as const;

const MODEL_CALL_TYPES = new Set<ObservationType>(['generation', 'embedding', 'reranker']);

const MARKER_KEYS = [OPENINFERENCE.spanKind, OPENINFERENCE.modelName, OPENINFERENCE.promptTokens];

/** llm.provider names the host (azure, aws, google); llm.system the model family (openai, vertexai). */
function readProvider(view: SpanView): string | null {
  const provider = view.string(OPENINFERENCE.provider)?.toLowerCase() ?? null;
  const system = view.string(OPENINFERENCE.system)?.toLowerCase() ?? null;
  if (provider === 'google') return system === 'vertexai' ? 'gcp.vertex_ai' : 'gcp.gemini';
  if (provider === 'azure') return 'azure.ai.openai';
  return provider ?? system;
}

function readUsage(view: SpanView): ReportedUsage {
  return {
    input: view.count(OPENINFERENCE.promptTokens),
    output: view.count(OPENINFERENCE.completionTokens),
    total: view.count(OPENINFERENCE.totalTokens),
    // The Python OpenAI instrumentation reports OpenAI's cached_tokens as cache_input.
    cacheRead: view.count(OPENINFERENCE.cacheReadTokens) ?? view.count(OPENINFERENCE.cacheInputTokens),
    cacheWrite: view.count(OPENINFERENCE.cacheWriteTokens),
    reasoning: view.count(OPENINFERENCE.reasoningTokens),
  };
}

/** llm.cost.prompt covers the whole prompt; Cost.input is the uncached part (prompt_details.input when given). */
function readCost(view: SpanView): Partial<Cost> | null {
  const prompt = view.number(OPENINFERENCE.costPrompt);
  const completion = view.number(OPENINFERENCE.costCompletion);
  const cacheRead = view.number(OPENINFERENCE.costCacheRead) ?? view.number(OPENINFERENCE.costCacheInput);
  const cacheWrite = view.number(OPENINFERENCE.costCacheWrite);
  const reasoning = view.number(OPENINFERENCE.costReasoning);
  const total = view.number(OPENINFERENCE.costTotal);
  const input = view.number(OPENINFERENCE.costInput);
  const output = view.number(OPENINFERENCE.costOutput);
  if ([prompt, completion, cacheRead, cacheWrite, reasoning, total, input, output].every((value) => value === null)) return null;
  return {
    input: input ?? (prompt !== null ? Math.max(0, prompt - (cacheRead ?? 0) - (cacheWrite ?? 0)) : null),
    output: output ?? (completion !== null ? Math.max(0, completion - (reasoning ?? 0)) : null),
    cacheRead,
    cacheWrite,
    reasoning,
    total,
  };
}

function readFinishReason(view: SpanView): string[] {
  const reason = view.string(OPENINFERENCE.finishReason);
  return reason ? [correctResponsesFinishReason(reason, view.json(OPENINFERENCE.outputValue))] : [];
}

function readObject(view: SpanView, key: string): Record<string, unknown> | null {
  const value = view.json(key);
  return isPlainObject(value) ? value : null;
}

/** LangChain users pass session and user in the run's metadata; the LangChain instrumentation
 *  lifts session_id / thread_id / conversation_id to session.id but leaves user_id inside. */
function readMetadataString(metadata: Record<string, unknown> | null, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = metadata?.[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

export const openInferenceConvention: Convention = {
  name: 'openinference',
  isGenAI: true,
  matches: (view) => MARKER_KEYS.some((key) => view.has(key)),
  extract(view): ConventionFields {
    const kind = view.string(OPENINFERENCE.spanKind)?.toUpperCase() ?? null;
    const type = kind !== null ? SPAN_KINDS[kind] ?? null : null;
    const metadata = readObject(view, OPENINFERENCE.metadata);
    return {
      observationType: type,
      // The OpenAI Agents bridge sets llm.system on every span (agent, tool, chain): a provider
      // belongs to the model calls only.
      provider: type === null || MODEL_CALL_TYPES.has(type) ? readProvider(view) : null,
      requestModel: view.string(OPENINFERENCE.modelName) ?? view.string(OPENINFERENCE.embeddingModelName) ?? view.string(OPENINFERENCE.rerankerModelName),
      agentName: view.string(OPENINFERENCE.agentName) ?? (type === 'agent' ? view.string(OPENINFERENCE.graphNodeId) : null),
      toolName: view.string(OPENINFERENCE.toolName) ?? view.string(OPENINFERENCE.toolCallFunctionName),
      toolCallId: view.string(OPENINFERENCE.toolCallId),
      finishReasonsRaw: readFinishReason(view),
      sessionId: view.string(OPENINFERENCE.sessionId) ?? readMetadataString(metadata, METADATA_SESSION_KEYS),
      userId: view.string(OPENINFERENCE.userId) ?? readMetadataString(metadata, METADATA_USER_KEYS),
      tags: view.stringArray(OPENINFERENCE.tags),
      usage: readUsage(view),
      cost: readCost(view),
      modelParameters: readObject(view, OPENINFERENCE.invocationParameters),
      metadata,
    };
  },
};
