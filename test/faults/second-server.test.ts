// A second server on the same database file, with real processes: it is refused with a message
// naming the first (pid, ports, start time); read-only commands work beside the running server;
// and a server killed with SIGKILL leaves no lock that blocks the next start.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-second-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run { code: number | null; stdout: string; stderr: string }
interface Server { child: ChildProcess; stdout: string; http: string; exited: Promise<Run> }

function spawnCli(args: string[]): { child: ChildProcess; exited: Promise<Run>; output: () => Run } {
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRACELITE_CONFIG: '' } });
  children.push(child);
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout!.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (run.stderr += c.toString()));
  const exited = new Promise<Run>((resolve) => child.once('exit', (code) => resolve({ ...run, code })));
  return { child, exited, output: () => run };
}

async function startServer(db: string): Promise<Server> {
  const { child, exited, output } = spawnCli(['serve', '--db', db, '--grpc-port', '0', '--http-port', '0', '--api-port', '0']);
  const printed = await Promise.race([
    new Promise<string>((resolve) => child.stdout!.on('data', () => /API\s+http/.test(output().stdout) && resolve(output().stdout))),
    exited.then((run) => { throw new Error(`server exited ${run.code}: ${run.stderr}`); }),
  ]);
  return { child, stdout: printed, http: /OTLP\/HTTP\s+(http:\/\/[^/\s]+)/.exec(printed)![1]!, exited };
}

describe('a second server on the same database file', () => {
  it('is refused naming the first; reads work beside it; a SIGKILLed server does not block the next', async () => {
    const db = path.join(dir, 'not-yet-made', 'shared.db'); // serve makes the directory, lock first
    const first = await startServer(db);
    const request = buildJsonTraceRequest(3);
    const posted = await fetch(`${first.http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
    expect(posted.status).toBe(200);

    const second = await spawnCli(['serve', '--db', db, '--grpc-port', '0', '--http-port', '0', '--api-port', '0']).exited;
    expect(second.code).not.toBe(0);
    expect(second.stdout).not.toContain('listening');
    expect(second.stderr).toContain('already served by another tracelite');
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toContain(`http ${first.http.replace('http://', '')}`);
    expect(second.stderr).toMatch(/started \d{4}-\d\d-\d\dT/);

    // Read-only commands beside the running server (WAL: they read the last commit).
    const [check, exported, listed] = await Promise.all([['check', '--db', db], ['export', '--db', db], ['traces', 'list', '--db', db]].map((args) => spawnCli(args).exited));
    expect(check!.code, check!.stderr).toBe(0);
    expect(exported!.code, exported!.stderr).toBe(0);
    expect(JSON.parse(exported!.stdout.trim().split('\n')[0]!).resourceSpans[0].scopeSpans[0].spans).toHaveLength(3);
    expect(listed!.code, listed!.stderr).toBe(0);
    expect(listed!.stdout).toContain('agent.run');

    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(`${db}.lock`)).toBe(true); // left behind: nothing ran to remove it
    const third = await startServer(db);
    expect(third.stdout).toContain('listening');
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    expect(fs.existsSync(`${db}.lock`)).toBe(false); // a clean stop removes its socket
  }, 120_000); // six CLI processes, each loading TypeScript through tsx
});
