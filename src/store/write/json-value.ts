// STORE: writes decoded OTLP values as JSON text for the *_json columns, exactly.
// int64 (bigint) is written as a bare JSON integer, so SQLite's json functions see the
// exact value (JSON.stringify cannot write a bigint); doubles always carry a '.' or an
// exponent so an integral double (1.0) stays distinguishable from an int; bytes are
// base64 strings; kvlists are objects; arrays arrays.
import { KvList, type AnyValue, type Attributes } from '../../otlp/model.js';

export function writeAnyValueJson(value: AnyValue): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return writeDoubleJson(value);
  }
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  if (Array.isArray(value)) return '[' + value.map(writeAnyValueJson).join(',') + ']';
  if (value instanceof KvList) return writeAttributesJson(value.values);
  return 'null';
}

// Joined, not appended with +=: appending builds a tree of ~2 concatenations per attribute
// that whoever reads the text first (postMessage to the writer) has to flatten. Measured with
// bench/pipeline.ts, 3 alternating pairs: main thread 2-7 µs/span less.
export function writeAttributesJson(attributes: Attributes): string {
  const parts: string[] = [];
  for (const key in attributes) parts.push(keyPrefixJson(key) + writeAnyValueJson(attributes[key]!));
  return `{${parts.join(',')}}`;
}

// `"key":` per attribute key, kept: spans repeat the same few dozen keys, and a
// JSON.stringify call per key was ~1.5 of the ~8.5 µs a span's attribute JSON took.
// Bounded in count and key length, so keys a sender invents cannot grow it past ~3 MB.
const keyPrefixes = new Map<string, string>();
const MAX_KEY_PREFIXES = 10_000;
const MAX_CACHED_KEY_CHARS = 128;

function keyPrefixJson(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix !== undefined) return prefix;
  prefix = JSON.stringify(key) + ':';
  if (key.length <= MAX_CACHED_KEY_CHARS) {
    if (keyPrefixes.size >= MAX_KEY_PREFIXES) keyPrefixes.clear();
    keyPrefixes.set(key, prefix);
  }
  return prefix;
}

/** Any JSON-able value that may contain bigints (e.g. metric points, normalized messages).
 *  The plain JSON.stringify runs first (a replacer function costs ~5x on this hot path);
 *  only a value holding a bigint, which makes it throw, takes the slow path. */
export function writeJsonWithBigints(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}` : v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v).toString('base64') : v));
  }
}

function writeDoubleJson(value: number): string {
  // JSON has no NaN/Infinity; OTLP/JSON (proto3 mapping) writes them as strings.
  if (Number.isNaN(value)) return '"NaN"';
  if (value === Infinity) return '"Infinity"';
  if (value === -Infinity) return '"-Infinity"';
  const text = String(value);
  return Number.isInteger(value) && !/[e.]/i.test(text) ? text + '.0' : text;
}
