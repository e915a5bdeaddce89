// The writer's transactions wait for the write lock instead of failing. The checkpoint
// thread's RESTART holds it while readers finish; a deferred transaction that read before
// its first write used to get SQLITE_BUSY at once ("database is locked"), failing the export.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AttributeIndexer } from '../../src/store/write/attribute-indexer.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

// Another connection takes the write lock (as RESTART does) and holds it for holdMs.
const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.exec('BEGIN IMMEDIATE');
parentPort.postMessage('locked');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
db.exec('COMMIT');
db.close();
`;

async function holdWriteLock(file: string, holdMs: number): Promise<Worker> {
  const worker = new Worker(HOLDER, { eval: true, workerData: { module: BETTER_SQLITE3, file, holdMs } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return worker;
}

let store: TestStore;
afterEach(() => store?.close());

describe('writer transactions and a held write lock', () => {
  it('a delete (reads before it writes) waits for the lock and then commits', async () => {
    store = openTestStore();
    const traceId = newTraceId();
    store.write([{ traceId, attributes: chatAttributes('gpt-4o') }]);
    const holder = await holdWriteLock(store.db.name, 300);
    const started = Date.now();
    const result = store.executor.executeBatch([{ kind: 'deleteTraces', projectId: 'p', ids: [traceId] }]);
    expect(result.results[0]).toEqual({ ok: true, value: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200); // it waited rather than failed
    expect(store.db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(0);
    await once(holder, 'exit');
  });

  it('the attribute indexer waits for the lock too', async () => {
    store = openTestStore();
    store.write([{ traceId: newTraceId(), attributes: chatAttributes('gpt-4o') }]);
    const holder = await holdWriteLock(store.db.name, 300);
    expect(new AttributeIndexer(store.db).indexNext(10)).toBe(1);
    await once(holder, 'exit');
  });

  it('a batch still locked after the busy timeout reports busy and writes nothing', async () => {
    store = openTestStore();
    const traceId = newTraceId();
    store.write([{ traceId, attributes: chatAttributes('gpt-4o') }]);
    store.db.pragma('busy_timeout = 50');
    const holder = await holdWriteLock(store.db.name, 500);
    const result = store.executor.executeBatch([{ kind: 'deleteTraces', projectId: 'p', ids: [traceId] }]);
    expect(result).toMatchObject({ busy: true, results: [] });
    await once(holder, 'exit');
    expect(store.db.prepare('SELECT count(*) FROM spans').pluck().get()).toBe(1);
  });
});
