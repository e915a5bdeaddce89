// A file-size limit (RLIMIT_FSIZE, as `ulimit -f` or systemd's LimitFSIZE set it), made for
// real on a `tracelite serve` child with prlimit: past it the kernel would kill the process
// with SIGXFSZ; tracelite handles the signal, so the write fails (EFBIG), the export is
// refused retryably, and once the limit is raised (prlimit --pid, at run time) writes
// resume without a restart and every acknowledged span is stored.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest, type BuiltRequest } from '../helpers/otlp-requests.js';
import { countStoredSpans } from './disk-mount.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LIMIT_BYTES = 4_000_000;

function whyNoPrlimit(): string | null {
  if (process.platform !== 'linux') return 'RLIMIT_FSIZE via prlimit needs Linux';
  try {
    execFileSync('prlimit', ['--version'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'prlimit (util-linux) is not installed';
  }
}
const skipReason = whyNoPrlimit();
if (skipReason) console.warn(`skipping the file-size limit test: ${skipReason}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-fsize-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skipReason !== null)('a file-size limit on the serving process', () => {
  it('refuses retryably at the limit, survives, and writes again once the limit is raised', async () => {
    const db = path.join(dir, 'tracelite.db');
    // A soft limit only: raising it at run time needs no privilege (a hard one would).
    const args = [`--fsize=${LIMIT_BYTES}:unlimited`, process.execPath, ...CLI_ENTRY, 'serve', '--db', db, '--grpc-port', '0', '--http-port', '0', '--api-port', '0'];
    const child = spawn('prlimit', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TRACELITE_CONFIG: '' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const otlpHttp = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /OTLP\/HTTP\s+(http:\/\/[^/\s]+)/.exec(stdout);
        if (match && /API\s+http/.test(stdout)) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    const post = (request: BuiltRequest) => fetch(`${otlpHttp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
    try {
      const acked: BuiltRequest[] = [];
      let refused: { request: BuiltRequest; response: Response } | undefined;
      for (let i = 0; i < 400 && !refused; i++) {
        const request = buildJsonTraceRequest(20, { 'gen_ai.prompt': 'x'.repeat(4000) });
        const response = await post(request);
        if (response.status === 200) acked.push(request);
        else refused = { request, response };
      }
      expect(acked.length).toBeGreaterThan(3);
      expect(refused?.response.status).toBe(503);
      expect(refused!.response.headers.get('retry-after')).toBe('1');
      const message = ((await refused!.response.json()) as { message: string }).message;
      expect(message).toContain(`I/O error writing the database in ${dir}`);
      expect(message).toContain(`may not write files past ${LIMIT_BYTES} bytes (ulimit -f)`);
      expect(child.exitCode).toBeNull(); // not killed by SIGXFSZ
      expect(stderr.match(/"msg":"write_fault"/g)).toHaveLength(1);

      execFileSync('prlimit', ['--pid', String(child.pid), '--fsize=unlimited:unlimited']);
      expect((await post(refused!.request)).status).toBe(200);
      acked.push(refused!.request);
      expect(stderr).toMatch(/"msg":"write_fault","state":"ended","kind":"io_error"/);
      const ackedIds = acked.flatMap((request) => request.spanIds);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(countStoredSpans(db, ackedIds)).toBe(ackedIds.length);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
