// NORMALIZE stage, convention: Mastra AI tracing (scope '@mastra/otel' and other '@mastra/*';
// mastra.span.type). model_generation carries the call's usage; model_step/model_chunk are parts of
// it and must not be counted again. Model, usage and names come as gen_ai.* (read by the OTel GenAI
// convention), as @mastra/otel-exporter writes them: 1.x (gen-ai-semantics.ts) gen_ai.usage.
// input_tokens (cache included) / output_tokens / cache_read.input_tokens / cache_creation.
// input_tokens / reasoning_tokens; 0.x (span-converter.ts) input/output/total_tokens,
// reasoning_tokens, cached_input_tokens.

import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';

export const MASTRA = { spanType: 'mastra.span.type', sessionId: 'sessionId', threadId: 'threadId', userId: 'userId', resourceId: 'resourceId' } as const;

const SPAN_TYPES: Record<string, ObservationType> = {
  agent_run: 'agent',
  model_generation: 'generation',
  llm_generation: 'generation',
  model_step: 'span',
  llm_step: 'span',
  model_chunk: 'event',
  llm_chunk: 'event',
  tool_call: 'tool',
  mcp_tool_call: 'tool',
  client_tool_call: 'tool',
  provider_tool_call: 'tool',
  rag_embedding: 'embedding',
  processor_run: 'guardrail',
  workflow_run: 'chain',
  workflow_step: 'chain',
  workflow_conditional: 'chain',
  workflow_conditional_eval: 'chain',
  workflow_parallel: 'chain',
  workflow_loop: 'chain',
  workflow_sleep: 'span',
  workflow_wait_event: 'span',
  generic: 'span',
};
const PARTIAL_SPAN_TYPES = new Set(['model_step', 'llm_step', 'model_chunk', 'llm_chunk']);

export const mastraConvention: Convention = {
  name: 'mastra',
  isGenAI: true,
  matches: (view) => view.scopeName.startsWith('@mastra/') || view.scopeName === 'mastra' || view.has(MASTRA.spanType),
  extract(view): ConventionFields {
    const spanType = view.string(MASTRA.spanType)?.toLowerCase() ?? null;
    const type = spanType !== null ? SPAN_TYPES[spanType] ?? null : null;
    // 0.x spreads the run's metadata (tracingOptions.metadata, memory thread/resource) as plain attributes.
    return {
      observationType: type,
      framework: 'mastra',
      sessionId: view.string(MASTRA.sessionId) ?? view.string(MASTRA.threadId),
      userId: view.string(MASTRA.userId) ?? view.string(MASTRA.resourceId),
      usageIsRollup: type === 'agent' || type === 'chain' || (spanType !== null && PARTIAL_SPAN_TYPES.has(spanType)),
    };
  },
};
