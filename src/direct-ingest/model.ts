// RECEIVE (direct ingestion): what the REST adapters (the observability facade, Langfuse's
// batch ingestion events) hand the one direct-ingestion path (direct-ingest.ts): traces and
// observations by the caller's own ids, as creates or partial updates. Plain data, no I/O.

/** Langfuse's observation types, lowercase (the `langfuse.observation.type` values). */
export type ObservationType = 'span' | 'generation' | 'event' | 'agent' | 'tool' | 'chain' | 'retriever' | 'embedding' | 'evaluator' | 'guardrail';

export type Level = 'DEBUG' | 'DEFAULT' | 'WARNING' | 'ERROR';

export interface TraceFields {
  name?: string | null;
  userId?: string | null;
  sessionId?: string | null;
  input?: unknown;
  output?: unknown;
  metadata?: Record<string, unknown> | null;
  /** Merged as a set: an update adds tags, never removes them (Langfuse's rule). */
  tags?: string[] | null;
  environment?: string | null;
  release?: string | null;
  version?: string | null;
  /** ISO 8601: when the trace started (its root span's start). */
  timestamp?: string | null;
  /** ISO 8601: when the trace ended (the facade's end_time); absent: its latest observation's end. */
  endTime?: string | null;
}

export interface ObservationFields {
  type?: ObservationType;
  /** The caller's id of the observation it is nested in; absent: directly under the trace. */
  parentObservationId?: string | null;
  name?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  completionStartTime?: string | null;
  input?: unknown;
  output?: unknown;
  metadata?: Record<string, unknown> | null;
  level?: Level | null;
  statusMessage?: string | null;
  version?: string | null;
  environment?: string | null;
  model?: string | null;
  modelParameters?: Record<string, unknown> | null;
  /** Token counts by kind (input, output, total, cache_read_input_tokens…), Langfuse's usageDetails. */
  usageDetails?: Record<string, number> | null;
  /** USD by kind (input, output, total…); absent: computed from the price table. */
  costDetails?: Record<string, number> | null;
  promptName?: string | null;
  promptVersion?: number | null;
}

export type DirectEvent =
  | { kind: 'trace'; id: string; mode: 'create' | 'update'; fields: TraceFields }
  | { kind: 'observation'; id: string; traceId: string; mode: 'create' | 'update'; fields: ObservationFields };

/** One per event, in order. A failed event wrote nothing; the others are unaffected. */
export type DirectResult = { ok: true } | { ok: false; status: number; message: string };

export interface DirectIngest {
  /** Merges the events into what is stored (creates and updates by id, in any order; an
   *  update never erases a field it does not mention) and resolves once committed. */
  apply(projectId: string, events: DirectEvent[]): Promise<DirectResult[]>;
  /** Resolves once everything accepted before the call is committed. */
  flush(): Promise<void>;
}
