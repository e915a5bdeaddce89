// In-process A/B of the writer thread's work, for two source trees (e.g. a `git worktree`
// of main and your working copy). The same span batches go to both, alternating which goes
// first, each tree writing its own fresh database. The host's speed swings (±15% between
// runs minutes apart on the test VM) hit both alike, so a few percent shows, which separate
// runs of bench/writer.ts cannot resolve.
//   git worktree add /tmp/base main && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   npx tsx bench/ab-writer.ts --a /tmp/base --b . [--spans 200000] [--batch 500] [--warm 0] [--drop-index-b name,…]
// Run it twice with --a and --b swapped: a tree can gain from going second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: {
  a: { type: 'string' }, b: { type: 'string' }, spans: { type: 'string', default: '200000' }, batch: { type: 'string', default: '500' },
  warm: { type: 'string', default: '0' }, 'drop-index-b': { type: 'string', default: '' },
} });
if (!values.a || !values.b) throw new Error('usage: --a <tree> --b <tree>');
const TOTAL = Number(values.spans);
const BATCH = Number(values.batch);
const WARM = Number(values.warm);

interface Variant { name: string; executor: any; toSpanBatch: (rows: unknown[]) => unknown; db: any; dir: string; ms: number; cpuMs: number }

async function loadTree(name: string, root: string): Promise<Variant> {
  const from = (file: string) => import(path.resolve(root, file));
  const [executorModule, openModule, writerModule] = await Promise.all([from('src/store/write/write-executor.ts'), from('src/store/schema/open-db.ts'), from('src/store/write/span-writer.ts')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tracelite-ab-${name}-`));
  const db = openModule.openDatabase(path.join(dir, 'ab.db'));
  return { name, executor: new executorModule.WriteExecutor(db), toSpanBatch: writerModule.toSpanBatch, db, dir, ms: 0, cpuMs: 0 };
}

// Rows come from tree A's generator and normalizer, so both writers get identical input.
const load = await import(path.resolve(values.a, 'bench/genai-load.ts'));
const decode = await import(path.resolve(values.a, 'src/otlp/decode-protobuf.ts'));
const template = load.buildTemplate(3, 100, 'protobuf');
const variants = [await loadTree('A', values.a), await loadTree('B', values.b)];
for (const index of values['drop-index-b'].split(',').filter(Boolean)) variants[1]!.db.exec(`DROP INDEX ${index}`);

function writeBatch(variant: Variant, rows: object[], timed: boolean): void {
  const batch = variant.toSpanBatch(rows.map((row) => ({ ...row }))); // each tree packs its own copy
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  variant.executor.executeBatch([{ kind: 'spans', batch }]);
  if (!timed) return;
  variant.ms += performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  variant.cpuMs += (cpu.user + cpu.system) / 1000;
}

let written = 0;
for (let round = 0; written < WARM + TOTAL; round++) {
  const rows: object[] = [];
  while (rows.length < BATCH) rows.push(...load.requestRows(decode.decodeTraceRequestProtobuf(load.instantiate(template, 'protobuf'))));
  for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) writeBatch(variant, rows, written >= WARM);
  written += rows.length;
}
const timedSpans = written - WARM;
for (const v of variants) {
  console.log(`${v.name} (${v.name === 'A' ? values.a : values.b}): ${((v.ms * 1000) / timedSpans).toFixed(2)} µs/span wall, ${((v.cpuMs * 1000) / timedSpans).toFixed(2)} µs/span CPU, ${timedSpans} spans after ${WARM}`);
  v.db.close();
  fs.rmSync(v.dir, { recursive: true, force: true });
}
