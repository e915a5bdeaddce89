// A read-only, vanished or unwritable database directory, made for real: at start
// `tracelite serve` refuses with one line naming the path and what to do (exit 1); at run
// time a deleted directory turns exports into the retryable refusal (SQLite in WAL mode
// would otherwise keep writing into the deleted file, losing every acknowledged span).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { countStoredSpans, mountTmpfs, startServerOn, whyNoTmpfs, writeFaultLines, type Tmpfs } from './disk-mount.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const isRoot = process.getuid?.() === 0;
const skipMount = whyNoTmpfs();
if (skipMount) console.warn(`skipping read-only mount tests: ${skipMount}`);
if (!isRoot) console.warn('skipping the permission-denied test: it runs tracelite as user nobody, which needs root');

const ephemeral = ['--grpc-port', '0', '--http-port', '0', '--api-port', '0'];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-readonly-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Run { code: number | null; stdout: string; stderr: string }

/** `tracelite serve` as a child process; resolves when it exits, or stops it once it listens. */
function runServe(db: string, options: { uid?: number; gid?: number } = {}): Promise<Run> {
  const child = spawn(process.execPath, [...CLI_ENTRY, 'serve', '--db', db, ...ephemeral], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRACELITE_CONFIG: '' }, ...options });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (/API\s+http/.test(stdout)) child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(skipMount !== null)('a read-only database directory at start (a real tmpfs remounted ro)', () => {
  let disk: Tmpfs;
  beforeAll(() => (disk = mountTmpfs('size=16m')));
  afterAll(() => disk?.unmount());

  it('refuses to start with the path and what to do, and starts again with the data once writable', async () => {
    const db = path.join(disk.dir, 'tracelite.db');
    const server = await startServerOn(db);
    const request = buildJsonTraceRequest(5);
    const posted = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
    expect(posted.status).toBe(200);
    await server.running.stop();
    disk.remount('ro');

    const refused = await runServe(db);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`tracelite: cannot start: cannot open the database ${db}: ${disk.dir} is on a read-only filesystem; mount it read-write or choose another path (--db)`);
    expect(refused.stdout).not.toContain('listening');

    disk.remount('rw');
    const started = await runServe(db);
    expect(started.stdout).toContain('listening');
    expect(countStoredSpans(db, request.spanIds)).toBe(5);
  });
});

describe('a database directory that cannot be created or written at start', () => {
  it('refuses a path whose parent is a file, naming the directory', async () => {
    const file = path.join(scratch, 'not-a-dir');
    fs.writeFileSync(file, 'x');
    const run = await runServe(path.join(file, 'db', 'tracelite.db'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${path.join(file, 'db')} does not exist and cannot be created; create it or choose another path (--db)`);
  });

  it.skipIf(!isRoot)('refuses a directory the user may not write (run as nobody), naming it', async () => {
    const dir = path.join(scratch, 'root-owned');
    fs.mkdirSync(dir, { mode: 0o755 });
    const run = await runServe(path.join(dir, 'tracelite.db'), { uid: 65534, gid: 65534 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`permission denied in ${dir}; run tracelite as a user who may write that directory`);
    expect(fs.existsSync(path.join(dir, 'tracelite.db'))).toBe(false);
  });

  it.skipIf(!isRoot)('refuses a database file the user may not write (run as nobody)', async () => {
    const dir = path.join(scratch, 'open-dir');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    const server = await startServerOn(path.join(dir, 'tracelite.db'));
    await server.running.stop(); // a database made by root, mode 0644
    const run = await runServe(path.join(dir, 'tracelite.db'), { uid: 65534, gid: 65534 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`permission denied in ${dir}`);
  });
});

describe('a database directory deleted while serving', () => {
  it('refuses exports as retryable (not written into the deleted file), keeps serving reads', async () => {
    const dir = path.join(scratch, 'vanishing');
    const server = await startServerOn(path.join(dir, 'tracelite.db'), 2);
    try {
      const post = (body: string) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect((await post(buildJsonTraceRequest(5).body)).status).toBe(200);
      fs.rmSync(dir, { recursive: true });

      const refused = await post(buildJsonTraceRequest(5).body);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(((await refused.json()) as { message: string }).message).toContain(`the database at ${dir} has vanished`);
      expect((await post(buildJsonTraceRequest(5).body)).status).toBe(503);
      expect(server.running.writeFaults.current()).toMatchObject({ kind: 'missing_directory', refusedExports: 2, refusedItems: 10 });
      expect(writeFaultLines(server.logLines)).toHaveLength(1);

      const list = await fetch(`${server.apiUrl}/api/v1/project/default/otel/traces?include_nongenai=true`);
      expect(list.status).toBe(200);
      expect(((await list.json()) as { meta: { total_items: number } }).meta.total_items).toBe(1);
    } finally {
      await server.running.stop();
    }
  });
});
