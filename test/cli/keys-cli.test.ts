// `tracelite projects …` and `tracelite keys …` as an operator runs them: the real CLI in a
// child process, --json shapes exactly, exit codes (1 failed, 2 usage), no stack traces, and
// the same commands beside a running server on the same database file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findKeyBySecret, verifyKeyPair } from '../../src/store/read/auth-keys.js';
import { openReadOnly } from '../../src/store/schema/open-db.js';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { startTestServer } from '../helpers/test-server.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-keys-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, TRACELITE_CONFIG: '' };
  delete env.TRACELITE_DB; // --db or --config decide in these tests
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

function parseJson(run: Run): any {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

function expectCleanError(run: Run, code: number, message: string): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

// Each run starts a Node process with tsx (~2 s each on a 2-core machine); a test runs several.
describe('tracelite projects and keys', { timeout: 120_000 }, () => {
  it('create a project and a key (--json), list them, and revoke the key', async () => {
    const db = path.join(dir, 'json.db');
    expect(parseJson(await runCli(['projects', 'create', 'demo', '--db', db, '--json']))).toEqual({ id: 'demo', name: 'demo', created_at: expect.any(String) });
    const created = await runCli(['keys', 'create', '--project', 'demo', '--role', 'developer', '--owner', 'alice', '--db', db, '--json']);
    const key = parseJson(created);
    expect(Object.keys(key)).toEqual(['project', 'role', 'public_key', 'secret_key']);
    expect(created.stdout).toBe(`${JSON.stringify(key)}\n`);
    expect(key).toEqual({ project: 'demo', role: 'developer', public_key: expect.stringMatching(/^pk-tl-/), secret_key: expect.stringMatching(/^sk-tl-/) });

    const listed = await runCli(['keys', 'list', '--project', 'demo', '--db', db, '--json']);
    expect(parseJson(listed)).toEqual([{ public_key: key.public_key, project: 'demo', role: 'developer', owner: 'alice', created_at: expect.any(String), revoked_at: null }]);
    expect(listed.stdout).not.toContain(key.secret_key);
    expect(parseJson(await runCli(['projects', 'list', '--db', db, '--json'])).map((p: { id: string }) => p.id)).toEqual(['demo']);

    expect(parseJson(await runCli(['keys', 'revoke', key.public_key, '--db', db, '--json']))).toEqual({ public_key: key.public_key, revoked: true });
    expect(parseJson(await runCli(['keys', 'list', '--db', db, '--json']))[0].revoked_at).toEqual(expect.any(String));
    expectCleanError(await runCli(['keys', 'revoke', key.public_key, '--db', db]), 1, 'already revoked');
    const readDb = openReadOnly(db);
    expect(verifyKeyPair(readDb, key.public_key, key.secret_key)).toBeNull();
    readDb.close();
  });

  it('print small tables, and the new secret once with a warning that it is not shown again', async () => {
    const config = path.join(dir, 'human.yaml');
    fs.writeFileSync(config, `storage:\n  path: ${JSON.stringify(path.join(dir, 'human.db'))}\n`);
    expect((await runCli(['projects', 'create', 'web-app', '--config', config])).stdout).toContain("Created project 'web-app'");
    const created = await runCli(['keys', 'create', '--project', 'web-app', '--role', 'viewer', '--config', config]);
    expect(created.code).toBe(0);
    const secret = /sk-tl-[A-Za-z0-9]+/.exec(created.stdout)![0];
    expect(created.stdout.split(secret)).toHaveLength(2);
    expect(created.stdout).toMatch(/will not be shown again/);
    const [projects, keys] = await Promise.all([runCli(['projects', 'list', '--config', config]), runCli(['keys', 'list', '--config', config])]);
    expect(projects.stdout).toMatch(/^NAME\s+CREATED\nweb-app\s+\d{4}-/);
    expect(keys.stdout).toMatch(/^PUBLIC KEY\s+PROJECT\s+ROLE\s+OWNER\s+CREATED\s+STATUS\npk-tl-\w+\s+web-app\s+viewer\s+-\s+\S+ \S+\s+active\n$/);
    expect(keys.stdout).not.toContain(secret);
  });

  it('exit 2 with a usage message for bad arguments', async () => {
    const db = path.join(dir, 'usage.db');
    const runs = await Promise.all([
      runCli(['keys', 'create', '--project', 'demo', '--db', db]),
      runCli(['keys', 'create', '--project', 'demo', '--role', 'root', '--db', db]),
      runCli(['keys', 'frob', '--db', db]),
      runCli(['projects', 'create', '--db', db]),
      runCli(['keys', 'list', '--bogus', '--db', db]),
      runCli(['projects']),
    ]);
    const messages = ['--role is required', '--role root is not a role', 'unknown command "keys frob"', 'missing argument', "Unknown option '--bogus'", 'needs a subcommand'];
    runs.forEach((run, i) => expectCleanError(run, 2, messages[i]!));
    expect(fs.existsSync(db)).toBe(false);
  });

  it('exit 1 with a one-line reason when the operation fails', async () => {
    const db = path.join(dir, 'failures.db');
    expectCleanError(await runCli(['keys', 'list', '--db', db]), 1, `no database at ${db}`);
    expect(fs.existsSync(db)).toBe(false);
    expect((await runCli(['projects', 'create', 'demo', '--db', db])).code).toBe(0);
    const runs = await Promise.all([
      runCli(['projects', 'create', 'demo', '--db', db]),
      runCli(['projects', 'create', 'no/slash', '--db', db]),
      runCli(['keys', 'create', '--project', 'nope', '--role', 'viewer', '--db', db]),
      runCli(['keys', 'list', '--project', 'nope', '--db', db]),
    ]);
    const messages = ["project 'demo' exists", 'invalid project name', "project 'nope' not found", "project 'nope' not found"];
    runs.forEach((run, i) => expectCleanError(run, 1, messages[i]!));
  });

  it('work while a server runs on the same database file and is being written to', async () => {
    const server = await startTestServer();
    try {
      let exporting = true;
      const statuses: number[] = [];
      const exports = (async () => {
        while (exporting) {
          const request = buildJsonTraceRequest(20);
          const response = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
          statuses.push(response.status);
        }
      })();
      const db = ['--db', server.dbPath];
      expect((await runCli(['projects', 'create', 'live', ...db])).code).toBe(0);
      const key = parseJson(await runCli(['keys', 'create', '--project', 'live', '--role', 'admin', ...db, '--json']));
      expect(parseJson(await runCli(['keys', 'list', ...db, '--json']))).toHaveLength(1);
      const readDb = openReadOnly(server.dbPath);
      expect(findKeyBySecret(readDb, key.secret_key)?.projectId).toBe('live');
      expect(parseJson(await runCli(['keys', 'revoke', key.public_key, ...db, '--json'])).revoked).toBe(true);
      expect(findKeyBySecret(readDb, key.secret_key)).toBeNull();
      readDb.close();
      exporting = false;
      await exports;
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect((await fetch(`${server.apiUrl}/api/v1/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
