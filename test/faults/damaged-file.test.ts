// A damaged database file, made for real: traces written through the real store, the file
// closed, then bytes in the middle of one of the spans table's b-tree pages overwritten.
// `tracelite check` must say so (exit 1, SQLite's own findings, what to do) and
// `serve --check` must refuse the file; an intact file passes both.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chatAttributes, newTraceId, openTestStore } from '../helpers/store-spans.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-damaged-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the real CLI; a server that starts is stopped with SIGTERM once it prints its endpoints. */
function runCli(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRACELITE_CONFIG: '' } });
  let stdout = '';
  let stderr = '';
  let stopping = false;
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (!stopping && /API\s+http/.test(stdout)) stopping = child.kill('SIGTERM');
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A closed database holding 300 traces; returns its path and the spans table's leaf pages. */
function writeDatabase(): { file: string; spanLeafPages: number[]; pageSize: number } {
  const store = openTestStore();
  for (let i = 0; i < 300; i++) store.write([{ traceId: newTraceId(), attributes: chatAttributes('gpt-4o', { 'gen_ai.prompt': { stringValue: `question ${i} `.repeat(40) } }) }]);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const spanLeafPages = store.db.prepare("SELECT pageno FROM dbstat WHERE name = 'spans' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
  const pageSize = store.db.pragma('page_size', { simple: true }) as number;
  // Checkpointed and truncated: the main file alone holds every page (the store's own temp dir goes with close()).
  const file = path.join(dir, `${newTraceId()}.db`);
  fs.copyFileSync(store.db.name, file);
  store.close();
  return { file, spanLeafPages, pageSize };
}

/** Overwrites a leaf page's cell pointer array and first cells, as a torn write or bad sector would. */
function damagePage(file: string, pageNumber: number, pageSize: number): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(200, 0xa5), 0, 200, (pageNumber - 1) * pageSize + 8);
  fs.closeSync(fd);
}

function damagedDatabase(): string {
  const { file, spanLeafPages, pageSize } = writeDatabase();
  expect(spanLeafPages.length).toBeGreaterThan(4);
  damagePage(file, spanLeafPages[Math.floor(spanLeafPages.length / 2)]!, pageSize);
  return file;
}

const ephemeral = ['--grpc-port', '0', '--http-port', '0', '--api-port', '0'];

describe('a damaged database file', () => {
  it('tracelite check passes an intact file and fails a damaged one with what to do', async () => {
    const intact = writeDatabase().file;
    const ok = await runCli(['check', '--db', intact]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('ok');

    const damaged = damagedDatabase();
    const full = await runCli(['check', '--db', damaged]);
    expect(full.code).toBe(1);
    expect(full.stdout).toContain('DAMAGED');
    // SQLite's own finding names a page of the b-tree.
    expect(full.stdout).toMatch(/page \d+/i);
    expect(full.stderr).toContain('restore');
    expect(full.stderr).toContain(`tracelite export --db ${damaged}`);

    const quick = await runCli(['check', '--quick', '--db', damaged]);
    expect(quick.code).toBe(1);
    expect(quick.stdout).toContain('quick_check');
  }, 120_000);

  it('serve --check refuses a damaged file and starts on an intact one', async () => {
    const damaged = damagedDatabase();
    const refused = await runCli(['serve', '--check', '--db', damaged, ...ephemeral]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).not.toContain('listening');
    expect(refused.stderr).toContain('quick_check failed');
    expect(refused.stderr).toContain('restore it from a backup');
    expect(refused.stderr).toContain('tracelite export');

    const intact = writeDatabase().file;
    const started = await runCli(['serve', '--check', '--db', intact, ...ephemeral]);
    expect(started.stdout).toContain('listening');
    expect(started.code, started.stderr).toBe(0);
  }, 120_000);

  it('a file that is not a database at all is refused clearly, with or without --check', async () => {
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'these are my notes, not a database\n'.repeat(200));
    const plain = await runCli(['serve', '--db', text, ...ephemeral]);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain('file is not a database');
    const checked = await runCli(['check', '--db', text]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('file is not a database');
    // Refused, not overwritten.
    expect(fs.readFileSync(text, 'utf8')).toMatch(/^these are my notes/);
  }, 120_000);
});
