// NORMALIZE stage, classification: the merged convention fields + span view in; the framework
// (instrumentation scope first, then attributes), the observation type when no convention named one,
// and the coarse category (llm, tool, agent, chain, retriever, embedding, http, db, other) out.

import type { SpanView } from './attribute-values.js';
import type { ObservationType, SpanCategory } from './types.js';

/** Exact scope names. */
const SCOPE_FRAMEWORKS: Record<string, string> = {
  ai: 'vercel-ai',
  'langfuse-sdk': 'langfuse',
  'pydantic-ai': 'pydantic-ai',
  pydantic_ai: 'pydantic-ai',
  logfire: 'logfire',
  'gcp.vertex.agent': 'google-adk',
  'crewai.telemetry': 'crewai',
};

/** Scope name prefixes, checked in order. */
const SCOPE_PREFIX_FRAMEWORKS: Array<[string, string]> = [
  ['strands', 'strands'],
  ['@mastra/', 'mastra'],
  ['mastra', 'mastra'],
  ['autogen', 'autogen'],
  ['mlflow', 'mlflow'],
  ['langsmith', 'langsmith'],
  ['crewai.', 'crewai'],
  ['logfire.openai_agents', 'openai-agents'],
  ['logfire', 'logfire'],
  ['langchain', 'langchain'],
  ['@langchain/', 'langchain'],
  ['llama_index', 'llamaindex'],
  ['llamaindex', 'llamaindex'],
  ['semantic_kernel', 'semantic-kernel'],
  ['microsoft.semantickernel', 'semantic-kernel'],
];

/** Instrumented library (the part after 'openinference.instrumentation.' / 'opentelemetry.instrumentation.') → framework. */
const INSTRUMENTED_LIBRARIES: Record<string, string> = {
  crewai: 'crewai',
  langchain: 'langchain',
  langgraph: 'langgraph',
  llama_index: 'llamaindex',
  llamaindex: 'llamaindex',
  dspy: 'dspy',
  haystack: 'haystack',
  autogen: 'autogen',
  autogen_agentchat: 'autogen',
  openai_agents: 'openai-agents',
  agents: 'openai-agents',
  pydantic_ai: 'pydantic-ai',
  google_adk: 'google-adk',
  smolagents: 'smolagents',
  agno: 'agno',
  beeai: 'beeai',
  mcp: 'mcp',
  strands: 'strands',
};

const LIBRARY_SCOPES: Array<[string, string]> = [
  ['openinference.instrumentation.', 'openinference'],
  ['@arizeai/openinference-instrumentation-', 'openinference'],
  ['opentelemetry.instrumentation.', ''],
  ['@traceloop/instrumentation-', 'traceloop'],
];

// Every span of a scope asks again: the answer per scope name is kept (a process has few
// scopes; the caps on count and length only bound a sender inventing names).
const frameworkByScope = new Map<string, string | null>();
const MAX_CACHED_SCOPES = 1000;
const MAX_CACHED_SCOPE_CHARS = 256;

function detectFrameworkFromScope(scopeName: string): string | null {
  let framework = frameworkByScope.get(scopeName);
  if (framework !== undefined) return framework;
  framework = frameworkOfScopeName(scopeName);
  if (scopeName.length <= MAX_CACHED_SCOPE_CHARS) {
    if (frameworkByScope.size >= MAX_CACHED_SCOPES) frameworkByScope.clear();
    frameworkByScope.set(scopeName, framework);
  }
  return framework;
}

function frameworkOfScopeName(scopeName: string): string | null {
  const exact = SCOPE_FRAMEWORKS[scopeName];
  if (exact !== undefined) return exact;
  for (const [prefix, generic] of LIBRARY_SCOPES) {
    if (!scopeName.startsWith(prefix)) continue;
    const library = scopeName.slice(prefix.length).split('.')[0]!.replaceAll('-', '_').toLowerCase();
    const framework = INSTRUMENTED_LIBRARIES[library];
    if (framework !== undefined) return framework;
    // 'opentelemetry.instrumentation.*' is shared by OpenLLMetry and the official contrib packages.
    return generic === '' ? null : generic;
  }
  for (const [prefix, framework] of SCOPE_PREFIX_FRAMEWORKS) if (scopeName.startsWith(prefix)) return framework;
  return null;
}

/** Scope first (most reliable), then the framework the matched conventions named. */
export function detectFramework(view: SpanView, fromConventions: string | null): string | null {
  const framework = detectFrameworkFromScope(view.scopeName) ?? fromConventions;
  // OpenInference/OpenLLMetry LangChain spans from LangGraph carry langgraph_* keys in their metadata;
  // the graph's own run (the root) only LangChain's "ls_integration":"langgraph".
  const metadata = framework === 'langchain' ? view.string('metadata') ?? '' : '';
  if (metadata.includes('"langgraph_') || metadata.includes('"ls_integration":"langgraph"')) return 'langgraph';
  return framework;
}

/** A GenAI span that names a model but no operation: an embedding or reranker by model name, else a generation. */
export function inferObservationTypeFromModel(model: string): ObservationType {
  const id = model.toLowerCase();
  if (id.includes('embed')) return 'embedding';
  if (id.includes('rerank')) return 'reranker';
  return 'generation';
}

const TYPE_CATEGORIES: Record<ObservationType, SpanCategory | null> = {
  generation: 'llm',
  embedding: 'embedding',
  agent: 'agent',
  tool: 'tool',
  chain: 'chain',
  retriever: 'retriever',
  reranker: 'retriever',
  guardrail: 'other',
  evaluator: 'other',
  event: 'other',
  span: null,
};

const HTTP_KEYS = ['http.request.method', 'http.method', 'url.full', 'http.url', 'http.route'];
const DB_KEYS = ['db.system.name', 'db.system', 'db.query.text', 'db.statement'];

export function categorizeSpan(type: ObservationType, view: SpanView): SpanCategory {
  const byType = TYPE_CATEGORIES[type];
  if (byType !== null) return byType;
  if (DB_KEYS.some((key) => view.has(key))) return 'db';
  if (HTTP_KEYS.some((key) => view.has(key))) return 'http';
  return 'other';
}
