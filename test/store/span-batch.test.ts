// A span batch is what crosses to the writer thread by structured clone, per export. V8
// writes a "holey" array (e.g. `new Array(n)` filled in, or map() once optimized) element by
// element with its index, ~2.5x slower than a packed one for a span tuple: every tuple must
// stay packed, also after the JIT has optimized the code that builds it.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { buildSpanRow } from '../../src/ingest-rows.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { toSpanBatch } from '../../src/store/write/span-writer.js';

setFlagsFromString('--allow-natives-syntax');
const isHoley = new Function('array', 'return %HasHoleyElements(array)') as (array: unknown[]) => boolean;

const request = decodeTraceRequestJson(JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ scope: { name: 's' },
  spans: Array.from({ length: 10 }, (_, i) => ({ traceId: 'ab'.repeat(16), spanId: (i + 1).toString(16).padStart(16, '0'), name: 'chat', startTimeUnixNano: '1', endTimeUnixNano: '2',
    attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'm' } }] })) }] }] }));

describe('a span batch', () => {
  it('holds packed tuples, before and after the code building them is optimized', () => {
    const holey: number[] = [];
    for (let round = 0; round < 5000; round++) {
      const rows = request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => buildSpanRow('p', rs, ss, span, {}, 1))));
      const batch = toSpanBatch(rows);
      if ([batch.tuples, batch.resourceOf, batch.traceNames, ...batch.tuples].some(isHoley)) holey.push(round);
    }
    expect(holey).toEqual([]);
  });
});
