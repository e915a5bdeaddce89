// Real filesystems for the write-fault tests: a small tmpfs the test mounts (root only), and
// a tracelite started on it whose log lines and write-fault state the test can read.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { configSchema } from '../../src/config/schema.js';
import { mergeConfig } from '../../src/config/merge-config.js';
import { createLogger } from '../../src/logger.js';
import { startTracelite, type RunningTracelite } from '../../src/main.js';

/** Why tmpfs tests cannot run here, or null when they can (root, and mount works). */
export function whyNoTmpfs(): string | null {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (CI runs as root)';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mount -t tmpfs failed here: ${(err as Error).message.split('\n')[0]}`;
  }
  finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

export interface Tmpfs {
  dir: string;
  remount(options: string): void;
  unmount(): void;
}

export function mountTmpfs(options: string): Tmpfs {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  return {
    dir,
    remount: (more) => execFileSync('mount', ['-o', `remount,${more}`, dir], { stdio: 'pipe' }),
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the filesystem holding `dir` with a file of `bytes` (or until it is full). */
export function writeFiller(file: string, bytes: number): number {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 7);
  let written = 0;
  try {
    while (written < bytes) written += fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

export interface FaultServer {
  running: RunningTracelite;
  otlpHttpUrl: string;
  apiUrl: string;
  /** Every log line so far, parsed. */
  logLines: Record<string, unknown>[];
}

export async function startServerOn(dbPath: string, retryAfterSeconds = 3): Promise<FaultServer> {
  const logLines: Record<string, unknown>[] = [];
  const log = createLogger('info', (line) => logLines.push(JSON.parse(line) as Record<string, unknown>));
  const config = configSchema.parse(mergeConfig({
    receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:0' }, http: { endpoint: '127.0.0.1:0' } } } },
    api: { endpoint: '127.0.0.1:0' },
    storage: { path: dbPath },
  }, { limits: { retry_after_seconds: retryAfterSeconds } }));
  const running = await startTracelite(config, log);
  return { running, otlpHttpUrl: `http://${running.endpoints.http}`, apiUrl: `http://${running.endpoints.api}`, logLines };
}

/** How many of `spanIds` the database holds (each counted once per stored row). */
export function countStoredSpans(dbPath: string, spanIds: string[]): number {
  const db = new Database(dbPath, { readonly: true });
  const stmt = db.prepare('SELECT count(*) AS n FROM spans WHERE span_id = ?');
  const n = spanIds.reduce((sum, id) => sum + (stmt.get(id) as { n: number }).n, 0);
  db.close();
  return n;
}

export function writeFaultLines(logLines: Record<string, unknown>[]): Record<string, unknown>[] {
  return logLines.filter((line) => line.msg === 'write_fault');
}
