// NORMALIZE stage, convention: MLflow tracing exported as OTLP (mlflow.spanType, mlflow.chat.tokenUsage,
// mlflow.trace.session/user). MLflow JSON-encodes every attribute value, so '"LLM"' means LLM.

import type { AnyValue } from '../../otlp/model.js';
import { isPlainObject, readCount, readJson, type SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields, ReportedUsage } from './convention.js';

export const MLFLOW = {
  spanType: 'mlflow.spanType',
  tokenUsage: 'mlflow.chat.tokenUsage',
  model: 'mlflow.llm.model',
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
  };
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
      sessionId: readUnquoted(view, MLFLOW.session),
      userId: readUnquoted(view, MLFLOW.user),
      usage: readUsage(view),
      usageIsRollup: type === 'agent' || type === 'chain',
    };
  },
};
