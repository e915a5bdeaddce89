// STORE: the writer thread. Owns the only read-write connection; the main thread
// (network, decode, normalize) sends it write jobs and gets each result after commit.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../schema/open-db.js';
import { JobQueue, type BatchStats, type GroupCommit } from './job-queue.js';
import { searchIndexesIdleWork } from './search-indexes.js';
import { deriveSpanText } from '../../span-text.js';
import { WriteExecutor, type WriteJob } from './write-executor.js';

export interface WriterWorkerData {
  dbPath: string;
  maxBatchRows: number;
  groupCommit: GroupCommit;
}

export type ToWorker = { type: 'job'; id: number; job: WriteJob } | { type: 'feed'; on: boolean } | { type: 'close' };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: import('./write-executor.js').JobResult }
  | { type: 'commit'; committed: import('./store-writer.js').CommittedSpan[] }
  /** After each transaction: two numbers for the receiver's metrics (one small message per batch, not per job). */
  | { type: 'batch'; stats: BatchStats }
  | { type: 'closed' }
  | { type: 'fatal'; message: string };

function startWriterThread(): void {
  const port = parentPort!;
  const { dbPath, maxBatchRows, groupCommit } = workerData as WriterWorkerData;
  let db;
  try {
    db = openDatabase(dbPath, { autoCheckpoint: false });
  } catch (err) {
    port.postMessage({ type: 'fatal', message: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
    return;
  }
  let feed = false;
  const queue = new JobQueue(new WriteExecutor(db), maxBatchRows, (batch, stats) => {
    if (feed && batch.committed.length > 0) port.postMessage({ type: 'commit', committed: batch.committed } satisfies FromWorker);
    port.postMessage({ type: 'batch', stats } satisfies FromWorker);
  }, searchIndexesIdleWork(db, deriveSpanText), groupCommit);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'job') {
      queue.push(message.job, (result) => port.postMessage({ type: 'result', id: message.id, result } satisfies FromWorker));
    } else if (message.type === 'feed') {
      feed = message.on;
    } else {
      void queue.whenIdle().then(() => {
        queue.stop();
        db.close();
        port.postMessage({ type: 'closed' } satisfies FromWorker);
      });
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

startWriterThread();
