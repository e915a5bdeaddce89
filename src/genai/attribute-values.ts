// NORMALIZE stage, input side: safe readers over decoded OTLP AnyValues, and a per-span view
// that looks attributes up by key and parses each JSON attribute at most once.
// Input: an OtlpSpan + resource + scope. Output: strings, finite numbers, string arrays, plain JSON.
// Every reader returns null for a wrong type or a malformed value; none of them throws.

import { KvList, type AnyValue, type Attributes, type InstrumentationScope, type OtlpSpan, type Resource } from '../otlp/model.js';

/** JSON text larger than this is not parsed by the normalizer (previews/messages handle big payloads). */
const MAX_JSON_CHARS = 256 * 1024;
const MAX_PLAIN_DEPTH = 32;
const NUMERIC_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function readString(value: AnyValue | undefined): string | null {
  switch (typeof value) {
    case 'string':
      return value.length > 0 ? value : null;
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      return null;
  }
}

/** A finite number from a double, an int64, or numeric text ("12", "1e3"); else null. */
export function readNumber(value: AnyValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  // Short strings only: numbers-as-strings are common (Python SDKs), big strings never are.
  if (typeof value === 'string' && value.length <= 40 && NUMERIC_TEXT.test(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A token count: a finite, non-negative number, rounded to an integer. */
export function readCount(value: AnyValue | undefined): number | null {
  const parsed = readNumber(value);
  return parsed !== null && parsed >= 0 ? Math.round(parsed) : null;
}

export function readBoolean(value: AnyValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

/** Strings of an array value, of a JSON array in a string, or a single string as one item. */
export function readStringArray(value: AnyValue | undefined): string[] {
  if (Array.isArray(value)) return collectStrings(value);
  if (typeof value === 'string') {
    if (value.startsWith('[')) {
      const parsed = parseJsonText(value);
      return Array.isArray(parsed) ? collectStrings(parsed as AnyValue[]) : [];
    }
    return value.length > 0 ? [value] : [];
  }
  return [];
}

function collectStrings(items: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    const text = readString(item as AnyValue);
    if (text !== null) out.push(text);
  }
  return out;
}

/** JSON.parse that returns undefined instead of throwing, and skips oversized text. */
export function parseJsonText(text: string, maxChars = MAX_JSON_CHARS): unknown {
  if (text.length === 0 || text.length > maxChars) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An AnyValue as plain JSON-able data: kvlists become objects, int64 a number (or a string
 *  when beyond 2^53), bytes base64 text. */
export function toPlainValue(value: AnyValue | undefined, depth = 0): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value !== 'object') return value;
  if (depth >= MAX_PLAIN_DEPTH) return null;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item, depth + 1));
  if (value instanceof KvList) {
    const out: Record<string, unknown> = {};
    for (const key in value.values) out[key] = toPlainValue(value.values[key], depth + 1);
    return out;
  }
  return null;
}

/** Structured data of a value: parsed JSON text, or the plain form of a kvlist/array. */
export function readJson(value: AnyValue | undefined): unknown {
  if (typeof value === 'string') {
    const first = value.charCodeAt(0);
    // '{' '[' '"' only: plain text is common and must not cost a failed parse.
    if (first === 123 || first === 91 || first === 34) return parseJsonText(value);
    return undefined;
  }
  if (value instanceof KvList || Array.isArray(value)) return toPlainValue(value);
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One span seen by the conventions: attribute lookups by key, JSON parsed once per key. */
export class SpanView {
  readonly attributes: Attributes;
  readonly resourceAttributes: Attributes;
  readonly scopeName: string;
  private readonly jsonCache = new Map<string, unknown>();
  private keyList: string[] | null = null;

  constructor(
    readonly span: OtlpSpan,
    readonly resource: Resource,
    readonly scope: InstrumentationScope,
  ) {
    this.attributes = span.attributes ?? {};
    this.resourceAttributes = resource?.attributes ?? {};
    this.scopeName = typeof scope?.name === 'string' ? scope.name : '';
  }

  has(key: string): boolean {
    const value = this.attributes[key];
    return value !== undefined && value !== null;
  }

  raw(key: string): AnyValue | undefined {
    return this.attributes[key];
  }

  string(key: string): string | null {
    return readString(this.attributes[key]);
  }

  number(key: string): number | null {
    return readNumber(this.attributes[key]);
  }

  count(key: string): number | null {
    return readCount(this.attributes[key]);
  }

  stringArray(key: string): string[] {
    return readStringArray(this.attributes[key]);
  }

  /** Parsed JSON (or plain structured value) of an attribute; undefined when absent or malformed. */
  json(key: string): unknown {
    if (this.jsonCache.has(key)) return this.jsonCache.get(key);
    const parsed = readJson(this.attributes[key]);
    this.jsonCache.set(key, parsed);
    return parsed;
  }

  /** Attribute keys starting with `prefix`. One scan of the keys per span, shared by all callers. */
  keysWithPrefix(prefix: string): string[] {
    if (this.keyList === null) this.keyList = Object.keys(this.attributes);
    const out: string[] = [];
    for (const key of this.keyList) if (key.startsWith(prefix)) out.push(key);
    return out;
  }

  resourceString(key: string): string | null {
    return readString(this.resourceAttributes[key]);
  }
}

/** Flattened `prefix.key` attributes (JSON values parsed) plus a whole-object `prefix` attribute. */
export function readPrefixedMetadata(view: SpanView, prefix: string): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  const whole = view.json(prefix);
  if (isPlainObject(whole)) out = { ...whole };
  for (const key of view.keysWithPrefix(prefix + '.')) {
    out ??= {};
    const raw = view.raw(key);
    out[key.slice(prefix.length + 1)] = typeof raw === 'string' ? readJson(raw) ?? raw : toPlainValue(raw);
  }
  return out;
}
