// NORMALIZE stage, convention: OpenAI Agents SDK traces bridged to OTel. Logfire's integration
// (logfire/_internal/integrations/openai_agents.py) names spans 'OpenAI Agents trace: …',
// 'Agent run: …', 'Function: …', 'Chat completion with …', 'Responses API …', 'Handoff: …',
// 'Guardrail …', 'MCP: list tools …', 'Custom span: …' and writes usage only as
// gen_ai.usage.input_tokens / output_tokens (read by the OTel GenAI convention; no
// gen_ai.usage.details.*). OpenInference's bridge spans carry openinference.span.kind (typed by
// the OpenInference convention): here they only get the framework.

import type { SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';

const NAME_PREFIXES: Array<[string, ObservationType]> = [
  ['OpenAI Agents trace', 'chain'],
  ['Agent workflow', 'chain'],
  ['Agent run', 'agent'],
  ['Function:', 'tool'],
  ['Handoff', 'span'],
  ['Guardrail', 'guardrail'],
  ['Responses API', 'generation'],
  ['Chat completion', 'generation'],
  ['Generation', 'generation'],
  ['MCP: list tools', 'tool'],
  ['Custom span', 'span'],
];

const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';

function isOpenAiAgentsScope(view: SpanView): boolean {
  const scope = view.scopeName;
  return scope.includes('openai_agents') || scope.includes('openai-agents');
}

export const openAiAgentsConvention: Convention = {
  name: 'openai-agents',
  isGenAI: true,
  matches: isOpenAiAgentsScope,
  extract(view): ConventionFields {
    if (view.has(OPENINFERENCE_SPAN_KIND)) return { framework: 'openai-agents' };
    const name = view.span.name;
    const match = NAME_PREFIXES.find(([prefix]) => name.startsWith(prefix));
    const type = match?.[1] ?? null;
    return { observationType: type, framework: 'openai-agents', usageIsRollup: type === 'agent' || type === 'chain' };
  },
};
