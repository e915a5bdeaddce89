// STORE: the StoreWriter the rest of the process uses. It bounds what is queued (a full
// queue refuses with a retryable UNAVAILABLE instead of dropping), hands jobs to the
// writer thread (a worker, or inline on the main thread), and resolves each call only
// after the transaction holding it committed.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { JobQueue, type BatchStats, type GroupCommit } from './job-queue.js';
import { searchIndexesIdleWork } from './search-indexes.js';
import { deriveSpanText } from '../../span-text.js';
import { openDatabase } from '../schema/open-db.js';
import type { LogRow, MetricPointRow, ScoreRow, SpanRow } from '../shared/rows.js';
import type { CommittedSpan, StoreWriter } from './store-writer.js';
import { toSpanBatch } from './span-writer.js';
import { measureJob, WriteExecutor, type JobResult, type WriteJob } from './write-executor.js';
import type { FromWorker, ToWorker, WriterWorkerData } from './writer-worker.js';
import type { CheckpointWorkerData } from './checkpoint-worker.js';
import { WriteFaults, type WriteFault } from '../write-faults.js';

export interface WriterOptions {
  dbPath: string;
  mode: 'worker' | 'inline';
  maxBatchRows: number;
  /** See JobQueue's GroupCommit; 0 turns it off. */
  groupCommitMs?: number;
  maxQueueRows: number;
  retryAfterSeconds: number;
  log: Logger;
  /** Where write-fault episodes are recorded (health and metrics read it); one of its own when absent. */
  faults?: WriteFaults;
  /** Told the size and duration of each write transaction (the receiver's metrics). */
  onBatchStats?: (stats: BatchStats) => void;
}

/** During a write fault, how often a probe write checks whether writes go through again
 *  (so the episode ends even when no client is sending, e.g. while readiness fails). */
const FAULT_PROBE_MS = 2000;

interface WriterThread {
  submit(job: WriteJob, done: (result: JobResult) => void): void;
  /** Whether to report committed spans (a list per commit, costly to send across threads). */
  feedCommits(on: boolean): void;
  close(): Promise<void>;
}

export async function createStoreWriter(options: WriterOptions): Promise<StoreWriter> {
  const writer = new QueuedStoreWriter(options);
  await writer.start();
  return writer;
}

class QueuedStoreWriter implements StoreWriter {
  private thread: WriterThread | null = null;
  private queuedRows = 0;
  private closing = false;
  private stopCheckpoints: (() => Promise<void>) | null = null;
  private readonly listeners = new Set<(spans: CommittedSpan[]) => void>();
  private readonly faults: WriteFaults;
  private probeTimer: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(private readonly options: WriterOptions) {
    this.faults = options.faults ?? new WriteFaults(options.log);
  }

  async start(): Promise<void> {
    const publish = (spans: CommittedSpan[]) => this.publish(spans);
    this.thread = this.options.mode === 'worker' ? await startWorkerThread(this.options, publish) : startInlineThread(this.options, publish);
    this.thread.feedCommits(this.listeners.size > 0);
    this.stopCheckpoints = await startCheckpointThread(this.options.dbPath);
  }

  writeSpans(rows: SpanRow[]): Promise<void> {
    return this.run({ kind: 'spans', batch: toSpanBatch(rows) }).then(() => undefined);
  }
  writeLogs(rows: LogRow[]): Promise<void> {
    return this.run({ kind: 'logs', rows }).then(() => undefined);
  }
  writeMetricPoints(rows: MetricPointRow[]): Promise<void> {
    return this.run({ kind: 'metrics', rows }).then(() => undefined);
  }
  deleteTraces(projectId: string, traceIds: string[]): Promise<number> {
    return this.run({ kind: 'deleteTraces', projectId, ids: traceIds });
  }
  deleteSessions(projectId: string, sessionIds: string[]): Promise<number> {
    return this.run({ kind: 'deleteSessions', projectId, ids: sessionIds });
  }
  replaceTraceSpans(projectId: string, traceId: string, rows: SpanRow[]): Promise<void> {
    return this.run({ kind: 'replaceSpans', projectId, traceId, batch: toSpanBatch(rows) }).then(() => undefined);
  }
  deleteScores(projectId: string, ids: string[]): Promise<number> {
    return this.run({ kind: 'deleteScores', projectId, ids });
  }
  upsertScores(rows: ScoreRow[]): Promise<void> {
    return this.run({ kind: 'upsertScores', rows }).then(() => undefined);
  }

  queueDepth(): { rows: number; capacity: number } {
    return { rows: this.queuedRows, capacity: this.options.maxQueueRows };
  }

  onCommit(listener: (spans: CommittedSpan[]) => void): () => void {
    this.listeners.add(listener);
    this.thread?.feedCommits(true);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.thread?.feedCommits(false);
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.stopProbing();
    await this.stopCheckpoints?.();
    await this.thread?.close();
  }

  private run(job: WriteJob): Promise<number> {
    if (this.closing || !this.thread) return Promise.reject(new AppError('UNAVAILABLE', 'tracelite is shutting down; retry against the restarted server', { retryAfterSeconds: this.options.retryAfterSeconds }));
    const weight = measureJob(job);
    if (this.queuedRows > 0 && this.queuedRows + weight > this.options.maxQueueRows) {
      return Promise.reject(new AppError('UNAVAILABLE', `write queue is full (${this.queuedRows} rows waiting to commit); retry after ${this.options.retryAfterSeconds}s`, { retryAfterSeconds: this.options.retryAfterSeconds }));
    }
    this.queuedRows += weight;
    const { promise, done } = this.whenCommitted(job.kind, weight);
    this.thread.submit(job, done);
    return promise;
  }

  // Kept apart from run(): a closure made there would hold the job (all its rows) until the
  // commit ~100 ms later, long enough to promote every row to V8's old generation.
  private whenCommitted(kind: WriteJob['kind'], weight: number): { promise: Promise<number>; done: (result: JobResult) => void } {
    let done!: (result: JobResult) => void;
    const promise = new Promise<number>((resolve, reject) => {
      done = (result) => {
        this.queuedRows -= weight;
        if (result.ok) {
          if (addsData(kind)) this.faults.recordSuccess();
          resolve(result.value);
        } else if (result.fault) reject(this.refuseForFault(result.fault, weight));
        else if (result.busy) {
          this.options.log.warn('database locked; export refused as retryable', { job: kind, error: result.message });
          reject(new AppError('UNAVAILABLE', `the database is locked (${result.message}); retry after ${this.options.retryAfterSeconds}s`, { retryAfterSeconds: this.options.retryAfterSeconds }));
        } else {
          this.options.log.error('write transaction failed', { job: kind, error: result.message });
          reject(new AppError('INTERNAL', 'storing the data failed; nothing from this request was stored'));
        }
      };
    });
    return { promise, done };
  }

  private refuseForFault(fault: WriteFault, weight: number): AppError {
    this.faults.recordRefusal(fault, weight);
    this.probeTimer ??= setInterval(() => this.probeWrites(), FAULT_PROBE_MS).unref();
    return new AppError('UNAVAILABLE', fault.message, { retryAfterSeconds: this.options.retryAfterSeconds });
  }

  private probeWrites(): void {
    if (this.faults.current() === null) return this.stopProbing();
    if (this.probing || this.closing || !this.thread) return;
    this.probing = true;
    this.thread.submit({ kind: 'probe' }, (result) => {
      this.probing = false;
      if (result.ok) this.faults.recordSuccess();
    });
  }

  private stopProbing(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  private publish(spans: CommittedSpan[]): void {
    for (const listener of this.listeners) {
      try {
        listener(spans);
      } catch (err) {
        this.options.log.warn('commit listener failed', { error: err });
      }
    }
  }
}

function startInlineThread(options: WriterOptions, publish: (spans: CommittedSpan[]) => void): WriterThread {
  const db = openDatabase(options.dbPath, { autoCheckpoint: false });
  const queue = new JobQueue(new WriteExecutor(db), options.maxBatchRows, (batch, stats) => {
    if (batch.committed.length > 0) publish(batch.committed);
    options.onBatchStats?.(stats);
  }, searchIndexesIdleWork(db, deriveSpanText), groupCommit(options));
  return {
    submit: (job, done) => queue.push(job, done),
    feedCommits: () => {}, // publishing in-thread costs nothing when no one listens
    close: async () => {
      await queue.whenIdle();
      queue.stop();
      db.close();
    },
  };
}

async function startWorkerThread(options: WriterOptions, publish: (spans: CommittedSpan[]) => void): Promise<WriterThread> {
  const worker = spawnWriterWorker({ dbPath: options.dbPath, maxBatchRows: options.maxBatchRows, groupCommit: groupCommit(options) });
  const callbacks = new Map<number, (result: JobResult) => void>();
  let nextId = 1;
  let onClosed: (() => void) | null = null;
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') resolve();
      else if (message.type === 'fatal') reject(new Error(message.message.startsWith('cannot open the database') ? message.message : `cannot open database ${options.dbPath}: ${message.message}`));
      else if (message.type === 'result') {
        callbacks.get(message.id)?.(message.result);
        callbacks.delete(message.id);
      } else if (message.type === 'commit') publish(message.committed);
      else if (message.type === 'batch') options.onBatchStats?.(message.stats);
      else if (message.type === 'closed') onClosed?.();
    });
    worker.on('error', (err) => {
      options.log.error('writer thread crashed', { error: err });
      for (const done of callbacks.values()) done({ ok: false, message: 'writer thread crashed' });
      callbacks.clear();
      reject(err);
    });
  });
  return {
    submit(job, done) {
      const id = nextId++;
      callbacks.set(id, done);
      worker.postMessage({ type: 'job', id, job } satisfies ToWorker);
    },
    feedCommits(on) {
      worker.postMessage({ type: 'feed', on } satisfies ToWorker);
    },
    close: () =>
      new Promise<void>((resolve) => {
        onClosed = () => void worker.terminate().then(() => resolve());
        worker.postMessage({ type: 'close' } satisfies ToWorker);
      }),
  };
}

/** Whether a committed job of this kind shows writes go through again: a delete may commit
 *  on a full disk (it frees pages), an export still would not fit. */
function addsData(kind: WriteJob['kind']): boolean {
  return kind !== 'deleteTraces' && kind !== 'deleteSessions' && kind !== 'deleteScores';
}

/** A batch of a fifth of the maximum runs without waiting: large enough to amortize. */
function groupCommit(options: WriterOptions): GroupCommit {
  return { lingerMs: options.groupCommitMs ?? 0, minBatchRows: Math.ceil(options.maxBatchRows / 5) };
}

function spawnWriterWorker(data: WriterWorkerData): Worker {
  return spawnStoreWorker('writer-worker', data);
}

/** The checkpoint thread (see checkpoint-worker.ts); resolves once it runs. Every second:
 *  an index page rewritten by several commits in between is copied once (measured at 400k
 *  spans: 7.7 KiB copied per span instead of 15.8 at 200 ms, checkpoint CPU 14 µs vs 17). */
async function startCheckpointThread(dbPath: string): Promise<() => Promise<void>> {
  const worker = spawnStoreWorker('checkpoint-worker', { dbPath, intervalMs: 1000, maxWalFrames: 50_000 } satisfies CheckpointWorkerData);
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return () => new Promise<void>((resolve) => {
    worker.once('message', () => void worker.terminate().then(() => resolve()));
    worker.postMessage({ type: 'close' });
  });
}

// From src/ (vitest, tsx) a worker is a .ts file: a tiny bootstrap registers tsx's
// loader inside the worker first (`--import tsx` in a worker's execArgv is not honoured
// on Node 20). The compiled dist/ workers are plain JS.
function spawnStoreWorker(name: string, data: unknown): Worker {
  // Young generations sized to what lives there. The checkpoint thread allocates almost
  // nothing: 2 MB. The writer holds a whole batch (~4 MB of rows) for the ~50 ms it runs: at
  // 8 MB a collection came every ~15 ms and promoted each batch to the old generation; at 24
  // (300k protobuf spans, --trace-gc, 2 pairs) its young-generation GC went 7.2-7.4 -> 4.1-4.7
  // µs/span and its mark-compacts 37 -> 19, for 0-7 MB more peak RSS. (48: 2.7 µs/span, +20 MB.)
  const resourceLimits = { maxYoungGenerationSizeMb: name === 'checkpoint-worker' ? 2 : 24 };
  if (!import.meta.url.endsWith('.ts')) return new Worker(fileURLToPath(new URL(`./${name}.js`, import.meta.url)), { workerData: data, resourceLimits });
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data, resourceLimits });
}
