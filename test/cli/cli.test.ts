// The `tracelite serve` command as a user runs it: bound endpoints printed, clear
// non-zero exits for a bad config or a taken port, clean stop on SIGTERM with
// everything acknowledged still stored.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], untilStdout?: RegExp, onMatch?: (child: ReturnType<typeof spawn>, stdout: string) => void): Promise<Run> {
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRACELITE_CONFIG: '' } });
  let stdout = '';
  let stderr = '';
  let matched = false;
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (untilStdout && !matched && untilStdout.test(stdout)) {
      matched = true;
      onMatch?.(child, stdout);
    }
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const ephemeral = ['--grpc-port', '0', '--http-port', '0', '--api-port', '0'];

describe('tracelite serve', () => {
  it('prints the bound endpoints, stops cleanly on SIGTERM and keeps acknowledged data', async () => {
    const db = path.join(dir, 'sigterm.db');
    const request = buildJsonTraceRequest(25);
    let status = 0;
    const run = await runCli(['serve', '--db', db, ...ephemeral], /API\s+http/, (child, stdout) => {
      const http = /OTLP\/HTTP\s+(http:\/\/[^/\s]+)/.exec(stdout)![1]!;
      void fetch(`${http}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body })
        .then((r) => (status = r.status))
        .finally(() => child.kill('SIGTERM'));
    });
    expect(run.stdout).toMatch(/OTLP\/gRPC\s+127\.0\.0\.1:\d+/);
    expect(run.stdout).toMatch(/API\s+http:\/\/127\.0\.0\.1:\d+\/api\/v1\/health/);
    expect(status).toBe(200);
    expect(run.code).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    expect((sqlite.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n).toBe(25);
    sqlite.close();
  });

  it('exits non-zero with the offending key path for an invalid config', async () => {
    const config = path.join(dir, 'bad.yaml');
    fs.writeFileSync(config, 'receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpont: 127.0.0.1:4317\n');
    const run = await runCli(['serve', '--config', config, '--db', path.join(dir, 'bad.db')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('receivers.otlp.protocols.grpc');
    expect(run.stderr).toContain('endpont');
  });

  it('exits non-zero naming the address when a port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const run = await runCli(['serve', '--db', path.join(dir, 'taken.db'), '--grpc-port', '0', '--http-port', String(port), '--api-port', '0']);
    blocker.close();
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`127.0.0.1:${port} is already in use`);
  });

  it('rejects a bad port flag and an unknown command with a usage hint', async () => {
    expect((await runCli(['serve', '--api-port', 'abc'])).stderr).toContain('--api-port abc is not a port number');
    const unknown = await runCli(['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });
});
