// NORMALIZE stage, convention: OpenAI Agents SDK traces bridged to OTel (Logfire's integration:
// 'Agent workflow', 'Agent run: …', 'Function: …', 'Handoff: …', 'Guardrail …', 'Responses API …';
// OpenInference's openai_agents instrumentation is handled by OpenInference plus the scope name).

import type { SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';

const NAME_PREFIXES: Array<[string, ObservationType]> = [
  ['Agent workflow', 'chain'],
  ['Agent run', 'agent'],
  ['Function:', 'tool'],
  ['Handoff', 'span'],
  ['Guardrail', 'guardrail'],
  ['Responses API', 'generation'],
  ['Chat completion', 'generation'],
  ['Generation', 'generation'],
];

function isOpenAiAgentsScope(view: SpanView): boolean {
  const scope = view.scopeName;
  return scope.includes('openai_agents') || scope.includes('openai-agents');
}

export const openAiAgentsConvention: Convention = {
  name: 'openai-agents',
  isGenAI: true,
  matches: isOpenAiAgentsScope,
  extract(view): ConventionFields {
    const name = view.span.name;
    const match = NAME_PREFIXES.find(([prefix]) => name.startsWith(prefix));
    const type = match?.[1] ?? null;
    return { observationType: type, framework: 'openai-agents', usageIsRollup: type === 'agent' || type === 'chain' };
  },
};
