import { buildTemplate, instantiate } from './genai-load.js';
import { decodeTraceRequestProtobuf } from '../src/otlp/decode-protobuf.js';
import { buildSpanRow } from '../src/ingest-rows.js';
import { toSpanBatch } from '../src/store/span-writer.js';
const pb = buildTemplate(1, 100, 'protobuf');
const request = decodeTraceRequestProtobuf(instantiate(pb, 'protobuf'));
function run() { const rows = []; for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) rows.push(buildSpanRow('b', rs, ss, s, {}, 1)); return toSpanBatch(rows); }
for (let i = 0; i < 100; i++) run();
const c0 = process.cpuUsage(); for (let i = 0; i < 500; i++) run(); const c = process.cpuUsage(c0);
console.log('build rows µs/span', ((c.user + c.system) / 50000).toFixed(1));
