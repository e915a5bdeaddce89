// DECODE stage (protobuf): converts the leaf values of a protobufjs-decoded OTLP message
// (Long int64s, bytes ids, AnyValue/KeyValue messages, Resource, InstrumentationScope)
// into the model's shapes (bigint, lowercase hex, flattened Attributes, KvList).

import { setAttribute } from './any-value.js';
import { KvList, type AnyValue, type Attributes, type InstrumentationScope, type Resource } from './model.js';
import { cutsMark, limitArrayLength, limitAttributeCount, limitBytes, limitField, limitString, markCuts, nameCuts } from './value-limits.js';

/** What protobufjs hands back for int64/fixed64 fields when the `long` package is present. */
interface LongLike {
  low: number;
  high: number;
}

/** A protobufjs message instance: defaults live on the prototype, set fields are own properties. */
export type PbMessage = Record<string, any>;

const TWO_POW_32 = 4294967296n;

/** fixed64/uint64 -> bigint, exactly (never through a JS number). */
export function toUnsignedBigInt(value: LongLike | number | string | null | undefined): bigint {
  if (value == null) return 0n;
  if (typeof value === 'object') {
    if (value.high === 0) return BigInt(value.low >>> 0);
    return BigInt(value.high >>> 0) * TWO_POW_32 + BigInt(value.low >>> 0);
  }
  return BigInt.asUintN(64, BigInt(value));
}

/** int64/sfixed64 -> bigint, exactly; `high` carries the sign as a signed int32. */
export function toSignedBigInt(value: LongLike | number | string | null | undefined): bigint {
  if (value == null) return 0n;
  if (typeof value === 'object') {
    if (value.high === 0) return BigInt(value.low >>> 0);
    return BigInt(value.high | 0) * TWO_POW_32 + BigInt(value.low >>> 0);
  }
  return BigInt.asIntN(64, BigInt(value));
}

/** bytes -> lowercase hex of whatever length arrived ('' when absent). */
export function toHex(bytes: Uint8Array | null | undefined): string {
  if (bytes == null || bytes.length === 0) return '';
  // protobufjs's BufferReader yields Buffer slices; anything else gets a zero-copy view.
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.toString('hex');
}

const hasOwn = Object.prototype.hasOwnProperty;

/** AnyValue message -> model AnyValue. A oneof member is set iff it is an own property. */
export function toAnyValue(value: PbMessage | null | undefined): AnyValue {
  if (value == null) return null;
  if (hasOwn.call(value, 'stringValue')) return limitString(value.stringValue as string);
  if (hasOwn.call(value, 'intValue')) return toSignedBigInt(value.intValue);
  if (hasOwn.call(value, 'boolValue')) return value.boolValue as boolean;
  if (hasOwn.call(value, 'doubleValue')) return value.doubleValue as number;
  if (hasOwn.call(value, 'arrayValue')) return toArrayValue(value.arrayValue);
  if (hasOwn.call(value, 'kvlistValue')) return new KvList(toAttributes(value.kvlistValue?.values));
  // Copied: a Buffer slice would alias (and keep alive) the whole request buffer.
  if (hasOwn.call(value, 'bytesValue')) return new Uint8Array(limitBytes(value.bytesValue as Uint8Array));
  return null;
}

function toArrayValue(array: PbMessage | null | undefined): AnyValue[] {
  const values: PbMessage[] | undefined = array?.values;
  if (values == null || values.length === 0) return [];
  const out = new Array<AnyValue>(limitArrayLength(values.length));
  for (let i = 0; i < out.length; i++) {
    const mark = cutsMark();
    out[i] = toAnyValue(values[i]);
    if (cutsMark() !== mark) nameCuts(mark, `[${i}]`);
  }
  return out;
}

/** repeated KeyValue -> Attributes (a repeated key keeps its last value). */
export function toAttributes(keyValues: PbMessage[] | null | undefined): Attributes {
  const attributes: Attributes = {};
  if (keyValues == null) return attributes;
  const count = limitAttributeCount(keyValues.length);
  for (let i = 0; i < count; i++) {
    const kv = keyValues[i]!;
    const mark = cutsMark();
    setAttribute(attributes, kv.key as string, toAnyValue(kv.value));
    if (cutsMark() !== mark) nameCuts(mark, kv.key as string);
  }
  return attributes;
}

/** An item's attribute list, its cuts named `label.<key>` (`label` alone: the list was too long). */
export function toNamedAttributes(keyValues: PbMessage[] | null | undefined, label: string): Attributes {
  const mark = cutsMark();
  const attributes = toAttributes(keyValues);
  if (cutsMark() !== mark) nameCuts(mark, label);
  return attributes;
}

export function toResource(resource: PbMessage | null | undefined): Resource {
  if (resource == null) return { attributes: {}, droppedAttributesCount: 0 };
  const attributes = toNamedAttributes(resource.attributes, 'attributes');
  markCuts(attributes);
  return { attributes, droppedAttributesCount: resource.droppedAttributesCount as number };
}

export function toScope(scope: PbMessage | null | undefined): InstrumentationScope {
  if (scope == null) return { name: '', version: '', attributes: {}, droppedAttributesCount: 0 };
  const name = limitField(scope.name as string, 'name');
  const version = limitField(scope.version as string, 'version');
  const attributes = toNamedAttributes(scope.attributes, 'attributes');
  markCuts(attributes);
  return { name, version, attributes, droppedAttributesCount: scope.droppedAttributesCount as number };
}
