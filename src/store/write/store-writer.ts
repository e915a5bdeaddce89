// STORE: the single-writer contract. Every write (OTLP signals from ingest, deletes and
// scores from the APIs) goes through one StoreWriter, which batches many calls into one
// transaction and resolves each call's promise only after that transaction committed.
// A full queue rejects with AppError('UNAVAILABLE', …, {retryAfterSeconds}) — never drops.
import type { SpanRow, LogRow, MetricPointRow, ScoreRow } from '../shared/rows.js';

export interface CommittedSpan {
  projectId: string;
  traceId: string;
  spanId: string;
  sessionId: string | null;
  /** false when the span was a duplicate (a client retry) and changed nothing. */
  inserted: boolean;
}

export interface StoreWriter {
  writeSpans(rows: SpanRow[]): Promise<void>;
  writeLogs(rows: LogRow[]): Promise<void>;
  writeMetricPoints(rows: MetricPointRow[]): Promise<void>;
  /** Deletes the traces and everything that hangs off them (spans, logs, scores); returns how many traces existed. */
  deleteTraces(projectId: string, traceIds: string[]): Promise<number>;
  /** Deletes every trace of the sessions (and the sessions' scores); returns how many traces were deleted. */
  deleteSessions(projectId: string, sessionIds: string[]): Promise<number>;
  /** Writes spans of one trace, replacing stored spans with the same ids (direct ingestion's
   *  upserts); the trace's roll-ups are recomputed. */
  replaceTraceSpans(projectId: string, traceId: string, rows: SpanRow[]): Promise<void>;
  /** Deletes scores by id; returns how many existed. */
  deleteScores(projectId: string, ids: string[]): Promise<number>;
  /** Inserts or replaces scores by (project_id, id). */
  upsertScores(rows: ScoreRow[]): Promise<void>;
  /** Called after each commit with the spans it wrote (feeds live SSE). */
  onCommit(listener: (spans: CommittedSpan[]) => void): () => void;
  /** Rows accepted but not yet committed, and how many may wait before exports are refused
   *  (absent in writers that never queue, such as the CLI's read-only stand-in). */
  queueDepth?(): { rows: number; capacity: number };
  /** Stop accepting, flush everything queued, close. */
  close(): Promise<void>;
}
