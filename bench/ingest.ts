// Ingest benchmark: starts `tracelite serve` as its own process on a fresh SQLite file,
// drives it with realistic GenAI export requests over OTLP/HTTP protobuf, OTLP/HTTP JSON
// and gRPC from several concurrent clients, and prints spans/s acknowledged, spans/s
// durable (committed and counted by a reader), request latency p50/p99, and the server's
// idle and peak RSS.
//   npm run bench:ingest -- [--spans 1000000] [--protocols http-protobuf,http-json,grpc] [--concurrency 8]
//   [--group-commit-ms N] (the server's storage.group_commit_ms) [--window-kib N] (gRPC window)
//   [--grpc-client http2|grpc-js] (gRPC load from raw node:http2, the default, or from grpc-js)
//   [--retention-max-spans N] (retention deleting the oldest traces past N spans while the load runs)
// Profiling: BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=DIR' (or '--trace-gc') go to the server's
// node; BENCH_SERVER_OUT=FILE keeps the server's stdout (where --trace-gc writes).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { buildTemplate, instantiate, type Encoding, type Template } from './genai-load.js';
import { createH2GrpcSender } from './grpc-h2-sender.js';

type Protocol = 'http-protobuf' | 'http-json' | 'grpc';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '1000000' }, protocols: { type: 'string', default: 'http-protobuf,http-json,grpc' }, concurrency: { type: 'string', default: '8' }, 'spans-per-request': { type: 'string', default: '100' }, 'window-kib': { type: 'string' }, 'group-commit-ms': { type: 'string' }, 'grpc-client': { type: 'string', default: 'http2' }, 'retention-max-spans': { type: 'string' } } });
const TOTAL_SPANS = Number(values.spans);
const CONCURRENCY = Number(values.concurrency);
const SPANS_PER_REQUEST = Number(values['spans-per-request']);
const ROOT = path.resolve(import.meta.dirname, '..');

interface Server {
  child: ChildProcess;
  httpUrl: string;
  grpcAddress: string;
  dbPath: string;
}

async function startServer(dir: string): Promise<Server> {
  const dbPath = path.join(dir, 'bench.db');
  const built = fs.existsSync(path.join(ROOT, 'dist/cli/main.js'));
  const entry = [...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), ...(built ? ['dist/cli/main.js'] : ['--import', 'tsx', 'src/cli/main.ts'])];
  const configPath = path.join(dir, 'config.yaml');
  const window = values['window-kib'] ? `\n        initial_window_size_kib: ${values['window-kib']}` : '';
  const groupCommit = values['group-commit-ms'] ? `  group_commit_ms: ${values['group-commit-ms']}\n` : '';
  // Retention deleting while the load runs (issue 17: ingest measured with retention active).
  const retention = values['retention-max-spans'] ? `retention:\n  max_spans: ${values['retention-max-spans']}\n  interval_seconds: 2\n` : '';
  fs.writeFileSync(configPath, `receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: 127.0.0.1:0${window}\n      http:\n        endpoint: 127.0.0.1:0\napi:\n  endpoint: 127.0.0.1:0\nstorage:\n  path: ${dbPath}\n${groupCommit}${retention}log:\n  level: warn\n`);
  const child = spawn(process.execPath, [...entry, 'serve', '--config', configPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (process.env.BENCH_SERVER_OUT) fs.appendFileSync(process.env.BENCH_SERVER_OUT, chunk);
      const http = /OTLP\/HTTP\s+(http:\/\/[^/\s]+)/.exec(out);
      const grpcMatch = /OTLP\/gRPC\s+(\S+)/.exec(out);
      if (http && grpcMatch) resolve({ child, httpUrl: http[1]!, grpcAddress: grpcMatch[1]!, dbPath });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

function readRssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

type Sender = (body: Buffer) => Promise<void>;

function createSender(protocol: Protocol, server: Server): { send: Sender; close(): void } {
  if (protocol === 'grpc' && values['grpc-client'] === 'http2') return createH2GrpcSender(server.grpcAddress);
  if (protocol === 'grpc') {
    const client = new grpc.Client(server.grpcAddress, grpc.credentials.createInsecure(), { 'grpc-node.flow_control_window': 4 * 1024 * 1024, 'grpc.max_send_message_length': 64 * 1024 * 1024 });
    const send: Sender = (body) => new Promise((resolve, reject) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', (b: Buffer) => b, (b: Buffer) => b, body, (err) => (err ? reject(err) : resolve()));
    });
    return { send, close: () => client.close() };
  }
  // node:http with keep-alive rather than fetch: the generator shares the 2 cores with the
  // server, and fetch cost it about twice the CPU per request.
  const contentType = protocol === 'http-json' ? 'application/json' : 'application/x-protobuf';
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL('/v1/traces', server.httpUrl);
  const send: Sender = (body) => new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': body.length } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
  return { send, close: () => agent.destroy() };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function processCpuSeconds(pid: number, tid?: string): number {
  const fields = fs.readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Bytes a process has written through write(2) and friends so far (WAL, database, sockets). */
function processWrittenBytes(pid: number, tid?: string): number {
  return Number(/wchar:\s+(\d+)/.exec(fs.readFileSync(tid ? `/proc/${pid}/task/${tid}/io` : `/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
}

/** CPU seconds per thread of a process (thread id -> name and seconds), from /proc. */
function threadCpuSeconds(pid: number): Map<string, { name: string; seconds: number; written: number }> {
  const threads = new Map<string, { name: string; seconds: number; written: number }>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      threads.set(tid, { name, seconds: processCpuSeconds(pid, tid), written: processWrittenBytes(pid, tid) });
    } catch {
      // the thread ended between listing and reading
    }
  }
  return threads;
}

/** Where the server's CPU went: the busiest threads, as µs per span (main = the process's own id). */
function describeThreadCpu(pid: number, before: ReturnType<typeof threadCpuSeconds>, spans: number): string {
  const after = threadCpuSeconds(pid);
  const rows = [...after].map(([tid, t]) => ({ name: tid === String(pid) ? 'main' : `${t.name}#${tid}`, seconds: t.seconds - (before.get(tid)?.seconds ?? 0), written: t.written - (before.get(tid)?.written ?? 0) }));
  const written = (bytes: number) => (bytes / Math.max(1, spans) >= 100 ? ` (wrote ${(bytes / 1024 / Math.max(1, spans)).toFixed(1)} KiB)` : '');
  return rows.filter((r) => r.seconds > 0.05).sort((a, b) => b.seconds - a.seconds).slice(0, 6)
    .map((r) => `${r.name} ${((r.seconds * 1e6) / Math.max(1, spans)).toFixed(0)}${written(r.written)}`).join(', ');
}

async function runProtocol(protocol: Protocol, server: Server): Promise<void> {
  const encoding: Encoding = protocol === 'http-json' ? 'json' : 'protobuf';
  const templates: Template[] = Array.from({ length: 16 }, (_, i) => buildTemplate(i, SPANS_PER_REQUEST, encoding));
  const { send, close } = createSender(protocol, server);
  const latencies: number[] = [];
  let sentSpans = 0;
  let ackedSpans = 0;
  let refused = 0;
  const refusals = new Set<string>();
  let next = 0;
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, readRssMb(server.child.pid!).rss)), 200);
  const started = performance.now();
  const serverCpu0 = processCpuSeconds(server.child.pid!);
  const threadCpu0 = threadCpuSeconds(server.child.pid!);
  const written0 = processWrittenBytes(server.child.pid!);
  const ownCpu0 = process.cpuUsage();
  const client = async () => {
    while (sentSpans < TOTAL_SPANS) {
      const template = templates[next++ % templates.length]!;
      sentSpans += template.spanCount;
      const body = instantiate(template, encoding);
      const t0 = performance.now();
      try {
        await send(body);
        latencies.push(performance.now() - t0);
        ackedSpans += template.spanCount;
      } catch (err) {
        refused++; // 503/UNAVAILABLE under overload: an SDK would retry; we count it
        refusals.add(err instanceof Error ? err.message : String(err));
        sentSpans -= template.spanCount;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const ackSeconds = (performance.now() - started) / 1000;
  const serverCpu = processCpuSeconds(server.child.pid!) - serverCpu0;
  const threadCpu = describeThreadCpu(server.child.pid!, threadCpu0, ackedSpans);
  const writtenKb = (processWrittenBytes(server.child.pid!) - written0) / 1024 / Math.max(1, ackedSpans);
  const ownCpu = process.cpuUsage(ownCpu0);
  clearInterval(rssTimer);
  close();
  const durable = countSpans(server.dbPath);
  const durableSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
  console.log(`${protocol.padEnd(14)} ${ackedSpans} spans in ${ackSeconds.toFixed(1)}s: ${(ackedSpans / ackSeconds).toFixed(0)} spans/s acknowledged, ` +
    `${(durable.added / durableSeconds).toFixed(0)} spans/s durable (${durable.added} counted), latency p50 ${pct(0.5)} ms p99 ${pct(0.99)} ms, ` +
    `refused ${refused} requests${refused > 0 ? ` (${[...refusals].join('; ')})` : ''}, ${durable.unindexed} spans not yet in the attribute index, server RSS peak ${Math.max(peakRss, readRssMb(server.child.pid!).peak).toFixed(0)} MB`);
  const perSpan = (seconds: number) => ((seconds * 1e6) / Math.max(1, ackedSpans)).toFixed(0);
  console.log(`${''.padEnd(14)} CPU per span acknowledged: server ${perSpan(serverCpu)} µs, load generator ${perSpan((ownCpu.user + ownCpu.system) / 1e6)} µs; server threads (µs/span): ${threadCpu}; written ${writtenKb.toFixed(1)} KiB/span`);
}

let counted = 0;
function countSpans(dbPath: string): { added: number; unindexed: number } {
  const db = new Database(dbPath, { readonly: true });
  const total = (db.prepare('SELECT count(*) AS n FROM spans').get() as { n: number }).n;
  // The attribute search index is filled after commit (deferred work): how far it lags.
  const unindexed = db.prepare("SELECT COUNT(*) FROM spans WHERE id > (SELECT indexed_to FROM search_state WHERE name = 'span_attr_terms')").pluck().get() as number;
  db.close();
  const added = total - counted;
  counted = total;
  return { added, unindexed };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-bench-'));
  const server = await startServer(dir);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`node ${process.version}, ${os.cpus().length} cores; ${TOTAL_SPANS} spans per protocol, ${SPANS_PER_REQUEST} spans/request, ${CONCURRENCY} concurrent clients; gRPC client ${values['grpc-client']}`);
    console.log(`server idle RSS ${readRssMb(server.child.pid!).rss.toFixed(0)} MB`);
    for (const protocol of values.protocols.split(',') as Protocol[]) await runProtocol(protocol, server);
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`server RSS after load ${readRssMb(server.child.pid!).rss.toFixed(0)} MB, peak ${readRssMb(server.child.pid!).peak.toFixed(0)} MB; db ${(fs.statSync(server.dbPath).size / 1e6).toFixed(0)} MB`);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
