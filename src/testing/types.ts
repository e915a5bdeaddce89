// TESTING (tracelite/testing): the typed shapes a test receives. Derived from the explorer
// API's zod schemas (src/api/explorer/schemas.ts), so they cannot drift from what the REST
// API answers; only what zod leaves as `unknown` (children, content blocks) is narrowed here.
import type { z } from 'zod';
import type {
  MessageDto, MessagesResponse as MessagesResponseSchema, SpanSummary as SpanSummarySchema,
  TraceSummary as TraceSummarySchema,
} from '../api/explorer/schemas.js';
import type { ContentBlock, ObservationType, Role } from '../genai/types.js';

export type { ContentBlock, ObservationType, Role };

/** One row of `GET …/otel/traces`. */
export type TraceSummary = z.infer<typeof TraceSummarySchema>;

/** One row of `GET …/otel/spans`: a span with its GenAI fields (an "observation"). */
export type SpanSummary = z.infer<typeof SpanSummarySchema>;

/** A span with its child spans, ordered by start then end time. */
export type SpanNode = SpanSummary & { children: SpanNode[] };

/** `GET …/otel/traces/{id}`: the trace summary plus its span tree (roots at the top). */
export type TraceDetail = TraceSummary & { spans: SpanNode[] };

/** A SideML message of `GET …/otel/traces/{id}/messages` (de-duplicated across spans). */
export type Message = Omit<z.infer<typeof MessageDto>, 'role' | 'content'> & { role: Role; content: ContentBlock[] };

export type MessagesResponse = Omit<z.infer<typeof MessagesResponseSchema>, 'messages'> & { messages: Message[] };

/** One condition of the explorer's `filters` parameter, in either of its two dialects. */
export type ExplorerFilter =
  | { key: string; op: string; value?: unknown }
  | { type: string; column: string; operator: string; value?: unknown; key?: string };

/** Server-side explorer filters (ANDed), or a predicate run over each trace summary. */
export type TraceWhere = ExplorerFilter[] | ((trace: TraceSummary) => boolean);

export interface WaitForTracesOptions {
  /** How many matching traces to wait for (default 1). */
  count?: number;
  where?: TraceWhere;
  /** Give up after this long (default 10 000 ms) and reject with what was seen. */
  timeoutMs?: number;
  /** Time between polls (default 100 ms). */
  pollIntervalMs?: number;
}

export interface ObservationQuery {
  /** 'generation', 'tool', 'agent', 'embedding', … (the span's normalized observation_type). */
  type?: ObservationType;
  /** Matches the span name, its gen_ai.tool.name or its gen_ai.agent.name exactly. */
  name?: string;
  traceId?: string;
}
