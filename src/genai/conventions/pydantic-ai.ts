// NORMALIZE stage, convention: Pydantic AI (scope 'pydantic-ai', usually exported through Logfire).
// Spans: 'chat <model>' (generation), 'agent run' / 'invoke_agent <name>' (agent; its usage is the
// run's sum: roll-up), 'running tool' / 'execute_tool <name>' (tool). Extra usage in
// gen_ai.usage.details.*; cost precomputed by genai-prices in operation.cost
// (pydantic_ai/_instrumentation.py response_attributes).

import type { SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields, ReportedUsage } from './convention.js';
import { GEN_AI, mapGenAiOperation } from './otel-genai.js';

export const PYDANTIC_AI = {
  agentName: 'agent_name',
  allMessages: 'pydantic_ai.all_messages',
  finalResult: 'final_result',
  usageDetails: 'gen_ai.usage.details',
  operationCost: 'operation.cost',
  toolCallId: 'tool_call_id',
} as const;

const SCOPES = new Set(['pydantic-ai', 'pydantic_ai']);

function isAgentRun(view: SpanView): boolean {
  return view.span.name === 'agent run' || view.has(PYDANTIC_AI.agentName) || view.has(PYDANTIC_AI.allMessages) || view.has(PYDANTIC_AI.finalResult);
}

function mapSpan(view: SpanView): ObservationType | null {
  const byOperation = mapGenAiOperation(view.string(GEN_AI.operationName));
  if (byOperation !== null) return byOperation;
  if (isAgentRun(view)) return 'agent';
  if (view.span.name === 'running tool') return 'tool';
  if (view.span.name === 'running tools') return 'chain';
  return null;
}

// pydantic_ai/usage.py (RequestUsage.opentelemetry_attributes) writes the cache counts first-class
// (gen_ai.usage.cache_read.input_tokens / cache_creation.input_tokens, read by the OTel GenAI
// convention; input_tokens includes them) and again as details.cache_read_tokens / cache_write_tokens
// for older readers; reasoning is a provider detail: OpenAI reasoning_tokens, Anthropic
// thinking_tokens, Google thoughts_tokens. Other details (audio, compaction_*, advisor_* totals
// billed at another model's rates) are not these fields, so names are matched exactly.
const DETAIL_FIELDS = new Map<string, 'cacheRead' | 'cacheWrite' | 'reasoning'>([
  ['cache_read_tokens', 'cacheRead'],
  ['cache_write_tokens', 'cacheWrite'],
  ['reasoning_tokens', 'reasoning'],
  ['thinking_tokens', 'reasoning'],
  ['thoughts_tokens', 'reasoning'],
]);

function readUsageDetails(view: SpanView): ReportedUsage {
  const usage: ReportedUsage = {};
  const prefix = PYDANTIC_AI.usageDetails + '.';
  for (const key of view.keysWithPrefix(prefix)) {
    const field = DETAIL_FIELDS.get(key.slice(prefix.length));
    const value = field ? view.count(key) : null;
    if (field && value !== null) usage[field] = value;
  }
  return usage;
}

export const pydanticAiConvention: Convention = {
  name: 'pydantic-ai',
  isGenAI: true,
  matches: (view) => SCOPES.has(view.scopeName) || view.has(PYDANTIC_AI.allMessages),
  extract(view): ConventionFields {
    const type = mapSpan(view);
    const cost = view.number(PYDANTIC_AI.operationCost);
    return {
      observationType: type,
      framework: 'pydantic-ai',
      agentName: view.string(PYDANTIC_AI.agentName),
      toolCallId: view.string(PYDANTIC_AI.toolCallId),
      usage: readUsageDetails(view),
      cost: cost !== null ? { total: cost } : null,
      usageIsRollup: type === 'agent',
    };
  },
};
