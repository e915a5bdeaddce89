// Writer-thread micro-benchmark: SQLite insert throughput for realistic GenAI span rows
// (already normalized), in transactions of --batch spans, with the full schema and
// roll-ups. Isolates the single-writer ceiling from network, decode and normalize.
//   npx tsx bench/writer.ts [--spans 20000] [--batch 2000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTemplate, instantiate } from './genai-load.js';
import { decodeTraceRequestProtobuf } from '../src/otlp/decode-protobuf.js';
import { buildSpanRow } from '../src/ingest-rows.js';
import { openDatabase } from '../src/store/open-db.js';
import { toSpanBatch } from '../src/store/span-writer.js';
import { WriteExecutor } from '../src/store/write-executor.js';

const { values } = parseArgs({ options: { spans: { type: 'string', default: '20000' }, batch: { type: 'string', default: '2000' } } });
const total = Number(values.spans);
const batchSize = Number(values.batch);
const template = buildTemplate(3, 100, 'protobuf');
const rows = Array.from({ length: Math.ceil(total / 100) }, () => {
  const request = decodeTraceRequestProtobuf(instantiate(template, 'protobuf'));
  return request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => buildSpanRow('bench', rs, ss, s, {}, Date.now()))));
}).flat();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-writer-'));
const db = openDatabase(path.join(dir, 'w.db'));
if (process.env.CKPT) db.pragma('wal_autocheckpoint = ' + process.env.CKPT);
const executor = new WriteExecutor(db);
const t0 = performance.now();
for (let i = 0; i < rows.length; i += batchSize) executor.executeBatch([{ kind: 'spans', batch: toSpanBatch(rows.slice(i, i + batchSize)) }]);
const seconds = (performance.now() - t0) / 1000;
const bytes = fs.statSync(path.join(dir, 'w.db')).size + fs.statSync(path.join(dir, 'w.db-wal')).size;
console.log(`${rows.length} spans in ${seconds.toFixed(2)}s: ${(rows.length / seconds).toFixed(0)} spans/s on the writer thread (batches of ${batchSize}); ${(bytes / rows.length).toFixed(0)} bytes/span on disk`);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
