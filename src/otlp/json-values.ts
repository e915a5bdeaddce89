// DECODE stage (OTLP/JSON): typed readers for the values of a JSON.parse'd OTLP request, as the
// OTLP/JSON mapping defines them (lowerCamelCase keys, snake_case accepted; hex ids; int64 as
// number or string; enums as number or name; base64 bytes) -> model values, or a JsonFieldError
// naming the offending field path.

import { setAttribute } from './any-value.js';
import { KvList, type AnyValue, type Attributes, type InstrumentationScope, type Resource } from './model.js';
import { cutsMark, limitArrayLength, limitAttributeCount, limitBytes, limitField, limitString, markCuts, nameCuts } from './value-limits.js';

export type JsonObject = Record<string, unknown>;

/** A wrong shape at `path`; decode-json.ts turns it into AppError BAD_REQUEST. */
export class JsonFieldError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'JsonFieldError';
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${typeof value === 'object' ? '' : String(value)}`.trim();
}

function fail(path: string, expected: string, got: unknown): never {
  throw new JsonFieldError(path, `expected ${expected}, got ${describe(got)}`);
}

const snakeNames = new Map<string, string>();

function toSnakeCase(name: string): string {
  let snake = snakeNames.get(name);
  if (snake === undefined) {
    snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(name, snake);
  }
  return snake;
}

/** Field `name` (lowerCamelCase) or its snake_case spelling; JSON null counts as absent (proto3 JSON). */
export function getField(obj: JsonObject, name: string): unknown {
  let value = obj[name];
  if (value === undefined) value = obj[toSnakeCase(name)];
  return value === null ? undefined : value;
}

export function readObject(value: unknown, path: string): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as JsonObject;
}

export function readArray(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

export function readString(value: unknown, path: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

export function readBool(value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(path, 'a boolean', value);
  return value;
}

const DIGITS = /^-?\d+$/;
const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function readInteger(value: unknown, path: string, min: bigint, max: bigint, what: string): bigint {
  if (value === undefined) return 0n;
  let result: bigint | undefined;
  // Integers past 2^53 sent as JSON numbers were already rounded by JSON.parse; strings stay exact.
  if (typeof value === 'number' && Number.isInteger(value)) result = BigInt(value);
  else if (typeof value === 'string' && DIGITS.test(value)) result = BigInt(value);
  if (result === undefined) fail(path, `${what} (number or decimal string)`, value);
  if (result < min || result > max) fail(path, `${what} in range`, value);
  return result;
}

/** fixed64/uint64 (times, counts). */
export function readUint64(value: unknown, path: string): bigint {
  return readInteger(value, path, 0n, UINT64_MAX, 'an unsigned 64-bit integer');
}

/** int64/sfixed64 (intValue, asInt). */
export function readInt64(value: unknown, path: string): bigint {
  return readInteger(value, path, INT64_MIN, INT64_MAX, 'a 64-bit integer');
}

/** uint32/fixed32/int32 (counts, flags, scale, offset): small enough for a JS number. */
export function readInt32(value: unknown, path: string, unsigned = true): number {
  if (value === undefined) return 0;
  const n = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  const [min, max] = unsigned ? [0, 0xffffffff] : [-0x80000000, 0x7fffffff];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    fail(path, unsigned ? 'an unsigned 32-bit integer' : 'a 32-bit integer', value);
  }
  return n;
}

const SPECIAL_DOUBLES: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** double: a JSON number, or a string ("NaN", "Infinity", "-Infinity", or a decimal). */
export function readDouble(value: unknown, path: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const special = SPECIAL_DOUBLES[value];
    if (special !== undefined) return special;
    const n = Number(value);
    if (value.trim() !== '' && !Number.isNaN(n)) return n;
  }
  return fail(path, 'a number', value);
}

/** Enums arrive as numbers (open enums: any int32 kept) or as value names. */
export function readEnum(value: unknown, path: string, names: Readonly<Record<string, number>>): number {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(names, value)) return names[value]!;
  if (typeof value === 'string' && !DIGITS.test(value)) fail(path, `one of ${Object.keys(names).join(', ')}`, value);
  return readInt32(value, path, false);
}

/** Ids are hex strings in OTLP/JSON; kept lowercased even when malformed so ingest can reject one span. */
export function readId(value: unknown, path: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') fail(path, 'a hex string', value);
  return value.toLowerCase();
}

/** bytes: base64 (standard or URL-safe alphabet). */
export function readBytes(value: unknown, path: string): Uint8Array {
  if (value === undefined) return new Uint8Array(0);
  if (typeof value !== 'string') fail(path, 'a base64 string', value);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** AnyValue nesting limit (arrays/kvlists in arrays/kvlists), like protobufjs's recursion limit. */
const MAX_VALUE_DEPTH = 64;

/** AnyValue object -> model AnyValue; `{}` (no member set) is null. */
export function readAnyValue(value: unknown, path: string, depth = 0): AnyValue {
  const obj = readObject(value, path);
  if (obj === undefined) return null;
  if (depth > MAX_VALUE_DEPTH) throw new JsonFieldError(path, `values nested deeper than ${MAX_VALUE_DEPTH} levels`);
  let v: unknown;
  if ((v = getField(obj, 'stringValue')) !== undefined) return limitString(readString(v, `${path}.stringValue`));
  if ((v = getField(obj, 'intValue')) !== undefined) return readInt64(v, `${path}.intValue`);
  if ((v = getField(obj, 'boolValue')) !== undefined) return readBool(v, `${path}.boolValue`);
  if ((v = getField(obj, 'doubleValue')) !== undefined) return readDouble(v, `${path}.doubleValue`);
  if ((v = getField(obj, 'arrayValue')) !== undefined) return readArrayValue(v, `${path}.arrayValue`, depth + 1);
  if ((v = getField(obj, 'kvlistValue')) !== undefined) {
    const list = readObject(v, `${path}.kvlistValue`);
    const values = list === undefined ? undefined : getField(list, 'values');
    return new KvList(readAttributes(values, `${path}.kvlistValue.values`, depth + 1));
  }
  if ((v = getField(obj, 'bytesValue')) !== undefined) return limitBytes(readBytes(v, `${path}.bytesValue`));
  return null;
}

function readArrayValue(value: unknown, path: string, depth: number): AnyValue[] {
  const obj = readObject(value, path);
  if (obj === undefined) return [];
  const items = readArray(getField(obj, 'values'), `${path}.values`);
  const out = new Array<AnyValue>(limitArrayLength(items.length));
  for (let i = 0; i < out.length; i++) {
    const mark = cutsMark();
    out[i] = readAnyValue(items[i], `${path}.values[${i}]`, depth);
    if (cutsMark() !== mark) nameCuts(mark, `[${i}]`);
  }
  return out;
}

/** repeated KeyValue at `path` -> Attributes (a repeated key keeps its last value). */
export function readAttributes(value: unknown, path: string, depth = 0): Attributes {
  const items = readArray(value, path);
  const attributes: Attributes = {};
  const count = limitAttributeCount(items.length);
  for (let i = 0; i < count; i++) {
    const kv = readObject(items[i], `${path}[${i}]`);
    if (kv === undefined) continue;
    const key = readString(getField(kv, 'key'), `${path}[${i}].key`);
    const mark = cutsMark();
    setAttribute(attributes, key, readAnyValue(getField(kv, 'value'), `${path}[${i}].value`, depth));
    if (cutsMark() !== mark) nameCuts(mark, key);
  }
  return attributes;
}

/** An item's attribute list, its cuts named `label.<key>` (`label` alone: the list was too long). */
export function readNamedAttributes(value: unknown, path: string, label: string): Attributes {
  const mark = cutsMark();
  const attributes = readAttributes(value, path);
  if (cutsMark() !== mark) nameCuts(mark, label);
  return attributes;
}

export function readResource(value: unknown, path: string): Resource {
  const obj = readObject(value, path);
  if (obj === undefined) return { attributes: {}, droppedAttributesCount: 0 };
  const attributes = readNamedAttributes(getField(obj, 'attributes'), `${path}.attributes`, 'attributes');
  markCuts(attributes);
  return { attributes, droppedAttributesCount: readInt32(getField(obj, 'droppedAttributesCount'), `${path}.droppedAttributesCount`) };
}

export function readScope(value: unknown, path: string): InstrumentationScope {
  const obj = readObject(value, path);
  if (obj === undefined) return { name: '', version: '', attributes: {}, droppedAttributesCount: 0 };
  const name = limitField(readString(getField(obj, 'name'), `${path}.name`), 'name');
  const version = limitField(readString(getField(obj, 'version'), `${path}.version`), 'version');
  const attributes = readNamedAttributes(getField(obj, 'attributes'), `${path}.attributes`, 'attributes');
  markCuts(attributes);
  return { name, version, attributes, droppedAttributesCount: readInt32(getField(obj, 'droppedAttributesCount'), `${path}.droppedAttributesCount`) };
}
