// NORMALIZE stage, convention: Strands Agents (scope 'strands.telemetry.tracer'; gen_ai.system
// 'strands-agents'). Spans: invoke_agent (agent, usage = sum of its cycles), execute_event_loop_cycle
// (chain), chat (generation), execute_tool (tool). Strands copies the model's raw usage: Bedrock
// and Anthropic count input without cached tokens, so input is folded here.

import type { SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';
import { GEN_AI, mapGenAiOperation, readGenAiUsage } from './otel-genai.js';

const STRANDS_SYSTEM = 'strands-agents';
const EVENT_LOOP_SPAN = 'execute_event_loop_cycle';
const MULTI_AGENT_OPERATIONS = new Set(['invoke_swarm', 'invoke_graph', 'invoke_multiagent']);

function mapSpan(view: SpanView, operation: string | null): ObservationType | null {
  if (view.span.name === EVENT_LOOP_SPAN) return 'chain';
  if (operation !== null && MULTI_AGENT_OPERATIONS.has(operation)) return 'agent';
  return mapGenAiOperation(operation);
}

export const strandsConvention: Convention = {
  name: 'strands',
  isGenAI: true,
  matches: (view) =>
    view.scopeName.startsWith('strands') || view.string(GEN_AI.system) === STRANDS_SYSTEM || view.string(GEN_AI.providerName) === STRANDS_SYSTEM,
  extract(view): ConventionFields {
    const operation = view.string(GEN_AI.operationName);
    const type = mapSpan(view, operation);
    return {
      observationType: type,
      framework: 'strands',
      usage: { ...readGenAiUsage(view), inputExcludesCache: true },
      usageIsRollup: type === 'agent' || type === 'chain',
    };
  },
};
