// NORMALIZE stage, messages: converts decoded OTLP AnyValues into plain JSON-like values
// (KvList -> object, bigint -> number or decimal string, bytes -> base64) and parses
// JSON-carrying strings, so every convention reads one shape. Never throws.

import { KvList, type AnyValue } from '../../otlp/model.js';

export type PlainObject = Record<string, unknown>;

/** AnyValue -> plain value. Strings are kept as strings (see parseJsonText). */
export function toPlainValue(value: AnyValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof KvList) {
    const out: PlainObject = {};
    for (const key of Object.keys(value.values)) out[key] = toPlainValue(value.values[key]);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item));
  return value;
}

/** JSON.parse for strings that look like JSON objects/arrays/strings; undefined when not JSON. */
export function parseJsonText(text: string): unknown {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  const first = text[start];
  if (first !== '{' && first !== '[' && first !== '"') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain value with JSON strings parsed (one level): what "parsed JSON when valid" means. */
export function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parsed = parseJsonText(value);
  return parsed === undefined ? value : parsed;
}

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Reads attributes by key, converting and JSON-parsing each one at most once. */
export class AttributeReader {
  private readonly parsedCache = new Map<string, unknown>();

  constructor(readonly attributes: Record<string, AnyValue>) {}

  has(key: string): boolean {
    return this.attributes[key] !== undefined;
  }

  /** The attribute as a string (numbers/booleans stringified), undefined when absent or structured. */
  string(key: string): string | undefined {
    return asString(this.attributes[key]);
  }

  /** The attribute as plain data, strings JSON-parsed when they hold JSON; undefined when absent. */
  parsed(key: string): unknown {
    if (this.parsedCache.has(key)) return this.parsedCache.get(key);
    const raw = this.attributes[key];
    const value = raw === undefined ? undefined : parseMaybeJson(toPlainValue(raw));
    this.parsedCache.set(key, value);
    return value;
  }
}
