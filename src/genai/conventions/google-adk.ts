// NORMALIZE stage, convention: Google Agent Development Kit (scope 'gcp.vertex.agent';
// gen_ai.system 'gcp.vertex.agent', which names the framework, not the model provider).
// Spans: invocation (chain), invoke_agent (agent), call_llm (generation), execute_tool (tool).

import type { SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';
import { GEN_AI, mapGenAiOperation } from './otel-genai.js';

export const GOOGLE_ADK = {
  llmRequest: 'gcp.vertex.agent.llm_request',
  llmResponse: 'gcp.vertex.agent.llm_response',
  invocationId: 'gcp.vertex.agent.invocation_id',
  sessionId: 'gcp.vertex.agent.session_id',
  userId: 'gcp.vertex.agent.user_id',
  eventId: 'gcp.vertex.agent.event_id',
} as const;

const SCOPE_NAME = 'gcp.vertex.agent';

function mapSpan(view: SpanView): ObservationType | null {
  const name = view.span.name;
  if (name === 'call_llm' || view.has(GOOGLE_ADK.llmRequest)) return 'generation';
  if (name === 'invocation') return 'chain';
  return mapGenAiOperation(view.string(GEN_AI.operationName));
}

export const googleAdkConvention: Convention = {
  name: 'google-adk',
  isGenAI: true,
  matches: (view) => view.scopeName === SCOPE_NAME || view.string(GEN_AI.system) === SCOPE_NAME || view.has(GOOGLE_ADK.llmRequest),
  extract(view): ConventionFields {
    const type = mapSpan(view);
    const invocationId = view.string(GOOGLE_ADK.invocationId);
    return {
      observationType: type,
      framework: 'google-adk',
      sessionId: view.string(GOOGLE_ADK.sessionId),
      userId: view.string(GOOGLE_ADK.userId),
      usageIsRollup: type === 'agent' || type === 'chain',
      metadata: invocationId !== null ? { invocation_id: invocationId } : null,
    };
  },
};
