// Sums a `--trace-gc` log per V8 isolate (main thread, writer, checkpointer): how many
// young-generation (Scavenge) and full (Mark-Compact) collections, and their time per span.
// GC time is a steadier figure than spans/s on this noisy machine. Usage:
//   BENCH_NODE_FLAGS='--trace-gc' BENCH_SERVER_OUT=/tmp/gc.txt npx tsx bench/ingest.ts --spans 300000 --protocols http-protobuf
//   npx tsx bench/gc-trace.ts /tmp/gc.txt --spans 300000
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { spans: { type: 'string', default: '300000' } } });
const spans = Number(values.spans);
const perIsolate = new Map<string, { scavenges: number; scavengeMs: number; fullGcs: number; fullGcMs: number }>();
for (const line of fs.readFileSync(positionals[0]!, 'utf8').split('\n')) {
  const match = /^\[\d+:(0x[0-9a-f]+)\].*?(Scavenge|Mark-Compact).*?MB, ([\d.]+) \/ [\d.]+ ms/.exec(line);
  if (!match) continue;
  const totals = perIsolate.get(match[1]!) ?? { scavenges: 0, scavengeMs: 0, fullGcs: 0, fullGcMs: 0 };
  if (match[2] === 'Scavenge') totals.scavenges++, (totals.scavengeMs += Number(match[3]));
  else totals.fullGcs++, (totals.fullGcMs += Number(match[3]));
  perIsolate.set(match[1]!, totals);
}
const perSpan = (ms: number) => ((ms * 1000) / spans).toFixed(1);
for (const [isolate, t] of [...perIsolate].sort((a, b) => b[1].scavenges - a[1].scavenges)) {
  console.log(`isolate ${isolate}: ${t.scavenges} scavenges ${perSpan(t.scavengeMs)} µs/span; ${t.fullGcs} mark-compacts ${perSpan(t.fullGcMs)} µs/span`);
}
