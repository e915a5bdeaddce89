// NORMALIZE stage output: what every stored span gets computed at ingest (pure data,
// no I/O). The store writes these fields into columns; the raw span is kept beside
// them so a better normalizer can recompute everything later.

export type ObservationType =
  | 'generation'
  | 'embedding'
  | 'agent'
  | 'tool'
  | 'chain'
  | 'retriever'
  | 'reranker'
  | 'guardrail'
  | 'evaluator'
  | 'event'
  | 'span';

export type SpanCategory = 'llm' | 'tool' | 'agent' | 'chain' | 'retriever' | 'embedding' | 'http' | 'db' | 'other';

export type FinishReason = 'stop' | 'length' | 'tool_use' | 'content_filter' | 'error';

export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** SideML content blocks. */
export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'image' | 'audio' | 'video' | 'document' | 'file'; mime_type?: string; url?: string; data?: string; file_id?: string; name?: string }
  | { type: 'tool_use'; id: string | null; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string | null; content: unknown; is_error?: boolean }
  | { type: 'thinking'; text: string; signature?: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'refusal'; text: string }
  | { type: 'json'; value: unknown }
  | { type: 'tool_definitions'; tools: unknown[] }
  | { type: 'context'; value: unknown }
  | { type: 'unknown'; raw: unknown };

export interface SideMLMessage {
  role: Role;
  content: ContentBlock[];
  name?: string;
  /** Where in the span the message came from: 'input' (prompt/history) or 'output' (completion). */
  direction: 'input' | 'output';
  finish_reason?: FinishReason;
  /** The provider's raw finish reason, kept when normalized. */
  finish_reason_raw?: string;
  /** ns since epoch as a decimal string, when the source carries a time (events, log records). */
  timestamp_ns?: string;
  /** Which convention/attribute produced it, e.g. 'gen_ai.input.messages'. */
  source?: string;
}

export interface Usage {
  input: number | null;
  output: number | null;
  total: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  reasoning: number | null;
}

export interface Cost {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  reasoning: number | null;
  total: number | null;
  /** 'attribute' when a precomputed cost attribute was used, 'price_table' when computed, null when unknown. */
  source: 'attribute' | 'price_table' | null;
}

/** The normalized view of one span. Every field may be null: a span that no convention
 *  recognizes is a plain 'span' with category 'other' and still stored. */
export interface NormalizedSpan {
  observationType: ObservationType;
  category: SpanCategory;
  /** True if any GenAI convention matched (drives `include_nongenai`). */
  isGenAI: boolean;
  framework: string | null;
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  operationName: string | null;
  agentName: string | null;
  toolName: string | null;
  toolCallId: string | null;
  /** Normalized, one per choice. */
  finishReasons: FinishReason[];
  finishReasonsRaw: string[];
  sessionId: string | null;
  userId: string | null;
  environment: string | null;
  tags: string[];
  /** Langfuse-style fields when a convention carries them. */
  version: string | null;
  release: string | null;
  level: 'DEBUG' | 'DEFAULT' | 'WARNING' | 'ERROR' | null;
  traceName: string | null;
  /** Time of first token (ns since epoch), when known. */
  completionStartTimeUnixNano: bigint | null;
  usage: Usage;
  cost: Cost;
  /** False when this span's usage repeats its children's (agent/root roll-ups): such a span
   *  keeps its usage for display but is excluded from trace and session totals. */
  usageCounted: boolean;
  modelParameters: Record<string, unknown> | null;
  /** Conversation messages of this span (input then output). */
  messages: SideMLMessage[];
  toolDefinitions: unknown[];
  /** Convention-level input/output as found (string or structured), for Langfuse input/output. */
  input: unknown;
  output: unknown;
  /** Short plain-text previews for lists (<= 200 chars). */
  inputPreview: string | null;
  outputPreview: string | null;
  /** Free-form metadata a convention carries (e.g. langfuse.observation.metadata.*). */
  metadata: Record<string, unknown> | null;
}
