// NORMALIZE stage, convention: LangSmith OpenTelemetry attributes (langsmith.span.kind,
// langsmith.trace.name, langsmith.span.tags, langsmith.metadata.*). Model and usage come as gen_ai.*.

import { readPrefixedMetadata, type SpanView } from '../attribute-values.js';
import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';

export const LANGSMITH = {
  spanKind: 'langsmith.span.kind',
  traceName: 'langsmith.trace.name',
  tags: 'langsmith.span.tags',
  metadata: 'langsmith.metadata',
  sessionId: 'langsmith.trace.session_id',
} as const;

const SPAN_KINDS: Record<string, ObservationType> = {
  llm: 'generation',
  chat_model: 'generation',
  chain: 'chain',
  tool: 'tool',
  retriever: 'retriever',
  embedding: 'embedding',
  prompt: 'span',
  parser: 'span',
};
const SESSION_KEYS = ['session_id', 'thread_id', 'conversation_id'];

function readTags(view: SpanView): string[] {
  const raw = view.raw(LANGSMITH.tags);
  // Tags arrive as an array or as one comma-separated string.
  if (typeof raw === 'string' && !raw.startsWith('[')) return raw.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0);
  return view.stringArray(LANGSMITH.tags);
}

function pickString(metadata: Record<string, unknown> | null, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = metadata?.[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

export const langsmithConvention: Convention = {
  name: 'langsmith',
  isGenAI: true,
  matches: (view) => view.scopeName.startsWith('langsmith') || view.has(LANGSMITH.spanKind) || view.has(LANGSMITH.traceName),
  extract(view): ConventionFields {
    const kind = view.string(LANGSMITH.spanKind)?.toLowerCase() ?? null;
    const metadata = readPrefixedMetadata(view, LANGSMITH.metadata);
    return {
      observationType: kind !== null ? SPAN_KINDS[kind] ?? null : null,
      framework: 'langsmith',
      traceName: view.string(LANGSMITH.traceName),
      tags: readTags(view),
      sessionId: pickString(metadata, SESSION_KEYS),
      userId: pickString(metadata, ['user_id']),
      metadata,
    };
  },
};
