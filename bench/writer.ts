// Writer-thread micro-benchmark: SQLite insert throughput for realistic GenAI span rows
// (already normalized), in transactions of --batch spans, with the full schema and
// roll-ups. Isolates the single-writer ceiling from network, decode and normalize.
// Rows are generated per batch (outside the timed part) so it runs to millions of spans;
// it prints the rate of every --report spans, since the rate falls as indexes grow.
//   npx tsx bench/writer.ts [--spans 20000] [--batch 2000] [--report 100000] [--drop-index a,b] [--exec 'CREATE INDEX …']
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

const { values } = parseArgs({ options: { spans: { type: 'string', default: '20000' }, batch: { type: 'string', default: '2000' }, report: { type: 'string', default: '100000' }, 'drop-index': { type: 'string', default: '' }, exec: { type: 'string', default: '' } } });
const total = Number(values.spans);
const batchSize = Number(values.batch);
const reportEvery = Number(values.report);
const template = buildTemplate(3, 100, 'protobuf');

function makeRows(count: number): SpanRow[] {
  const rows: SpanRow[] = [];
  while (rows.length < count) rows.push(...requestRows(decodeTraceRequestProtobuf(instantiate(template, 'protobuf'))));
  return rows.slice(0, count);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-writer-'));
const db = openDatabase(path.join(dir, 'w.db'));
if (process.env.CKPT) db.pragma('wal_autocheckpoint = ' + process.env.CKPT);
for (const name of values['drop-index'].split(',').filter(Boolean)) db.exec(`DROP INDEX ${name}`);
if (values.exec) db.exec(values.exec);
const executor = new WriteExecutor(db);
let written = 0;
let seconds = 0;
let segment = 0;
while (written < total) {
  const batch = toSpanBatch(makeRows(Math.min(batchSize, total - written)));
  const t0 = performance.now();
  executor.executeBatch([{ kind: 'spans', batch }]);
  const elapsed = (performance.now() - t0) / 1000;
  seconds += elapsed;
  segment += elapsed;
  written += batch.tuples.length;
  if (written % reportEvery === 0) {
    console.log(`  to ${written}: ${(reportEvery / segment).toFixed(0)} spans/s`);
    segment = 0;
  }
}
const bytes = fs.statSync(path.join(dir, 'w.db')).size + fs.statSync(path.join(dir, 'w.db-wal')).size;
console.log(`${written} spans in ${seconds.toFixed(2)}s: ${(written / seconds).toFixed(0)} spans/s on the writer thread (batches of ${batchSize}); ${(bytes / written).toFixed(0)} bytes/span on disk; wrote ${((Number(/wchar:\s+(\d+)/.exec(fs.readFileSync("/proc/self/io", "utf8"))?.[1] ?? 0)) / 1024 / written).toFixed(1)} KiB/span (WAL and checkpoints)`);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
