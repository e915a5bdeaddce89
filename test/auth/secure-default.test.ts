// Secure by default (src/auth/secure-default.ts): auth 'none' only on loopback listeners, and
// the real `tracelite serve` refusing 0.0.0.0 without auth (non-zero exit, how to fix it) or
// starting under --insecure-no-auth with a warning in its log.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkListenersSecure, isLoopbackHost } from '../../src/auth/secure-default.js';
import { configSchema } from '../../src/config/schema.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-secure-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function configWith(grpc: string | null, http: string | null, api: string, auth: object = {}) {
  return configSchema.parse({
    receivers: { otlp: { protocols: { grpc: grpc === null ? null : { endpoint: grpc }, http: http === null ? null : { endpoint: http } } } },
    api: { endpoint: api },
    auth,
  });
}

describe('checkListenersSecure', () => {
  it('allows auth none when every listener is on loopback (the defaults, ::1, localhost, 127/8)', () => {
    expect(checkListenersSecure(configSchema.parse({}))).toEqual({ ok: true });
    expect(checkListenersSecure(configWith('[::1]:4317', 'localhost:4318', '127.8.9.10:5388'))).toEqual({ ok: true });
  });

  it('refuses auth none on any non-loopback listener, naming it and both ways out', () => {
    const all = checkListenersSecure(configWith('0.0.0.0:4317', '0.0.0.0:4318', '0.0.0.0:5388'));
    expect(all.ok).toBe(false);
    const message = (all as { message: string }).message;
    expect(message).toContain('API on 0.0.0.0:5388, OTLP/gRPC on 0.0.0.0:4317, OTLP/HTTP on 0.0.0.0:4318');
    expect(message).toContain('--auth keys');
    expect(message).toContain('tracelite keys create --project NAME --role ROLE');
    expect(message).toContain('--insecure-no-auth');
    const oneListener = checkListenersSecure(configWith('127.0.0.1:4317', '10.1.2.3:4318', '127.0.0.1:5388'));
    expect(oneListener).toMatchObject({ ok: false, message: expect.stringContaining('(OTLP/HTTP on 10.1.2.3:4318)') });
  });

  it('ignores a disabled receiver', () => {
    expect(checkListenersSecure(configWith(null, null, '127.0.0.1:5388')).ok).toBe(true);
    expect(checkListenersSecure(configWith(null, '[::]:4318', '127.0.0.1:5388')).ok).toBe(false);
  });

  it('with auth keys any address is fine; --insecure-no-auth starts with a warning', () => {
    expect(checkListenersSecure(configWith('0.0.0.0:4317', '0.0.0.0:4318', '0.0.0.0:5388', { mode: 'keys' }))).toEqual({ ok: true });
    const open = checkListenersSecure(configWith('0.0.0.0:4317', '127.0.0.1:4318', '127.0.0.1:5388', { insecure_no_auth: true }));
    expect(open).toEqual({ ok: true, warning: expect.stringContaining('authentication is OFF (--insecure-no-auth)') });
    expect((open as { warning: string }).warning).toContain('OTLP/gRPC on 0.0.0.0:4317');
    expect(checkListenersSecure(configWith('127.0.0.1:4317', '127.0.0.1:4318', '127.0.0.1:5388', { insecure_no_auth: true }))).toEqual({ ok: true });
  });

  it('knows loopback addresses from the rest; host names other than localhost count as exposed', () => {
    for (const host of ['127.0.0.1', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::ffff:10.0.0.1', 'myhost', 'localhost.example.com']) expect(isLoopbackHost(host)).toBe(false);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it; with untilStdout, sends SIGTERM once the output matches. */
function runCli(args: string[], untilStdout?: RegExp): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, TRACELITE_CONFIG: '' };
  for (const name of ['TRACELITE_AUTH', 'TRACELITE_HOST', 'TRACELITE_JWT_SECRET']) delete env[name];
  const child = spawn(process.execPath, [...CLI_ENTRY, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  let matched = false;
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (matched || !untilStdout?.test(stdout)) return;
    matched = true;
    // The banner is printed just before the SIGTERM handler is installed: give it a moment.
    setTimeout(() => child.kill('SIGTERM'), 300);
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const ephemeral = ['--grpc-port', '0', '--http-port', '0', '--api-port', '0'];

describe('tracelite serve on 0.0.0.0', () => {
  it('refuses to start without auth: non-zero exit, says how to turn auth on or override, opens nothing', async () => {
    const db = path.join(dir, 'refused.db');
    const run = await runCli(['serve', '--host', '0.0.0.0', '--db', db, ...ephemeral]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('tracelite: cannot start: refusing to listen without authentication');
    expect(run.stderr).toContain('--auth keys');
    expect(run.stderr).toContain('--insecure-no-auth');
    expect(run.stdout).not.toContain('listening');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('starts with --insecure-no-auth and logs a warning', async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--insecure-no-auth', '--db', path.join(dir, 'open.db'), ...ephemeral], /API\s+http/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/API\s+http:\/\/0\.0\.0\.0:\d+/);
    const warning = run.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: string; msg: string }).find((entry) => entry.msg.includes('--insecure-no-auth'));
    expect(warning).toMatchObject({ level: 'warn', msg: expect.stringContaining('authentication is OFF') });
  });

  it('starts with --auth keys (no warning), and rejects an unknown --auth value', async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--auth', 'keys', '--db', path.join(dir, 'keys.db'), ...ephemeral], /API\s+http/);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('authentication is OFF');
    const bad = await runCli(['serve', '--auth', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--auth maybe: expected keys or none');
  });
});
