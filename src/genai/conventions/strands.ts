// NORMALIZE stage, convention: Strands Agents. Python: scope 'strands.telemetry.tracer'; the
// TypeScript SDK's scope is its service name ('strands-agents', or OTEL_SERVICE_NAME), so
// gen_ai.system / gen_ai.provider.name 'strands-agents' matter too. Spans: invoke_agent (agent,
// usage = sum of its cycles), execute_event_loop_cycle (Python) / execute_agent_loop_cycle
// (TypeScript) (chain), chat (generation), execute_tool (tool). Finish reasons are only on the
// output events (gen_ai.choice, or gen_ai.output.messages on the operation-details event).

import { readJson, type SpanView } from '../attribute-values.js';
import { inferProviderFromModel } from '../provider.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';
import { GEN_AI, mapGenAiOperation, readGenAiUsage } from './otel-genai.js';

const STRANDS_SYSTEM = 'strands-agents';
const EVENT_LOOP_SPANS = new Set(['execute_event_loop_cycle', 'execute_agent_loop_cycle']);
const MULTI_AGENT_OPERATIONS = new Set(['invoke_swarm', 'invoke_graph', 'invoke_multiagent']);
const CHOICE_EVENT = 'gen_ai.choice';
const OPERATION_DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
// Strands copies the model provider's usage as reported: these vendors count input without
// the cache; OpenAI and Gemini count it in, and unknown models are left to the numbers.
const VENDORS_EXCLUDING_CACHE = new Set(['anthropic', 'aws.bedrock']);

function mapSpan(view: SpanView, operation: string | null): ObservationType | null {
  if (EVENT_LOOP_SPANS.has(view.span.name)) return 'chain';
  if (operation !== null && MULTI_AGENT_OPERATIONS.has(operation)) return 'agent';
  return mapGenAiOperation(operation);
}

function readOutputFinishReasons(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((message) => {
    const reason = typeof message === 'object' && message !== null ? (message as { finish_reason?: unknown }).finish_reason : undefined;
    return typeof reason === 'string' && reason.length > 0 ? [reason] : [];
  });
}

function readEventFinishReasons(view: SpanView): string[] | null {
  const reasons: string[] = [];
  for (const event of view.span.events) {
    if (event.name === CHOICE_EVENT) {
      const reason = event.attributes.finish_reason;
      if (typeof reason === 'string' && reason.length > 0) reasons.push(reason);
    } else if (event.name === OPERATION_DETAILS_EVENT && event.attributes[GEN_AI.outputMessages] !== undefined) {
      reasons.push(...readOutputFinishReasons(readJson(event.attributes[GEN_AI.outputMessages])));
    }
  }
  return reasons.length > 0 ? reasons : null;
}

function excludesCacheFromInput(view: SpanView): true | undefined {
  const vendor = inferProviderFromModel(view.string(GEN_AI.responseModel) ?? view.string(GEN_AI.requestModel));
  return vendor !== null && VENDORS_EXCLUDING_CACHE.has(vendor) ? true : undefined;
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
      usage: { ...readGenAiUsage(view), inputExcludesCache: excludesCacheFromInput(view) },
      usageIsRollup: type === 'agent' || type === 'chain',
      finishReasonsRaw: readEventFinishReasons(view),
    };
  },
};
