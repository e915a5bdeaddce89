// Micro-benchmark of the ingest stages on one realistic 100-span request:
// decode (protobuf, JSON), normalize + build rows, and SQLite write (one transaction).
//   npx tsx bench/components.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTemplate, instantiate } from './genai-load.js';
import { decodeTraceRequestProtobuf } from '../src/otlp/decode-protobuf.js';
import { decodeTraceRequestJson } from '../src/otlp/decode-json.js';
import { buildSpanRow } from '../src/ingest-rows.js';
import { openDatabase } from '../src/store/schema/open-db.js';
import { WriteExecutor } from '../src/store/write/write-executor.js';
import { toSpanBatch } from '../src/store/write/span-writer.js';
import type { SpanRow } from '../src/store/shared/rows.js';

function time(label: string, runs: number, fn: () => void): void {
  for (let i = 0; i < Math.min(20, runs); i++) fn();
  // CPU time, not wall time: stable when other processes share the machine.
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) fn();
  const cpu = process.cpuUsage(c0);
  const perRun = (cpu.user + cpu.system) / 1000 / runs;
  console.log(`${label.padEnd(36)} ${perRun.toFixed(2)} ms CPU per 100-span request (${(100_000 / perRun).toFixed(0)} spans/s on one core)`);
}

const pb = buildTemplate(1, 100, 'protobuf');
const js = buildTemplate(1, 100, 'json');
const pbBody = instantiate(pb, 'protobuf');
const jsText = instantiate(js, 'json').toString();
time('decode protobuf', 200, () => decodeTraceRequestProtobuf(pbBody));
time('decode OTLP/JSON', 200, () => decodeTraceRequestJson(jsText));
const request = decodeTraceRequestProtobuf(pbBody);
const rows = (): SpanRow[] => request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => buildSpanRow('bench', rs, ss, s, {}, Date.now()))));
time('normalize + build rows', 200, () => rows());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-components-'));
const db = openDatabase(path.join(dir, 'c.db'));
const executor = new WriteExecutor(db);
const cloneRows = rows();
time('structured clone of the span batch', 200, () => structuredClone(toSpanBatch(cloneRows)));
time('SQLite write (1 tx per request)', 100, () => {
  const body = decodeTraceRequestProtobuf(instantiate(pb, 'protobuf'));
  const fresh = body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => buildSpanRow('bench', rs, ss, s, {}, Date.now()))));
  executor.executeBatch([{ kind: 'spans', batch: toSpanBatch(fresh) }]);
});
const sample = rows()[1]!;
console.log('bytes per chat span row:', Object.entries(sample).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${(v as string).length}`).join(' '));
db.close();
fs.rmSync(dir, { recursive: true, force: true });
