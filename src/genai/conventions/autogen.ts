// NORMALIZE stage, convention: Microsoft AutoGen (scopes 'autogen-core', 'autogen_core',
// 'autogen-agentchat' …; gen_ai.system 'autogen'). Agent and tool spans use gen_ai.operation.name
// (read by the OTel GenAI convention); runtime messaging spans ('autogen publish …') are events.

import type { Convention, ConventionFields } from './convention.js';
import { GEN_AI } from './otel-genai.js';

const MESSAGING_PREFIXES = ['autogen publish', 'autogen send', 'autogen process', 'autogen ack', 'autogen create'];

export const autogenConvention: Convention = {
  name: 'autogen',
  isGenAI: true,
  matches: (view) => view.scopeName.startsWith('autogen') || view.string(GEN_AI.system) === 'autogen',
  extract(view): ConventionFields {
    const name = view.span.name;
    const isMessaging = MESSAGING_PREFIXES.some((prefix) => name.startsWith(prefix));
    return { observationType: isMessaging ? 'event' : null, framework: 'autogen' };
  },
};
