// STORE: the writer thread's queue. Jobs that arrive while a transaction runs wait and
// then share the next one (up to maxBatchRows), so throughput grows with load instead
// of paying one fsync-bound commit per export. Between batches it yields to the event
// loop, so new jobs (and, inline, network I/O) get in. Deferred work (the search index)
// runs only after the queue has been empty for a while, one short slice at a time.
import type { BatchResult, JobResult, WriteExecutor, WriteJob } from './write-executor.js';
import { measureJob } from './write-executor.js';

/** Work that may wait: runs when no job is pending; returns true while more remains. */
export interface IdleWork {
  run(): boolean;
  /** How long the queue must stay empty before a slice runs. */
  delayMs: number;
}

interface Pending {
  job: WriteJob;
  done: (result: JobResult) => void;
}

export class JobQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly executor: WriteExecutor,
    private readonly maxBatchRows: number,
    private readonly onBatch: (batch: BatchResult) => void,
    private readonly idleWork?: IdleWork,
  ) {
    this.armIdleWork();
  }

  push(job: WriteJob, done: (result: JobResult) => void): void {
    this.pending.push({ job, done });
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

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.runOneBatch());
  }

  private runOneBatch(): void {
    this.scheduled = false;
    const batch = this.takeBatch();
    if (batch.length > 0) {
      const result = this.executor.executeBatch(batch.map((p) => p.job));
      batch.forEach((p, i) => p.done(result.results[i]!));
      this.onBatch(result);
    }
    if (this.pending.length > 0) this.schedule();
    else {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      this.armIdleWork();
    }
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
    let more = false;
    try {
      more = this.idleWork!.run();
    } catch {
      // a failed slice is retried at the next idle moment
    }
    if (more) this.armIdleWork();
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
    return this.pending.splice(0, count);
  }
}
