// Crash safety: kill -9 the real CLI process in the middle of a load; after restart,
// every span whose export was acknowledged before the kill is in the database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { startTestServer } from '../helpers/test-server.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-crash-'));
const dbPath = path.join(dir, 'crash.db');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts `tracelite serve` (from source, through tsx) and resolves its OTLP/HTTP endpoint. */
function startCli(): Promise<{ child: ChildProcess; httpUrl: string }> {
  const child = spawn(process.execPath, [...CLI_ENTRY, 'serve', '--db', dbPath, '--grpc-port', '0', '--http-port', '0', '--api-port', '0', '--log-level', 'error'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /OTLP\/HTTP\s+(http:\/\/[^/\s]+)/.exec(out);
      if (match) resolve({ child, httpUrl: match[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`tracelite exited early (${code}): ${out}`)));
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged span through kill -9', async () => {
    const { child, httpUrl } = await startCli();
    const acked: string[] = [];
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const request = buildJsonTraceRequest(20);
        try {
          const r = await fetch(`${httpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
          if (r.status === 200 && !killed) acked.push(...request.spanIds);
        } catch {
          // the connection dies with the process: that export was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    // Take the acknowledged set at the instant of the kill: a response that arrives later
    // would not have been seen by a client either.
    const ackedAtKill = acked.slice();
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    expect(ackedAtKill.length).toBeGreaterThan(100);

    // Restart on the same file (WAL recovery happens on open), then look.
    const server = await startTestServer({ dbPath });
    const db = new Database(dbPath, { readonly: true });
    const stmt = db.prepare('SELECT 1 FROM spans WHERE span_id = ?');
    const missing = ackedAtKill.filter((id) => stmt.get(id) === undefined);
    db.close();
    await server.stop();
    expect(missing).toEqual([]);
  }, 60_000);
});
