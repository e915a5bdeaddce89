// STORE: the writer thread's queue. Jobs that arrive while a transaction runs wait and
// then share the next one (up to maxBatchRows), so throughput grows with load instead
// of paying one fsync-bound commit per export. Between batches it yields to the event
// loop, so new jobs (and, inline, network I/O) get in.
import type { BatchResult, JobResult, WriteExecutor, WriteJob } from './write-executor.js';
import { measureJob } from './write-executor.js';

interface Pending {
  job: WriteJob;
  done: (result: JobResult) => void;
}

export class JobQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly executor: WriteExecutor,
    private readonly maxBatchRows: number,
    private readonly onBatch: (batch: BatchResult) => void,
  ) {}

  push(job: WriteJob, done: (result: JobResult) => void): void {
    this.pending.push({ job, done });
    this.schedule();
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
    else for (const resolve of this.idleWaiters.splice(0)) resolve();
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
