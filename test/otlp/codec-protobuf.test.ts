// Protobuf decoder edge cases: exact int64/fixed64 conversion (signed vs unsigned, beyond 2^53),
// ids of any length as lowercase hex, proto3 defaults for missing fields, and undecodable
// bytes surfacing as AppError BAD_REQUEST instead of a raw protobufjs error.

import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { decodeLogsRequestProtobuf, decodeMetricsRequestProtobuf, decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import { KvList } from '../../src/otlp/model.js';
import { otlpTypes } from '../../src/otlp/proto-loader.js';

function encodeTrace(spans: Record<string, unknown>[]): Uint8Array {
  const type = otlpTypes.traceRequest;
  return type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans }] }] })).finish();
}

function firstSpan(bytes: Uint8Array) {
  return decodeTraceRequestProtobuf(bytes).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
}

function expectBadRequest(run: () => unknown, messageStart: string): void {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(AppError);
  expect((thrown as AppError).code).toBe('BAD_REQUEST');
  expect((thrown as AppError).message.startsWith(messageStart)).toBe(true);
}

describe('decodeTraceRequestProtobuf', () => {
  it('fills model defaults for every missing field', () => {
    const span = firstSpan(encodeTrace([{}]));
    expect(span).toEqual({
      traceId: '',
      spanId: '',
      parentSpanId: '',
      traceState: '',
      flags: 0,
      name: '',
      kind: 0,
      startTimeUnixNano: 0n,
      endTimeUnixNano: 0n,
      attributes: {},
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: 0, message: '' },
    });
    const request = decodeTraceRequestProtobuf(encodeTrace([{}]));
    expect(request.resourceSpans[0]!.resource).toEqual({ attributes: {}, droppedAttributesCount: 0 });
    expect(request.resourceSpans[0]!.scopeSpans[0]!.scope).toEqual({ name: '', version: '', attributes: {}, droppedAttributesCount: 0 });
  });

  it('treats an empty body as an empty request', () => {
    expect(decodeTraceRequestProtobuf(new Uint8Array(0))).toEqual({ resourceSpans: [] });
  });

  it('converts fixed64 times as unsigned and int64 values as signed, exactly', () => {
    const span = firstSpan(
      encodeTrace([
        {
          startTimeUnixNano: '18446744073709551615',
          endTimeUnixNano: '9223372036854775808',
          attributes: [
            { key: 'max', value: { intValue: '9223372036854775807' } },
            { key: 'min', value: { intValue: '-9223372036854775808' } },
            { key: 'past.2^53', value: { intValue: '9007199254740993' } },
            { key: 'minus.one', value: { intValue: '-1' } },
            { key: 'zero', value: { intValue: '0' } },
            { key: 'low.word.negative', value: { intValue: '4294967295' } },
          ],
        },
      ]),
    );
    expect(span.startTimeUnixNano).toBe(18446744073709551615n);
    expect(span.endTimeUnixNano).toBe(9223372036854775808n);
    expect(span.attributes).toEqual({
      max: 9223372036854775807n,
      min: -9223372036854775808n,
      'past.2^53': 9007199254740993n,
      'minus.one': -1n,
      zero: 0n,
      'low.word.negative': 4294967295n,
    });
  });

  it('renders ids of any length as lowercase hex', () => {
    const span = firstSpan(
      encodeTrace([
        {
          traceId: Buffer.from('0AF7651916CD43DD8448EB211C80319C', 'hex'),
          spanId: Buffer.from('b7ad6b71', 'hex'),
          parentSpanId: Buffer.from('00f067aa0ba902b7ff', 'hex'),
          links: [{ traceId: Buffer.from('abcdef', 'hex'), spanId: Buffer.alloc(0) }],
        },
      ]),
    );
    expect([span.traceId, span.spanId, span.parentSpanId]).toEqual(['0af7651916cd43dd8448eb211c80319c', 'b7ad6b71', '00f067aa0ba902b7ff']);
    expect([span.links[0]!.traceId, span.links[0]!.spanId]).toEqual(['abcdef', '']);
  });

  it('decodes nested, empty and bytes AnyValues, and copies bytes out of the request buffer', () => {
    const bytes = Buffer.from(
      encodeTrace([
        {
          attributes: [
            { key: 'bytes', value: { bytesValue: Buffer.from([1, 2, 3]) } },
            { key: 'empty', value: {} },
            { key: 'absent' },
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'a', value: { arrayValue: { values: [{ doubleValue: 0 }, { stringValue: '' }] } } }] } } },
            { key: '__proto__', value: { boolValue: true } },
          ],
        },
      ]),
    );
    const span = firstSpan(bytes);
    bytes.fill(0); // the decoded model must not alias the request buffer
    expect(span.attributes.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(span.attributes.empty).toBeNull();
    expect(span.attributes.absent).toBeNull();
    expect(span.attributes.kv).toEqual(new KvList({ a: [0, ''] }));
    expect(Object.getPrototypeOf(span.attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(span.attributes, '__proto__')?.value).toBe(true);
  });

  it('rejects undecodable bytes as BAD_REQUEST', () => {
    const prefix = 'cannot decode protobuf ExportTraceServiceRequest: ';
    const valid = encodeTrace([{ name: 'x'.repeat(50) }]);
    expectBadRequest(() => decodeTraceRequestProtobuf(valid.subarray(0, valid.length - 10)), prefix);
    expectBadRequest(() => decodeTraceRequestProtobuf(Buffer.from('{"resourceSpans":[]}')), prefix);
    expectBadRequest(() => decodeTraceRequestProtobuf(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])), prefix);
    expectBadRequest(() => decodeLogsRequestProtobuf(new Uint8Array([0x0f])), 'cannot decode protobuf ExportLogsServiceRequest: ');
    expectBadRequest(() => decodeMetricsRequestProtobuf(new Uint8Array([0x0a, 0x05, 0x01])), 'cannot decode protobuf ExportMetricsServiceRequest: ');
  });

  it('rejects absurdly deep AnyValue nesting as BAD_REQUEST instead of overflowing the stack', () => {
    // Built by hand: protobufjs's own encoder refuses to write this deep.
    const field = (fieldNumber: number, payload: Uint8Array) => {
      const writer = protobuf.Writer.create();
      writer.uint32((fieldNumber << 3) | 2).bytes(payload);
      return writer.finish();
    };
    let anyValue = field(1, Buffer.from('leaf')); // AnyValue.string_value
    for (let i = 0; i < 5000; i++) anyValue = field(5, field(1, anyValue)); // AnyValue.array_value.values
    const keyValue = Buffer.concat([field(1, Buffer.from('deep')), field(2, anyValue)]);
    const request = field(1, field(2, field(2, field(9, keyValue)))); // resource_spans.scope_spans.spans.attributes
    expectBadRequest(() => decodeTraceRequestProtobuf(request), 'cannot decode protobuf ExportTraceServiceRequest: ');
  });
});
