// Query benchmark (issue 4, "Query speed at scale"): starts `tracelite serve` as its own
// process, seeds N realistic GenAI spans through OTLP/HTTP (or reuses a seeded file), then
// times the explorer and Langfuse read APIs over HTTP, one request at a time, and prints
// p50/p95/max per query against its p95 target. Figures only: nothing is asserted.
//   npm run bench:query -- [--spans 1000000] [--db FILE [--reuse]] [--samples 200] [--concurrency 4]
// Each query is measured twice: "warm" (no writes: the server's per-commit read cache may
// answer) and "after write" (a one-trace export commits before every sample, so cached
// COUNTs and GROUP BYs are recomputed, as on a server that is receiving spans).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { buildCases, readSamples, type QueryCase } from './query-cases.js';
import { buildAnalyticsCases, findDeepCursor } from './analytics-cases.js';
import { MEASURED_PROJECT, seed, sendExport, TRICKLE_PROJECT, trickleBody } from './query-seed.js';
import { readRssMb, startServer, type ServerProcess } from './serve-child.js';

const { values: args } = parseArgs({
  options: {
    spans: { type: 'string', default: '1000000' }, db: { type: 'string' }, reuse: { type: 'boolean', default: false },
    samples: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' },
    'spans-per-request': { type: 'string', default: '100' }, only: { type: 'string' }, dist: { type: 'boolean', default: false },
  },
});
const WARMUP = 20;

/** `first`: the first (warm-up) request of the mode — with cold caches in the "warm" mode. */
interface Stats { first: number; p50: number; p95: number; max: number; n: number }

function stats(first: number, ms: number[]): Stats {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
  return { first, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, n: sorted.length };
}

async function timedGet(server: ServerProcess, request: ReturnType<QueryCase['request']>): Promise<number> {
  const t0 = performance.now();
  const init = request.body === undefined ? { headers: request.headers }
    : { method: 'POST', headers: { ...request.headers, 'content-type': 'application/json' }, body: JSON.stringify(request.body) };
  const response = await fetch(server.apiUrl + request.path, init);
  const body = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${request.path}: ${body.slice(0, 300)}`);
  return ms;
}

async function measure(server: ServerProcess, query: QueryCase, writeBetween: (() => Promise<void>) | null): Promise<Stats> {
  const first = await timedGet(server, query.request());
  const warmup = Math.min(WARMUP, Math.ceil(query.samples / 10));
  for (let i = 1; i < warmup; i++) await timedGet(server, query.request());
  const ms: number[] = [];
  for (let i = 0; i < query.samples; i++) {
    if (writeBetween) await writeBetween();
    ms.push(await timedGet(server, query.request()));
  }
  return stats(first, ms);
}

const fmt = (n: number) => n.toFixed(n < 100 ? 1 : 0).padStart(7);

function printRow(name: string, mode: string, s: Stats | Error, targetMs: number): void {
  if (s instanceof Error) return console.log(`${name.padEnd(62)} ${mode.padEnd(11)} ERROR ${s.message}`);
  const verdict = s.p95 <= targetMs ? 'PASS' : 'MISS';
  console.log(`${name.padEnd(62)} ${mode.padEnd(11)} ${String(s.n).padStart(4)} ${fmt(s.first)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)}   p95 <= ${String(targetMs).padStart(3)} ms ${verdict}`);
}

async function seedDatabase(server: ServerProcess, totalSpans: number): Promise<void> {
  let nextReport = totalSpans / 10;
  const t0 = performance.now();
  const result = await seed({
    otlpHttpUrl: server.otlpHttpUrl, totalSpans, concurrency: Number(args.concurrency), spansPerRequest: Number(args['spans-per-request']),
    onProgress: (acked) => {
      if (acked < nextReport) return;
      nextReport += totalSpans / 10;
      const seconds = (performance.now() - t0) / 1000;
      console.log(`  seeded ${acked} spans in ${seconds.toFixed(0)}s (${(acked / seconds).toFixed(0)} spans/s), server RSS ${readRssMb(server.child.pid!).rss.toFixed(0)} MB`);
    },
  });
  console.log(`seeding: ${result.ackedSpans} spans / ${result.traces} traces in ${result.seconds.toFixed(1)}s = ${(result.ackedSpans / result.seconds).toFixed(0)} spans/s acknowledged ` +
    `(OTLP/HTTP protobuf, ${args['spans-per-request']} spans/request, ${args.concurrency} clients, ${result.refused} refused+retried); ` +
    `sessions per project ${JSON.stringify(result.sessionsPerProject)}`);
}

function describeDb(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const perProject = db.prepare('SELECT project_id, COUNT(*) AS traces, SUM(span_count) AS spans, COUNT(DISTINCT session_id) AS sessions FROM traces GROUP BY project_id').all() as { project_id: string; traces: number; spans: number; sessions: number }[];
    const sizeMb = (fs.statSync(dbPath).size / 1e6).toFixed(0);
    return `db ${sizeMb} MB; ` + perProject.map((p) => `${p.project_id}: ${p.spans} spans, ${p.traces} traces, ${p.sessions} sessions`).join('; ');
  } finally {
    db.close();
  }
}

/** The full-text index is built after commit (store/write/span-text-index.ts): report how far behind
 *  the seeding left it and wait until it has every span, so the search cases measure the index. */
async function waitForTextIndex(dbPath: string): Promise<void> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const lag = () => db.prepare(`SELECT (SELECT COALESCE(MAX(id), 0) FROM spans) - indexed_to FROM search_state WHERE name = 'span_text_fts'`).pluck().get() as number;
    const t0 = performance.now();
    const first = lag();
    while (lag() > 0) await new Promise((resolve) => setTimeout(resolve, 500));
    console.log(`text index: ${first} spans behind after seeding; caught up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    db.close();
  }
}

/** The SQLite file (a temp one unless --db) and whether it still has to be seeded. */
function resolveDb(tempDir: string): { dbPath: string; seedNeeded: boolean } {
  if (!args.db) return { dbPath: path.join(tempDir, 'bench.db'), seedNeeded: true };
  const dbPath = path.resolve(args.db);
  const exists = fs.existsSync(dbPath);
  if (exists && !args.reuse) throw new Error(`${dbPath} exists: pass --reuse to measure it as it is, or delete it to seed a new one`);
  if (!exists && args.reuse) throw new Error(`--reuse: ${dbPath} does not exist`);
  return { dbPath, seedNeeded: !exists };
}

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-query-bench-'));
  const { dbPath, seedNeeded } = resolveDb(tempDir);
  const server = await startServer(dbPath, tempDir, args.dist);
  try {
    console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; server ${args.dist ? 'dist/' : 'src/ via tsx'}; db ${dbPath}`);
    if (seedNeeded) await seedDatabase(server, Number(args.spans));
    console.log(describeDb(dbPath));
    const samples = readSamples(dbPath);
    const only = args.only ? new RegExp(args.only, 'i') : null;
    await waitForTextIndex(dbPath);
    const wantsAnalytics = !only || /analytics/i.test(args.only ?? '');
    const deepCursor = wantsAnalytics ? await findDeepCursor(server.apiUrl, 200) : '';
    const cases = [...buildCases(samples, Number(args.samples)), ...(wantsAnalytics ? buildAnalyticsCases(Number(args.samples), deepCursor) : [])]
      .filter((q) => !only || only.test(q.name));
    const nextTrickle = trickleBody();
    const writeOneTrace = async () => {
      const status = await sendExport(server.otlpHttpUrl, TRICKLE_PROJECT, nextTrickle());
      if (status !== 200) throw new Error(`trickle export answered HTTP ${status}`);
    };
    console.log(`\nproject '${MEASURED_PROJECT}', ${samples.genaiTraces} GenAI traces; sequential requests over HTTP, up to ${WARMUP} warm-up requests each; ms:`);
    console.log(`${'query'.padEnd(62)} ${'mode'.padEnd(11)} ${'n'.padStart(4)} ${'first'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}   target`);
    for (const query of cases) {
      for (const [mode, between] of [['warm', null], ['after write', writeOneTrace]] as const) {
        const result = await measure(server, query, between).catch((err: Error) => err);
        printRow(query.name, mode, result, query.targetMs);
      }
    }
    console.log(`\nserver RSS ${readRssMb(server.child.pid!).rss.toFixed(0)} MB (peak ${readRssMb(server.child.pid!).peak.toFixed(0)} MB)`);
  } finally {
    await server.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

await main();
