// Benchmark harness: runs `tracelite serve` as a child process on a given SQLite file with
// every listener on a free loopback port, and reads the bound endpoints from its banner.
// Runs the TypeScript sources through tsx (what is being measured is the working tree),
// or dist/ when asked.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface ServerProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:40123 (OTLP/HTTP, POST /v1/traces) */
  otlpHttpUrl: string;
  /** e.g. http://127.0.0.1:40125 (REST APIs) */
  apiUrl: string;
  stop(): Promise<void>;
}

export async function startServer(dbPath: string, configDir: string, useDist = false): Promise<ServerProcess> {
  const entry = useDist ? ['dist/cli/main.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
  const configPath = path.join(configDir, 'tracelite-bench.yaml');
  fs.writeFileSync(configPath, `receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: 127.0.0.1:0\n      http:\n        endpoint: 127.0.0.1:0\napi:\n  endpoint: 127.0.0.1:0\nstorage:\n  path: ${JSON.stringify(dbPath)}\nlog:\n  level: warn\n`);
  const child = spawn(process.execPath, [...entry, 'serve', '--config', configPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let banner = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const otlp = /OTLP\/HTTP\s+(http:\/\/[^/\s]+)/.exec(banner);
      const api = /API\s+(http:\/\/[^/\s]+)/.exec(banner);
      if (otlp && api) resolve({ child, otlpHttpUrl: otlp[1]!, apiUrl: api[1]!, stop });
    });
    child.once('exit', (code) => reject(new Error(`tracelite exited (${code}) before listening: ${banner}`)));
  });
}

/** Resident memory of a process in MB (Linux /proc), current and peak. */
export function readRssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
