// NORMALIZE stage, convention: Vercel AI SDK telemetry (scope 'ai'; ai.operationId, ai.model.*,
// ai.usage.* v4 promptTokens/completionTokens and v5+ inputTokens/outputTokens/details,
// ai.settings.*, ai.telemetry.*, ai.toolCall.*). The ai.generateText/streamText/generateObject/
// streamObject/embed wrappers repeat the summed usage of their do* children: roll-ups.

import type { AnyValue } from '../../otlp/model.js';
import { isPlainObject, readCount, readPrefixedMetadata, type SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields, ReportedUsage } from './convention.js';
import { readFirstCount } from './otel-genai.js';

export const VERCEL_AI = {
  operationId: 'ai.operationId',
  modelId: 'ai.model.id',
  modelProvider: 'ai.model.provider',
  responseModel: 'ai.response.model',
  finishReason: 'ai.response.finishReason',
  msToFirstChunk: 'ai.response.msToFirstChunk',
  streamMsToFirstChunk: 'ai.stream.msToFirstChunk',
  providerMetadata: 'ai.response.providerMetadata',
  toolCallName: 'ai.toolCall.name',
  toolCallId: 'ai.toolCall.id',
  functionId: 'ai.telemetry.functionId',
  metadata: 'ai.telemetry.metadata',
  settings: 'ai.settings',
} as const;

const USAGE_KEYS = {
  input: ['ai.usage.inputTokens', 'ai.usage.promptTokens', 'ai.usage.tokens'],
  output: ['ai.usage.outputTokens', 'ai.usage.completionTokens'],
  total: ['ai.usage.totalTokens'],
  noCacheInput: ['ai.usage.inputTokenDetails.noCacheTokens'],
  cacheRead: ['ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens'],
  cacheWrite: ['ai.usage.inputTokenDetails.cacheWriteTokens'],
  reasoning: ['ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens'],
} as const;

const WRAPPER_OPERATIONS = new Set(['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject', 'ai.embed', 'ai.embedMany', 'ai.rerank']);
const SESSION_KEYS = ['sessionId', 'session_id', 'session.id', 'conversationId', 'threadId'];
const USER_KEYS = ['userId', 'user_id', 'user.id'];

function mapOperation(operationId: string | null): ObservationType | null {
  if (operationId === null) return null;
  if (operationId === 'ai.toolCall') return 'tool';
  if (operationId.endsWith('.doEmbed')) return 'embedding';
  if (operationId.endsWith('.doRerank')) return 'reranker';
  if (operationId.endsWith('.doGenerate') || operationId.endsWith('.doStream')) return 'generation';
  if (WRAPPER_OPERATIONS.has(operationId)) return 'chain';
  return null;
}

/** Cache writes before v6 only appear in provider metadata (Bedrock, Anthropic). */
function readCacheWriteFromProviderMetadata(view: SpanView): number | null {
  const metadata = view.json(VERCEL_AI.providerMetadata);
  if (!isPlainObject(metadata)) return null;
  const bedrockUsage = isPlainObject(metadata.bedrock) ? metadata.bedrock.usage : undefined;
  if (isPlainObject(bedrockUsage)) return readCount(bedrockUsage.cacheWriteInputTokens as AnyValue);
  if (isPlainObject(metadata.anthropic)) return readCount(metadata.anthropic.cacheCreationInputTokens as AnyValue);
  return null;
}

function readUsage(view: SpanView): ReportedUsage {
  const cacheRead = readFirstCount(view, USAGE_KEYS.cacheRead);
  const cacheWrite = readFirstCount(view, USAGE_KEYS.cacheWrite) ?? readCacheWriteFromProviderMetadata(view);
  const noCache = readFirstCount(view, USAGE_KEYS.noCacheInput);
  const input = noCache !== null ? noCache + (cacheRead ?? 0) + (cacheWrite ?? 0) : readFirstCount(view, USAGE_KEYS.input);
  return {
    input,
    output: readFirstCount(view, USAGE_KEYS.output),
    total: readFirstCount(view, USAGE_KEYS.total),
    // A zero written by provider metadata says nothing about the cache; keep it null.
    cacheRead,
    cacheWrite: cacheWrite === 0 ? null : cacheWrite,
    reasoning: readFirstCount(view, USAGE_KEYS.reasoning),
  };
}

function readCompletionStart(view: SpanView): bigint | null {
  const ms = view.number(VERCEL_AI.msToFirstChunk) ?? view.number(VERCEL_AI.streamMsToFirstChunk);
  return ms === null || ms < 0 ? null : view.span.startTimeUnixNano + BigInt(Math.round(ms * 1e6));
}

function pickString(metadata: Record<string, unknown> | null, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = metadata?.[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

function readTags(metadata: Record<string, unknown> | null): string[] {
  const tags = metadata?.tags;
  if (Array.isArray(tags)) return tags.filter((tag): tag is string => typeof tag === 'string');
  return typeof tags === 'string' && tags.length > 0 ? [tags] : [];
}

export const vercelAiConvention: Convention = {
  name: 'vercel-ai',
  isGenAI: true,
  matches: (view) => view.scopeName === 'ai' || view.has(VERCEL_AI.operationId),
  extract(view): ConventionFields {
    const operationId = view.string(VERCEL_AI.operationId);
    const metadata = readPrefixedMetadata(view, VERCEL_AI.metadata);
    const finishReason = view.string(VERCEL_AI.finishReason);
    return {
      observationType: mapOperation(operationId),
      framework: 'vercel-ai',
      operationName: operationId,
      provider: view.string(VERCEL_AI.modelProvider),
      requestModel: view.string(VERCEL_AI.modelId),
      responseModel: view.string(VERCEL_AI.responseModel),
      toolName: view.string(VERCEL_AI.toolCallName),
      toolCallId: view.string(VERCEL_AI.toolCallId),
      finishReasonsRaw: finishReason !== null ? [finishReason] : null,
      sessionId: pickString(metadata, SESSION_KEYS),
      userId: pickString(metadata, USER_KEYS),
      tags: readTags(metadata),
      traceName: view.string(VERCEL_AI.functionId),
      completionStartTimeUnixNano: readCompletionStart(view),
      usage: readUsage(view),
      usageIsRollup: operationId !== null && WRAPPER_OPERATIONS.has(operationId),
      modelParameters: readPrefixedMetadata(view, VERCEL_AI.settings),
      metadata,
    };
  },
};
