// STORE: the writer thread's queue. Jobs that arrive while a transaction runs wait and
// then share the next one (up to maxBatchRows), so throughput grows with load instead
// of paying one fsync-bound commit per export. Between batches it yields to the event
// loop, so new jobs (and, inline, network I/O) get in. Deferred work (the search index)
// runs after the queue has been empty for a while, one slice at a time; under sustained
// load, which leaves no such pause, short slices after batches take a bounded share of
// the writer's time so the work still advances.
import type { BatchResult, JobResult, WriteExecutor, WriteJob } from './write-executor.js';
import { measureJob } from './write-executor.js';

/** Work that may wait: runs when no job is pending; returns true while more remains. */
export interface IdleWork {
  run(): boolean;
  /** How long the queue must stay empty before a slice runs. */
  delayMs: number;
  /** A shorter slice for after a batch, while jobs keep coming; it may take at most
   *  `share` of the time the batches take (measured since the queue was last idle). */
  underLoad?: { run(): boolean; share: number };
}

interface Pending {
  job: WriteJob;
  done: (result: JobResult) => void;
}

/** Group commit: while exports arrive concurrently, a small batch waits up to `lingerMs`
 *  for more rows before its transaction runs. */
export interface GroupCommit {
  lingerMs: number;
  /** A batch this large runs at once. */
  minBatchRows: number;
}

/** One transaction as the receiver's metrics see it (batch size and commit latency). */
export interface BatchStats {
  rows: number;
  durationMs: number;
}

/** Pause before a locked batch runs again, and how long it may keep trying. */
const BUSY_RETRY_MS = 25;
const BUSY_GIVE_UP_MS = 30_000;

export class JobQueue {
  private pending: Pending[] = [];
  private pendingRows = 0;
  private scheduled = false;
  private lingerTimer: NodeJS.Timeout | null = null;
  /** Whether the last transaction took more than one job: exports are arriving concurrently. */
  private concurrent = false;
  /** Whether the deferred work may have something to do (new rows came since it caught up). */
  private backlog = true;
  private batchMs = 0;
  private loadSliceMs = 0;
  private idleWaiters: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** When batches started finding the database locked (null: the last one was not). */
  private busySince: number | null = null;

  constructor(
    private readonly executor: WriteExecutor,
    private readonly maxBatchRows: number,
    private readonly onBatch: (batch: BatchResult, stats: BatchStats) => void,
    private readonly idleWork?: IdleWork,
    private readonly groupCommit: GroupCommit = { lingerMs: 0, minBatchRows: 0 },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.armIdleWork();
  }

  push(job: WriteJob, done: (result: JobResult) => void): void {
    this.pending.push({ job, done });
    this.pendingRows += measureJob(job);
    this.schedule();
  }

  /** No more deferred work (before the connection closes). */
  stop(): void {
    this.stopped = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  /** Resolves once everything pushed so far has been executed. */
  whenIdle(): Promise<void> {
    if (this.pending.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // Each commit rewrites every B-tree page it touched, and random keys (trace and span ids)
  // touch a page per trace: a transaction of 2 exports wrote ~16 KiB to the WAL per span.
  // Waiting a few ms while exports arrive concurrently makes transactions larger (measured:
  // writer CPU per span -10%); a lone sequential client (one job per transaction) never waits.
  private schedule(): void {
    const { lingerMs, minBatchRows } = this.groupCommit;
    const full = this.pendingRows >= minBatchRows;
    if (this.scheduled) {
      if (this.lingerTimer && full) this.runNow();
      return;
    }
    this.scheduled = true;
    if (lingerMs > 0 && this.concurrent && !full) this.lingerTimer = setTimeout(() => this.runOneBatch(), lingerMs);
    else setImmediate(() => this.runOneBatch());
  }

  private runNow(): void {
    clearTimeout(this.lingerTimer!);
    this.lingerTimer = null;
    setImmediate(() => this.runOneBatch());
  }

  private runOneBatch(): void {
    this.scheduled = false;
    this.lingerTimer = null;
    const batch = this.takeBatch();
    this.concurrent = batch.length > 1;
    if (batch.length > 0) {
      const started = this.now();
      let result = this.executor.executeBatch(batch.map((p) => p.job));
      if (result.busy) {
        if (this.requeueLocked(batch, started)) return;
        const message = `the database stayed locked by another connection for ${Math.round(this.now() - this.busySince!)} ms`;
        result = { results: batch.map(() => ({ ok: false, message, busy: true })), committed: [] };
      }
      this.busySince = null;
      const durationMs = this.now() - started;
      this.batchMs += durationMs;
      this.backlog = true;
      batch.forEach((p, i) => p.done(result.results[i]!));
      this.onBatch(result, { rows: batch.reduce((rows, p) => rows + measureJob(p.job), 0), durationMs });
      this.runLoadSlice();
    }
    if (this.pending.length > 0) this.schedule();
    else {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      this.armIdleWork();
    }
  }

  /** A batch that found the database locked goes back to the head of the queue and runs
   *  again shortly, for up to BUSY_GIVE_UP_MS; then its jobs fail as busy (a retryable
   *  refusal for the client). Returns whether it was put back. */
  private requeueLocked(batch: Pending[], started: number): boolean {
    this.busySince ??= started;
    if (this.now() - this.busySince >= BUSY_GIVE_UP_MS) return false;
    this.pending.unshift(...batch);
    this.pendingRows += batch.reduce((rows, p) => rows + measureJob(p.job), 0);
    this.scheduled = true;
    setTimeout(() => this.runOneBatch(), BUSY_RETRY_MS);
    return true;
  }

  private armIdleWork(): void {
    if (!this.idleWork || this.stopped) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.runIdleSlice(), this.idleWork.delayMs);
    this.idleTimer.unref();
  }

  private runIdleSlice(): void {
    this.idleTimer = null;
    if (this.stopped || this.scheduled || this.pending.length > 0) return;
    this.batchMs = this.loadSliceMs = 0; // a pause: the share counts from here
    if (this.runSlice(() => this.idleWork!.run())) this.armIdleWork();
  }

  private runLoadSlice(): void {
    const work = this.idleWork?.underLoad;
    if (!work || !this.backlog || this.stopped || this.loadSliceMs > work.share * this.batchMs) return;
    const started = this.now();
    this.runSlice(() => work.run());
    this.loadSliceMs += this.now() - started;
  }

  /** Runs one slice; returns whether more remains now. A failed slice is retried after the
   *  next batch, not in a loop. */
  private runSlice(run: () => boolean): boolean {
    let more: boolean;
    try {
      more = run();
    } catch {
      return false;
    }
    this.backlog = more;
    return more;
  }

  private takeBatch(): Pending[] {
    let rows = 0;
    let count = 0;
    while (count < this.pending.length) {
      const weight = measureJob(this.pending[count]!.job);
      if (count > 0 && rows + weight > this.maxBatchRows) break;
      rows += weight;
      count++;
    }
    this.pendingRows -= rows;
    return this.pending.splice(0, count);
  }
}
