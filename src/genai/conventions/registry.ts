// NORMALIZE stage, convention registry: every convention in precedence order (first non-null
// field wins when two conventions report the same thing). Why this order: docs/normalization.md.

import { autogenConvention } from './autogen.js';
import type { Convention } from './convention.js';
import { crewAiConvention } from './crewai.js';
import { googleAdkConvention } from './google-adk.js';
import { langfuseConvention } from './langfuse.js';
import { langsmithConvention } from './langsmith.js';
import { mastraConvention } from './mastra.js';
import { mlflowConvention } from './mlflow.js';
import { openAiAgentsConvention } from './openai-agents.js';
import { openInferenceConvention } from './openinference.js';
import { otelGeneralConvention } from './otel-general.js';
import { otelGenAiConvention } from './otel-genai.js';
import { pydanticAiConvention } from './pydantic-ai.js';
import { strandsConvention } from './strands.js';
import { traceloopConvention } from './traceloop.js';
import { vercelAiConvention } from './vercel-ai.js';

export const CONVENTIONS: readonly Convention[] = [
  langfuseConvention,
  openInferenceConvention,
  // Framework conventions before the generic gen_ai.* reading: they know their own quirks
  // (Strands' cache-exclusive input, Vercel wrappers, ADK's gen_ai.system that is not a provider).
  vercelAiConvention,
  strandsConvention,
  pydanticAiConvention,
  googleAdkConvention,
  langsmithConvention,
  mastraConvention,
  crewAiConvention,
  autogenConvention,
  mlflowConvention,
  openAiAgentsConvention,
  traceloopConvention,
  otelGenAiConvention,
  otelGeneralConvention,
];

/** Framework named by a generic convention when nothing more specific matched. */
export const FALLBACK_FRAMEWORKS: Readonly<Record<string, string>> = {
  openinference: 'openinference',
  traceloop: 'traceloop',
  langfuse: 'langfuse',
  'otel-genai': 'otel-genai',
};
