// NORMALIZE stage, convention: MLflow tracing exported as OTLP (mlflow.spanType, mlflow.chat.tokenUsage,
// mlflow.llm.cost/model/provider). MLflow JSON-encodes every attribute value, so '"LLM"' means LLM.
// Names verified against mlflow/tracing/constant.py (SpanAttributeKey, TokenUsageKey, CostKey): the
// usage JSON passes the provider's own meaning through (OpenAI's input includes the cache, Anthropic's
// does not), which usage.ts tells apart by the totals. Session and user are trace metadata that the
// OTLP processor copies to the root span as plain `session.id` / `user.id`; `mlflow.trace.session` /
// `mlflow.trace.user` as span attributes are only a fallback.

import type { AnyValue } from '../../otlp/model.js';
import { isPlainObject, readCount, readJson, type SpanView } from '../attribute-values.js';
import type { Cost, ObservationType } from '../types.js';
import type { Convention, ConventionFields, ReportedUsage } from './convention.js';

export const MLFLOW = {
  spanType: 'mlflow.spanType',
  tokenUsage: 'mlflow.chat.tokenUsage',
  model: 'mlflow.llm.model',
  provider: 'mlflow.llm.provider',
  cost: 'mlflow.llm.cost',
  session: 'mlflow.trace.session',
  user: 'mlflow.trace.user',
} as const;

const SPAN_TYPES: Record<string, ObservationType> = {
  LLM: 'generation',
  CHAT_MODEL: 'generation',
  EMBEDDING: 'embedding',
  AGENT: 'agent',
  TOOL: 'tool',
  RETRIEVER: 'retriever',
  RERANKER: 'reranker',
  CHAIN: 'chain',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'evaluator',
  PARSER: 'span',
  UNKNOWN: 'span',
};

/** A string attribute that MLflow may have JSON-quoted. */
function readUnquoted(view: SpanView, key: string): string | null {
  const parsed = readJson(view.raw(key));
  return typeof parsed === 'string' ? parsed : view.string(key);
}

function readUsage(view: SpanView): ReportedUsage | null {
  const usage = view.json(MLFLOW.tokenUsage);
  if (!isPlainObject(usage)) return null;
  return {
    input: readCount(usage.input_tokens as AnyValue),
    output: readCount(usage.output_tokens as AnyValue),
    total: readCount(usage.total_tokens as AnyValue),
    cacheRead: readCount(usage.cache_read_input_tokens as AnyValue),
    cacheWrite: readCount(usage.cache_creation_input_tokens as AnyValue),
  };
}

/** mlflow.llm.cost: {"input_cost", "output_cost", "total_cost"} in USD. */
function readCost(view: SpanView): Partial<Cost> | null {
  const cost = view.json(MLFLOW.cost);
  if (!isPlainObject(cost)) return null;
  const total = typeof cost.total_cost === 'number' && Number.isFinite(cost.total_cost) ? cost.total_cost : null;
  if (total === null) return null;
  const found: Partial<Cost> = { total };
  if (typeof cost.input_cost === 'number') found.input = cost.input_cost;
  if (typeof cost.output_cost === 'number') found.output = cost.output_cost;
  return found;
}

export const mlflowConvention: Convention = {
  name: 'mlflow',
  isGenAI: true,
  matches: (view) => view.scopeName.startsWith('mlflow') || view.has(MLFLOW.spanType),
  extract(view): ConventionFields {
    const spanType = readUnquoted(view, MLFLOW.spanType)?.toUpperCase() ?? null;
    const type = spanType !== null ? SPAN_TYPES[spanType] ?? null : null;
    return {
      observationType: type,
      framework: 'mlflow',
      requestModel: readUnquoted(view, MLFLOW.model),
      provider: readUnquoted(view, MLFLOW.provider),
      sessionId: readUnquoted(view, MLFLOW.session),
      userId: readUnquoted(view, MLFLOW.user),
      usage: readUsage(view),
      cost: readCost(view),
      usageIsRollup: type === 'agent' || type === 'chain',
    };
  },
};
