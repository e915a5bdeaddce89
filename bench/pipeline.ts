// Main-thread pipeline micro-benchmark: what the receiver's main thread spends per span of
// the ingest benchmark's requests (bench/genai-load.ts), stage by stage: protobuf decode,
// normalize into rows, packing the batch for the writer thread, and postMessage to the
// writer (serialize) and its receipt there (deserialize), through a MessageChannel read
// synchronously.
// One thread, no I/O: figures are comparable back to back, unlike the full ingest run.
//   npx tsx bench/pipeline.ts [--requests 400] [--rounds 5]
import { parseArgs } from 'node:util';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { buildTemplate, instantiate, requestRows } from './genai-load.js';
import { decodeTraceRequestProtobuf } from '../src/otlp/decode-protobuf.js';
import { toSpanBatch } from '../src/store/write/span-writer.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' }, rounds: { type: 'string', default: '5' } } });
const REQUESTS = Number(values.requests);
const templates = Array.from({ length: 16 }, (_, i) => buildTemplate(i, 100, 'protobuf'));

const { port1, port2 } = new MessageChannel();

function round(): Record<string, number> {
  const bodies = Array.from({ length: REQUESTS }, (_, i) => instantiate(templates[i % templates.length]!, 'protobuf'));
  const spent = { decode: 0, normalize: 0, pack: 0, serialize: 0, deserialize: 0 };
  let spans = 0;
  for (const body of bodies) {
    let t = performance.now();
    const lap = (stage: keyof typeof spent) => {
      const now = performance.now();
      spent[stage] += now - t;
      t = now;
    };
    const request = decodeTraceRequestProtobuf(body);
    lap('decode');
    const rows = requestRows(request);
    lap('normalize');
    const batch = toSpanBatch(rows);
    lap('pack');
    port1.postMessage(batch);
    lap('serialize');
    receiveMessageOnPort(port2);
    lap('deserialize');
    spans += rows.length;
  }
  return Object.fromEntries(Object.entries(spent).map(([stage, ms]) => [stage, (ms * 1000) / spans]));
}

round(); // warm up the JIT
const rounds = Array.from({ length: Number(values.rounds) }, round);
const best = (stage: string) => Math.min(...rounds.map((r) => r[stage]!));
const stages = Object.keys(rounds[0]!);
console.log(`${REQUESTS} requests of 100 spans, best of ${rounds.length} rounds, µs per span:`);
console.log(stages.map((s) => `${s} ${best(s).toFixed(1)}`).join(', ') + `; main thread total ${stages.filter((s) => s !== 'deserialize').reduce((sum, s) => sum + best(s), 0).toFixed(1)}`);
port1.close();
