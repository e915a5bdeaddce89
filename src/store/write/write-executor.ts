// STORE: runs queued write jobs in the thread that owns the writer connection.
// Many jobs share one transaction (the single-writer throughput lever); if that
// transaction fails, each job is retried alone so one bad job cannot fail the others.
// Transactions BEGIN IMMEDIATE: a deferred one that has read before its first write gets
// SQLITE_BUSY at once, skipping the busy timeout, whenever the checkpoint thread's RESTART
// holds the write lock. Even BEGIN IMMEDIATE was seen failing at once during a RESTART
// (~130 ms every few seconds under sustained load), so a locked batch is reported as
// `busy` and the queue runs it again: a lock is never a failed export.
import type Database from 'better-sqlite3';
import type { LogRow, MetricPointRow, ScoreRow } from '../shared/rows.js';
import { deleteScoresInTx, upsertScoresInTx } from './write-scores.js';
import { deleteSessionsInTx, deleteTracesInTx } from './delete-traces.js';
import { SignalWriter, type SpanBatch } from './span-writer.js';
import { replaceTraceSpansInTx } from './replace-spans.js';
import type { CommittedSpan } from './store-writer.js';
import type { WriteFault } from '../write-faults.js';
import { assertFreeSpace, classifyWriteFault, DatabaseLocation } from './classify-write-fault.js';

export type WriteJob =
  | { kind: 'spans'; batch: SpanBatch }
  | { kind: 'logs'; rows: LogRow[] }
  | { kind: 'metrics'; rows: MetricPointRow[] }
  | { kind: 'deleteTraces'; projectId: string; ids: string[] }
  | { kind: 'deleteSessions'; projectId: string; ids: string[] }
  | { kind: 'upsertScores'; rows: ScoreRow[] }
  | { kind: 'deleteScores'; projectId: string; ids: string[] }
  /** Direct ingestion's upsert: these spans of one trace replace those with the same ids. */
  | { kind: 'replaceSpans'; projectId: string; traceId: string; batch: SpanBatch }
  /** During a write fault: one real (empty-handed) commit that tells whether writes go through again. */
  | { kind: 'probe' };

/** `busy`: the database stayed locked by another connection; nothing was written and the
 *  same job may simply be sent again. `fault`: the environment refused the write (full disk,
 *  read-only directory, ...); nothing was written either, and the job may be sent again later. */
export type JobResult = { ok: true; value: number } | { ok: false; message: string; busy?: true; fault?: WriteFault };

export interface BatchResult {
  results: JobResult[];
  committed: CommittedSpan[];
  /** The whole batch found the database locked (by the checkpoint thread, or another
   *  process): nothing ran; the queue runs it again shortly. */
  busy?: true;
}

function isBusy(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_BUSY');
}

/** How much a job weighs against the batch and queue limits (rows it writes). */
export function measureJob(job: WriteJob): number {
  if (job.kind === 'spans' || job.kind === 'replaceSpans') return job.batch.tuples.length;
  return 'rows' in job ? job.rows.length : 1;
}

export class WriteExecutor {
  private readonly signals: SignalWriter;
  private readonly location: DatabaseLocation;

  constructor(private readonly db: Database.Database) {
    this.signals = new SignalWriter(db);
    this.location = new DatabaseLocation(db.name);
  }

  /** Runs the jobs; every job gets a result, in order. Never throws. */
  executeBatch(jobs: WriteJob[]): BatchResult {
    const committed: CommittedSpan[] = [];
    const moved = this.location.findFault();
    if (moved !== null) return { results: jobs.map(() => ({ ok: false, message: moved.message, fault: moved })), committed };
    try {
      const results = this.db.transaction(() => jobs.map((job) => this.runJob(job, committed))).immediate();
      return { results, committed };
    } catch (err) {
      if (isBusy(err)) return { results: [], committed: [], busy: true };
      committed.length = 0;
      const fault = classifyWriteFault(err, this.db.name);
      // Alone, a smaller job may still fit on a nearly full disk; nothing fits in a read-only directory.
      if (fault !== null && fault.kind !== 'disk_full' && fault.kind !== 'io_error') {
        return { results: jobs.map(() => ({ ok: false, message: fault.message, fault })), committed };
      }
      return { results: jobs.map((job) => this.executeAlone(job, committed)), committed };
    }
  }

  private executeAlone(job: WriteJob, committed: CommittedSpan[]): JobResult {
    const mine: CommittedSpan[] = [];
    try {
      const result = this.db.transaction(() => this.runJob(job, mine)).immediate();
      committed.push(...mine);
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (isBusy(err)) return { ok: false, message, busy: true };
      const fault = classifyWriteFault(err, this.db.name);
      return fault === null ? { ok: false, message } : { ok: false, message: fault.message, fault };
    }
  }

  private runJob(job: WriteJob, committed: CommittedSpan[]): JobResult {
    const nowMs = Date.now();
    switch (job.kind) {
      case 'spans': {
        const written = this.signals.writeSpans(job.batch, nowMs);
        committed.push(...written);
        return { ok: true, value: written.length };
      }
      case 'logs':
        this.signals.writeLogs(job.rows);
        return { ok: true, value: job.rows.length };
      case 'metrics':
        this.signals.writeMetricPoints(job.rows);
        return { ok: true, value: job.rows.length };
      case 'deleteTraces':
        return { ok: true, value: deleteTracesInTx(this.db, job.projectId, job.ids) };
      case 'deleteSessions':
        return { ok: true, value: deleteSessionsInTx(this.db, job.projectId, job.ids) };
      case 'upsertScores':
        upsertScoresInTx(this.db, job.rows);
        return { ok: true, value: job.rows.length };
      case 'deleteScores':
        return { ok: true, value: deleteScoresInTx(this.db, job.projectId, job.ids) };
      case 'replaceSpans': {
        const written = replaceTraceSpansInTx(this.db, this.signals, job.projectId, job.traceId, job.batch, nowMs);
        committed.push(...written);
        return { ok: true, value: job.batch.tuples.length };
      }
      case 'probe':
        this.writeProbe();
        return { ok: true, value: 0 };
    }
  }

  /** A row written and removed in one transaction: its page still goes through the WAL and
   *  the commit, as an export's would; nothing is left behind. */
  private writeProbe(): void {
    assertFreeSpace(this.db.name);
    this.db.prepare("INSERT OR REPLACE INTO search_state (name, indexed_to) VALUES ('write_probe', 0)").run();
    this.db.prepare("DELETE FROM search_state WHERE name = 'write_probe'").run();
  }
}
