// Hostile OTLP exports, built here rather than stored: each is tens of MB (or 10,000 levels
// deep) by design. The protobuf ones are written straight onto the wire (field numbers from
// proto/opentelemetry/proto/{trace,common}/v1/*.proto) so that no encoder's own limits shape them.
import crypto from 'node:crypto';

const MIB = 1024 * 1024;

function varint(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2). */
function lenField(field: number, body: Buffer): Buffer {
  return Buffer.concat([varint(field * 8 + 2), varint(body.length), body]);
}

const text = (field: number, value: string) => lenField(field, Buffer.from(value, 'utf8'));

export interface SpanIds {
  traceId: string;
  spanId: string;
}

export function newSpanIds(): SpanIds {
  return { traceId: crypto.randomBytes(16).toString('hex'), spanId: crypto.randomBytes(8).toString('hex') };
}

/** ExportTraceServiceRequest{resource_spans{scope_spans{spans...}}} from already-encoded spans. */
function traceRequest(spans: Buffer[]): Buffer {
  const scopeSpans = lenField(2, Buffer.concat([lenField(1, text(1, 'hostile')), ...spans.map((s) => lenField(2, s))]));
  return lenField(1, scopeSpans);
}

/** Span with ids, a name, times and the given encoded KeyValue attributes (field 9). */
function span(ids: SpanIds, attributes: Buffer[]): Buffer {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const fixed64 = (field: number, value: bigint) => {
    const out = Buffer.alloc(9);
    out[0] = field * 8 + 1;
    out.writeBigUInt64LE(value, 1);
    return out;
  };
  return Buffer.concat([
    lenField(1, Buffer.from(ids.traceId, 'hex')),
    lenField(2, Buffer.from(ids.spanId, 'hex')),
    text(5, 'hostile span'),
    fixed64(7, nowNs),
    fixed64(8, nowNs + 1_000_000n),
    ...attributes.map((kv) => lenField(9, kv)),
  ]);
}

const keyValue = (key: string, anyValue: Buffer) => Buffer.concat([text(1, key), lenField(2, anyValue)]);

/** OTLP/JSON: one span whose `input.value` is `valueBytes` of ASCII (the body is a little larger). */
export function buildHugeStringJson(ids: SpanIds, valueBytes: number): string {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const spanJson = {
    traceId: ids.traceId,
    spanId: ids.spanId,
    name: 'hostile span',
    startTimeUnixNano: String(nowNs),
    endTimeUnixNano: String(nowNs + 1_000_000n),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'input.value', value: { stringValue: 'a'.repeat(valueBytes) } },
    ],
  };
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ scope: { name: 'hostile' }, spans: [spanJson] }] }] });
}

/** Protobuf: one span whose `input.value` is `valueBytes` of ASCII. */
export function buildHugeStringProtobuf(ids: SpanIds, valueBytes: number): Buffer {
  return traceRequest([span(ids, [keyValue('input.value', text(1, 'b'.repeat(valueBytes)))])]);
}

/** Protobuf: one span whose `embedding` attribute is an array of `items` int values (AnyValue.int_value = 3). */
export function buildHugeArrayProtobuf(ids: SpanIds, items: number): Buffer {
  const element = lenField(1, Buffer.from([3 * 8, 7])); // ArrayValue.values(1) = AnyValue{int_value: 7}
  const array = Buffer.alloc(element.length * items);
  for (let i = 0; i < items; i++) element.copy(array, i * element.length);
  return traceRequest([span(ids, [keyValue('embedding', lenField(5, array))])]);
}

/** Protobuf: an attribute whose value is a kvlist nested `depth` levels deep. */
export function buildDeepKvlistProtobuf(ids: SpanIds, depth: number): Buffer {
  let value = text(1, 'bottom'); // AnyValue{string_value}
  for (let i = 0; i < depth; i++) value = lenField(6, lenField(1, keyValue('k', value))); // AnyValue{kvlist_value{values[k: value]}}
  return traceRequest([span(ids, [keyValue('deep', value)])]);
}

/** OTLP/JSON: the same, as text. */
export function buildDeepKvlistJson(ids: SpanIds, depth: number): string {
  const open = '{"kvlistValue":{"values":[{"key":"k","value":';
  const close = '}]}}';
  const value = open.repeat(depth) + '{"stringValue":"bottom"}' + close.repeat(depth);
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${ids.traceId}","spanId":"${ids.spanId}","name":"deep","attributes":[{"key":"deep","value":${value}}]}]}]}]}`;
}

/** Protobuf: `count` spans of 10 bytes each on the wire (a 6-character name, nothing else). */
export function buildTinySpansProtobuf(count: number): Buffer {
  const tiny = lenField(2, text(5, 'ab' + 'cdef')); // 2 + 8 bytes
  const spans = Buffer.alloc(tiny.length * count);
  for (let i = 0; i < count; i++) tiny.copy(spans, i * tiny.length);
  return lenField(1, lenField(2, spans)); // resource_spans{scope_spans{spans...}}
}

/** OTLP/JSON: `count` spans that are empty objects, 3 bytes each: the most objects per byte JSON allows. */
export function buildEmptySpansJson(count: number): string {
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[${Array(count).fill('{}').join(',')}]}]}]}`;
}

export { MIB };
