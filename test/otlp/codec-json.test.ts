// OTLP/JSON decoder on hand-written fixtures: the spellings real senders use (snake_case keys,
// enum names, int64 strings, uppercase hex), every AnyValue kind, unknown fields, `{}`, and
// malformed bodies that must fail as AppError BAD_REQUEST naming the field path.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { decodeLogsRequestJson, decodeMetricsRequestJson, decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import { KvList } from '../../src/otlp/model.js';
import { otlpTypes } from '../../src/otlp/proto-loader.js';
import { encodeJsonAsProtobuf } from './codec-json-to-protobuf.js';

const fixturePath = (name: string) => new URL(`../fixtures/otlp/${name}`, import.meta.url);
const readFixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

describe('decodeTraceRequestJson', () => {
  it('accepts snake_case keys, enum names, int64 as string or number and uppercase hex ids', () => {
    const request = decodeTraceRequestJson(readFixture('trace-snake-case.json'));
    const [rs] = request.resourceSpans;
    expect(rs!.resource).toEqual({ attributes: { 'service.name': 'snake-svc' }, droppedAttributesCount: 1 });
    expect(rs!.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    const [ss] = rs!.scopeSpans;
    expect(ss!.scope).toEqual({ name: 'snake-scope', version: '2.0.0', attributes: {}, droppedAttributesCount: 0 });
    expect(ss!.schemaUrl).toBe('https://opentelemetry.io/schemas/1.27.0');
    expect(ss!.spans).toEqual([
      {
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: 'eee19b7ec3c1b173',
        traceState: 'vendor=1',
        flags: 769,
        name: 'chat gpt-4o',
        kind: 3,
        startTimeUnixNano: 1544712660000000000n,
        endTimeUnixNano: 1544712661000000000n,
        attributes: { 'gen_ai.usage.input_tokens': 12n, 'gen_ai.request.temperature': 0.7, 'llm.is_streaming': true },
        droppedAttributesCount: 2,
        events: [{ timeUnixNano: 1544712660500000000n, name: 'gen_ai.choice', attributes: { index: 0n }, droppedAttributesCount: 0 }],
        droppedEventsCount: 3,
        links: [
          {
            traceId: '0af7651916cd43dd8448eb211c80319c',
            spanId: 'b7ad6b7169203331',
            traceState: '',
            attributes: {},
            droppedAttributesCount: 0,
            flags: 1,
          },
        ],
        droppedLinksCount: 4,
        status: { code: 2, message: 'rate limited' },
      },
    ]);
  });

  it('decodes every AnyValue kind exactly and ignores unknown fields', () => {
    const [span, badIds] = decodeTraceRequestJson(readFixture('trace-value-types.json')).resourceSpans[0]!.scopeSpans[0]!.spans;
    const attrs = span!.attributes;
    expect(attrs.str).toBe('héllo ✓');
    expect(attrs['empty.str']).toBe('');
    expect(attrs['bool.false']).toBe(false);
    expect(attrs['int.big']).toBe(9007199254740993n);
    expect(attrs['int.min']).toBe(-9223372036854775808n);
    expect(attrs['int.number']).toBe(42n);
    expect(attrs.double).toBe(3.25);
    expect(attrs['double.int']).toBe(3);
    expect(attrs['double.nan']).toBeNaN();
    expect(attrs['double.inf']).toBe(-Infinity);
    expect(attrs.bytes).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(attrs.array).toEqual(['a', 7n, true, null, []]);
    expect(attrs.kvlist).toBeInstanceOf(KvList);
    expect(attrs.kvlist).toEqual(new KvList({ 'inner.str': 'x', 'inner.list': new KvList({ deep: 1.5 }), 'inner.empty': null }));
    expect(attrs['empty.value']).toBeNull();
    expect(attrs['no.value']).toBeNull();
    expect(attrs['null.value']).toBeNull();
    expect(attrs.dup).toBe('last');
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value).toBe('not a prototype');
    expect(attrs.future).toBeNull();
    expect(span!.startTimeUnixNano).toBe(18446744073709551615n);
    expect(span!.endTimeUnixNano).toBe(9223372036854775808n);
    expect(span!.status).toEqual({ code: 1, message: '' });
    // Invalid ids are not a decode error: ingest rejects that span alone via partial_success.
    expect([badIds!.traceId, badIds!.spanId, badIds!.kind]).toEqual(['not-hex-at-all', 'xyz', 2]);
    expect(badIds!.status).toEqual({ code: 0, message: '' });
  });

  it('decodes the same model from the fixture re-encoded as protobuf', () => {
    for (const name of ['trace-snake-case.json', 'trace-value-types.json']) {
      const json = JSON.parse(readFixture(name));
      // The span with deliberately invalid hex ids cannot be expressed as protobuf bytes.
      const spans = json.resourceSpans?.[0]?.scopeSpans?.[0]?.spans;
      if (spans) json.resourceSpans[0].scopeSpans[0].spans = spans.slice(0, 1);
      const fromJson = decodeTraceRequestJson(JSON.stringify(json));
      const fromProtobuf = decodeTraceRequestProtobuf(encodeJsonAsProtobuf(otlpTypes.traceRequest, json));
      expect(fromProtobuf).toEqual(fromJson);
    }
  });

  it('treats {} (and empty lists) as a valid empty request', () => {
    expect(decodeTraceRequestJson('{}')).toEqual({ resourceSpans: [] });
    expect(decodeTraceRequestJson('{"resourceSpans":[]}')).toEqual({ resourceSpans: [] });
    expect(decodeTraceRequestJson(new TextEncoder().encode('{"resourceSpans":[{}]}'))).toEqual({
      resourceSpans: [{ resource: { attributes: {}, droppedAttributesCount: 0 }, schemaUrl: '', scopeSpans: [] }],
    });
    expect(decodeLogsRequestJson('{}')).toEqual({ resourceLogs: [] });
    expect(decodeMetricsRequestJson('{}')).toEqual({ resourceMetrics: [] });
  });

  const malformed = JSON.parse(readFixture('trace-malformed.json')) as { case: string; body: string; message: string }[];
  it.each(malformed)('rejects $case as BAD_REQUEST naming the field', ({ body, message }) => {
    let thrown: unknown;
    try {
      decodeTraceRequestJson(body);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('BAD_REQUEST');
    expect((thrown as AppError).message).toContain('cannot decode OTLP/JSON ExportTraceServiceRequest: ');
    expect((thrown as AppError).message).toContain(message);
  });
});
