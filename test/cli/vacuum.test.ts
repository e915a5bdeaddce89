// `tracelite vacuum`: after traces are deleted (retention), the file keeps its free pages until
// vacuumed; the real CLI gives them back to the disk and the data that stays is intact.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let store: TestStore | null = null;
afterEach(() => store?.close());

describe('tracelite vacuum', () => {
  it('shrinks the file after deletes and keeps what remains', () => {
    store = openTestStore();
    const big = { 'gen_ai.input.messages': { stringValue: JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(20_000) }] }]) } };
    const traces = Array.from({ length: 60 }, () => {
      const traceId = newTraceId();
      store!.write([{ traceId, attributes: chatAttributes('gpt-4o', big) }]);
      return traceId;
    });
    store.executor.executeBatch([{ kind: 'deleteTraces', projectId: 'p', ids: traces.slice(0, 50) }]);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = store.db.name;
    const before = fs.statSync(file).size;
    const run = spawnSync(process.execPath, [...CLI_ENTRY, 'vacuum', '--db', file], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TRACELITE_CONFIG: '' } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/vacuumed .* MB -> .* MB/);
    expect(fs.statSync(file).size).toBeLessThan(before / 2);
    expect(store.db.prepare('SELECT COUNT(*) FROM spans').pluck().get()).toBe(10);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
