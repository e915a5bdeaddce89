// NORMALIZE stage, convention contract: each convention file exports one Convention that
// recognizes its spans (by scope name or a few keyed attribute lookups) and extracts the
// fields it knows. normalize-span.ts merges them in precedence order (first non-null wins).

import type { SpanView } from '../attribute-values.js';
import type { Cost, NormalizedSpan, ObservationType, Usage } from '../types.js';

/** Usage as a convention reports it, before mapping to the semconv meaning. */
export interface ReportedUsage extends Partial<Usage> {
  /** True when the source's input count excludes cached tokens (Anthropic, Bedrock Converse, Langfuse usage_details). */
  inputExcludesCache?: boolean;
  /** True when the source's output count excludes reasoning tokens. */
  outputExcludesReasoning?: boolean;
}

export type Level = NonNullable<NormalizedSpan['level']>;

export interface ConventionFields {
  observationType?: ObservationType | null;
  framework?: string | null;
  /** Raw provider/system value; normalized by the merger. */
  provider?: string | null;
  requestModel?: string | null;
  responseModel?: string | null;
  operationName?: string | null;
  agentName?: string | null;
  toolName?: string | null;
  toolCallId?: string | null;
  finishReasonsRaw?: string[] | null;
  sessionId?: string | null;
  userId?: string | null;
  environment?: string | null;
  tags?: string[] | null;
  version?: string | null;
  release?: string | null;
  level?: Level | null;
  traceName?: string | null;
  completionStartTimeUnixNano?: bigint | null;
  usage?: ReportedUsage | null;
  /** A precomputed cost found in attributes. */
  cost?: Partial<Cost> | null;
  /** True when this span's usage repeats its children's (agent runs, SDK wrappers). */
  usageIsRollup?: boolean;
  modelParameters?: Record<string, unknown> | null;
  metadata?: Record<string, unknown> | null;
}

export interface Convention {
  name: string;
  /** False for conventions that only carry generic context (session, environment, http/db). */
  isGenAI: boolean;
  matches(view: SpanView): boolean;
  extract(view: SpanView): ConventionFields;
}
