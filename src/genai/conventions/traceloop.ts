// NORMALIZE stage, convention: Traceloop / OpenLLMetry (traceloop.span.kind, traceloop.entity.*,
// traceloop.workflow.name, traceloop.association.properties.*, llm.request.type, llm.usage.*,
// indexed gen_ai.completion.N.finish_reason). Usage itself is read by the OTel GenAI convention.

import { readPrefixedMetadata, type SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';

export const TRACELOOP = {
  spanKind: 'traceloop.span.kind',
  entityName: 'traceloop.entity.name',
  workflowName: 'traceloop.workflow.name',
  associationProperties: 'traceloop.association.properties',
  requestType: 'llm.request.type',
  totalTokens: 'llm.usage.total_tokens',
  llmUser: 'llm.user',
  completionFinishReason: (index: number) => `gen_ai.completion.${index}.finish_reason`,
  promptRole0: 'gen_ai.prompt.0.role',
  completionRole0: 'gen_ai.completion.0.role',
} as const;

const SESSION_KEYS = ['session_id', 'sessionId', 'session.id', 'conversation_id', 'thread_id'];
const USER_KEYS = ['user_id', 'userId', 'user.id'];
const MAX_CHOICES = 64;

const SPAN_KINDS: Record<string, ObservationType> = { workflow: 'chain', task: 'chain', agent: 'agent', tool: 'tool' };
const REQUEST_TYPES: Record<string, ObservationType> = { chat: 'generation', completion: 'generation', embedding: 'embedding', rerank: 'reranker' };

const MARKER_KEYS = [
  TRACELOOP.spanKind, TRACELOOP.entityName, TRACELOOP.workflowName, TRACELOOP.requestType, TRACELOOP.totalTokens,
  TRACELOOP.promptRole0, TRACELOOP.completionRole0,
  `${TRACELOOP.associationProperties}.session_id`, `${TRACELOOP.associationProperties}.user_id`,
];

export function isTraceloopSpan(view: SpanView): boolean {
  return view.scopeName.startsWith('@traceloop/') || view.scopeName.startsWith('traceloop') || MARKER_KEYS.some((key) => view.has(key));
}

function readFinishReasons(view: SpanView): string[] {
  const out: string[] = [];
  for (let index = 0; index < MAX_CHOICES; index++) {
    const key = TRACELOOP.completionFinishReason(index);
    if (!view.has(key)) break;
    const reason = view.string(key);
    if (reason !== null) out.push(reason);
  }
  return out;
}

function pickString(metadata: Record<string, unknown> | null, keys: readonly string[]): string | null {
  if (metadata === null) return null;
  for (const key of keys) {
    const value = metadata[key];
    if (typeof value === 'string' && value.length > 0) return value;
    if (typeof value === 'number') return String(value);
  }
  return null;
}

export const traceloopConvention: Convention = {
  name: 'traceloop',
  isGenAI: true,
  matches: isTraceloopSpan,
  extract(view): ConventionFields {
    const kind = view.string(TRACELOOP.spanKind)?.toLowerCase() ?? null;
    const requestType = view.string(TRACELOOP.requestType)?.toLowerCase() ?? null;
    const entityName = view.string(TRACELOOP.entityName);
    const properties = readPrefixedMetadata(view, TRACELOOP.associationProperties);
    return {
      observationType: (kind !== null ? SPAN_KINDS[kind] : undefined) ?? (requestType !== null ? REQUEST_TYPES[requestType] : undefined) ?? null,
      operationName: requestType,
      agentName: kind === 'agent' ? entityName : null,
      toolName: kind === 'tool' ? entityName : null,
      traceName: view.string(TRACELOOP.workflowName),
      finishReasonsRaw: readFinishReasons(view),
      sessionId: pickString(properties, SESSION_KEYS),
      userId: pickString(properties, USER_KEYS) ?? view.string(TRACELOOP.llmUser),
      metadata: properties,
    };
  },
};
