// In-process A/B of the main thread's work per span (protobuf decode, normalize into rows,
// pack the batch, structured clone there and back) for two source trees, alternating per
// request on the same bodies. See bench/ab-writer.ts for why and how (worktree, both orders).
//   npx tsx bench/ab-main.ts --a /tmp/base --b . [--requests 3000] [--rounds 2]
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';

const { values } = parseArgs({ options: { a: { type: 'string' }, b: { type: 'string' }, requests: { type: 'string', default: '3000' }, rounds: { type: 'string', default: '2' } } });
if (!values.a || !values.b) throw new Error('usage: --a <tree> --b <tree>');

interface Variant { name: string; decode: (body: Buffer) => any; buildSpanRow: (...args: unknown[]) => object; toSpanBatch: (rows: object[]) => unknown; ms: number }

async function loadTree(name: string, root: string): Promise<Variant> {
  const from = (file: string) => import(path.resolve(root, file));
  const [decode, rows, writer] = await Promise.all([from('src/otlp/decode-protobuf.ts'), from('src/ingest-rows.ts'), from('src/store/write/span-writer.ts')]);
  return { name, decode: decode.decodeTraceRequestProtobuf, buildSpanRow: rows.buildSpanRow, toSpanBatch: writer.toSpanBatch, ms: 0 };
}

function runRequest(variant: Variant, body: Buffer): void {
  const t0 = performance.now();
  const request = variant.decode(body);
  const rows: object[] = [];
  const nowMs = Date.now();
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) rows.push(variant.buildSpanRow('bench', rs, ss, span, {}, nowMs));
  v8.deserialize(v8.serialize(variant.toSpanBatch(rows)));
  variant.ms += performance.now() - t0;
}

const load = await import(path.resolve(values.a, 'bench/genai-load.ts'));
const templates = Array.from({ length: 16 }, (_, i) => load.buildTemplate(i, 100, 'protobuf'));
const variants = [await loadTree('A', values.a), await loadTree('B', values.b)];
for (let round = 0; round < Number(values.rounds); round++) {
  let spans = 0;
  for (const v of variants) v.ms = 0;
  for (let i = 0; i < Number(values.requests); i++) {
    const template = templates[i % templates.length];
    const body = load.instantiate(template, 'protobuf');
    for (const variant of i % 2 === 0 ? variants : [...variants].reverse()) runRequest(variant, body);
    spans += template.spanCount;
  }
  console.log(`round ${round}: ${variants.map((v) => `${v.name} ${((v.ms * 1000) / spans).toFixed(2)} µs/span`).join(', ')}`);
}
