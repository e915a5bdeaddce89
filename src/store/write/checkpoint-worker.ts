// STORE: the checkpoint thread. With WAL, every committed page is later copied into the
// database file (a checkpoint), with an fsync. Done by the writer (SQLite's default
// auto-checkpoint) that costs it ~20% of its time; here a third thread copies pages in
// the background (PASSIVE: never blocks the writer or readers) while the writer only
// appends. If the WAL still grows past a bound (readers pinning old pages), a RESTART
// checkpoint briefly waits for them so the file cannot grow without limit.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
  dbPath: string;
  intervalMs: number;
  /** WAL frames past which a RESTART checkpoint is forced. */
  maxWalFrames: number;
}

function startCheckpointThread(): void {
  const { dbPath, intervalMs, maxWalFrames } = workerData as CheckpointWorkerData;
  const db = new Database(dbPath, { fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  const checkpoint = (mode: 'PASSIVE' | 'RESTART') => db.pragma(`wal_checkpoint(${mode})`, { simple: false }) as { busy: number; log: number; checkpointed: number }[];
  const timer = setInterval(() => {
    try {
      const [result] = checkpoint('PASSIVE');
      if (result && result.log > maxWalFrames) checkpoint('RESTART');
    } catch {
      // SQLITE_BUSY and the like: the next tick tries again
    }
  }, intervalMs);
  parentPort!.on('message', (message: { type: 'close' }) => {
    if (message.type !== 'close') return;
    clearInterval(timer);
    db.close();
    parentPort!.postMessage({ type: 'closed' });
  });
  parentPort!.postMessage({ type: 'ready' });
}

startCheckpointThread();
