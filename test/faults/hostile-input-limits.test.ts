// The value limits at the decode stage, both codecs, with small limits so each cut is easy to
// see: where the cut lands (never inside a UTF-8 character), how it is named on the item, what
// the OTLP dropped counts say, and that the counters the metrics read move.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { decodeLogsRequestJson, decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import { KvList } from '../../src/otlp/model.js';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { configureValueLimits, truncationCounters, TRUNCATION_MARKER } from '../../src/otlp/value-limits.js';

const SMALL = { max_attribute_value_bytes: 1024, max_array_items: 3, max_attributes: 4, max_span_events: 2, max_span_links: 1, max_items_per_request: 5 };
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

beforeEach(() => configureValueLimits(SMALL));
afterEach(() => configureValueLimits(configSchema.parse({}).limits));

const str = (s: string) => ({ stringValue: s });

function jsonSpan(extra: Record<string, unknown>): string {
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, name: 'chat', ...extra }] }] }] });
}

describe('value limits at decode', () => {
  it('cuts a long string on a character boundary and names it on the span', () => {
    // 'é' is 2 bytes in UTF-8: 700 of them are 1400 bytes; 1024 bytes hold exactly 512.
    const span = decodeTraceRequestJson(jsonSpan({ attributes: [{ key: 'gen_ai.prompt', value: str('é'.repeat(700)) }, { key: 'small', value: str('ok') }] })).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.attributes['gen_ai.prompt']).toBe('é'.repeat(512) + TRUNCATION_MARKER);
    expect(span.attributes['small']).toBe('ok');
    expect(span.attributes['tracelite.truncated']).toEqual(new KvList({ 'attributes.gen_ai.prompt': 1400n }));
  });

  it('names nested cuts by key and index, and leaves a span without cuts unmarked', () => {
    const nested = { kvlistValue: { values: [{ key: 'messages', value: { arrayValue: { values: [str('short'), str('x'.repeat(2000))] } } }] } };
    const request = JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: [
        { traceId: TRACE_ID, spanId: SPAN_ID, attributes: [{ key: 'llm', value: nested }] },
        { traceId: TRACE_ID, spanId: 'aaaaaaaaaaaaaaaa', attributes: [{ key: 'fine', value: str('y') }] },
      ] }] }],
    });
    const [first, second] = decodeTraceRequestJson(request).resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(first!.attributes['tracelite.truncated']).toEqual(new KvList({ 'attributes.llm.messages[1]': 2000n }));
    expect(second!.attributes).toEqual({ fine: 'y' });
  });

  it('keeps the first entries of long lists and adds the dropped events and links to the OTLP counts', () => {
    const events = Array.from({ length: 5 }, (_, i) => ({ name: `e${i}`, timeUnixNano: '1' }));
    const links = [{ traceId: TRACE_ID, spanId: SPAN_ID }, { traceId: TRACE_ID, spanId: SPAN_ID }];
    const attributes = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: { arrayValue: { values: [str('a'), str('b'), str('c'), str('d')] } } }));
    const span = decodeTraceRequestJson(jsonSpan({ attributes, events, links, droppedEventsCount: 1 })).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.events.map((e) => e.name)).toEqual(['e0', 'e1']);
    expect(span.droppedEventsCount).toBe(1 + 3);
    expect(span.links).toHaveLength(1);
    expect(span.droppedLinksCount).toBe(1);
    expect(span.attributes['k0']).toEqual(['a', 'b', 'c']);
    expect(Object.keys(span.attributes)).toEqual(['k0', 'k1', 'k2', 'k3', 'tracelite.truncated']);
    const marks = (span.attributes['tracelite.truncated'] as KvList).values;
    expect(marks).toEqual({ events: 5n, links: 2n, attributes: 6n, 'attributes.k0': 4n, 'attributes.k1': 4n, 'attributes.k2': 4n, 'attributes.k3': 4n });
  });

  it('applies the same limits to protobuf, including an event attribute', () => {
    const request = otlpTypes.traceRequest.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: [{
        traceId: Buffer.from(TRACE_ID, 'hex'), spanId: Buffer.from(SPAN_ID, 'hex'), name: 'n'.repeat(3000),
        events: [{ name: 'ok' }, { name: 'gen_ai.choice', attributes: [{ key: 'message', value: { bytesValue: Buffer.alloc(5000, 1) } }] }],
      }] }] }],
    });
    const before = truncationCounters();
    const span = decodeTraceRequestProtobuf(otlpTypes.traceRequest.encode(request).finish()).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.name).toBe('n'.repeat(1024) + TRUNCATION_MARKER);
    expect((span.events[1]!.attributes['message'] as Uint8Array).byteLength).toBe(1024);
    expect(span.attributes['tracelite.truncated']).toEqual(new KvList({ name: 3000n, 'events[1].attributes.message': 5000n }));
    const after = truncationCounters();
    expect(after.truncatedValues - before.truncatedValues).toBe(2);
    expect(after.truncatedValueBytes - before.truncatedValueBytes).toBe(3000 - 1024 + 5000 - 1024);
  });

  it('marks a cut log body on the log record', () => {
    const request = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: str('z'.repeat(1500)), attributes: [{ key: 'event.name', value: str('gen_ai.user.message') }] }] }] }] });
    const log = decodeLogsRequestJson(request).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    expect(log.body).toBe('z'.repeat(1024) + TRUNCATION_MARKER);
    expect(log.attributes['tracelite.truncated']).toEqual(new KvList({ body: 1500n }));
  });

  it('refuses more items than max_items_per_request in either codec, before building them', () => {
    const spans = Array.from({ length: 6 }, () => ({ traceId: TRACE_ID, spanId: SPAN_ID }));
    const json = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: spans.slice(0, 3) }, { spans: spans.slice(3) }] }] });
    expect(() => decodeTraceRequestJson(json)).toThrow(/6 spans, more than limits.max_items_per_request \(5\)/);
    const pb = otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: spans.slice(0, 3).map(() => ({ name: 'x' })) }] }, { scopeSpans: [{ spans: spans.slice(3).map(() => ({ name: 'y' })) }] }] })).finish();
    expect(() => decodeTraceRequestProtobuf(pb)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
    expect(decodeTraceRequestProtobuf(otlpTypes.traceRequest.encode(otlpTypes.traceRequest.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: spans.slice(0, 5).map(() => ({ name: 'x' })) }] }] })).finish()).resourceSpans[0]!.scopeSpans[0]!.spans).toHaveLength(5);
  });
});
