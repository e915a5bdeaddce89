// Which b-trees does a commit write? Fills a fresh database through the writer with
// --warm spans (batches of --batch, the ingest benchmark's requests), then commits --commits
// more batches one at a time, reads the page number of every WAL frame each wrote, and
// maps pages to tables and indexes through dbstat. Prints KiB written per span per b-tree.
//   npx tsx bench/wal-pages.ts [--warm 100000] [--batch 1000] [--commits 10]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTemplate, instantiate, requestRows } from './genai-load.js';
import { decodeTraceRequestProtobuf } from '../src/otlp/decode-protobuf.js';
import { openDatabase } from '../src/store/schema/open-db.js';
import { toSpanBatch } from '../src/store/write/span-writer.js';
import type { SpanRow } from '../src/store/shared/rows.js';
import { WriteExecutor } from '../src/store/write/write-executor.js';

const { values } = parseArgs({ options: { warm: { type: 'string', default: '100000' }, batch: { type: 'string', default: '1000' }, commits: { type: 'string', default: '10' } } });
const BATCH = Number(values.batch);
const COMMITS = Number(values.commits);
const templates = Array.from({ length: 16 }, (_, i) => buildTemplate(i, 100, 'protobuf'));
let sent = 0;

function rows(count: number): SpanRow[] {
  const out: SpanRow[] = [];
  while (out.length < count) out.push(...requestRows(decodeTraceRequestProtobuf(instantiate(templates[sent++ % templates.length]!, 'protobuf'))));
  return out.slice(0, count);
}

/** The page number of every frame in the WAL file (32-byte header, 24-byte frame headers). */
function walPages(file: string): number[] {
  const wal = fs.readFileSync(file);
  const pageSize = wal.readUInt32BE(8);
  const pages: number[] = [];
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) pages.push(wal.readUInt32BE(at));
  return pages;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-wal-'));
const file = path.join(dir, 'w.db');
const db = openDatabase(file, { autoCheckpoint: false });
const executor = new WriteExecutor(db);
const commit = () => executor.executeBatch([{ kind: 'spans', batch: toSpanBatch(rows(BATCH)) }]);
for (let written = 0; written < Number(values.warm); written += BATCH) {
  commit();
  if (written % (20 * BATCH) === 0) db.pragma('wal_checkpoint(TRUNCATE)');
}
const pageKiB = (db.pragma('page_size', { simple: true }) as number) / 1024;
const frames = new Map<string, number>();
for (let i = 0; i < COMMITS; i++) {
  db.pragma('wal_checkpoint(TRUNCATE)');
  commit();
  const owner = new Map((db.prepare('SELECT pageno, name FROM dbstat').all() as { pageno: number; name: string }[]).map((r) => [r.pageno, r.name]));
  for (const page of walPages(`${file}-wal`)) frames.set(owner.get(page) ?? 'other', (frames.get(owner.get(page) ?? 'other') ?? 0) + 1);
}
const perSpan = (n: number) => ((n * pageKiB) / COMMITS / BATCH).toFixed(2);
const total = [...frames.values()].reduce((a, b) => a + b, 0);
console.log(`${COMMITS} commits of ${BATCH} spans after ${values.warm}: ${perSpan(total)} KiB/span written to the WAL`);
for (const [name, n] of [...frames].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(30)} ${(n / COMMITS).toFixed(1).padStart(7)} pages/commit ${perSpan(n).padStart(6)} KiB/span`);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
