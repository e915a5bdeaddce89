// Test support: re-encodes an OTLP/JSON fixture as protobuf with protobufjs (an encoder that is
// not ours) so each fixture can be decoded through both codecs and compared.
// OTLP/JSON differs from protobufjs's JSON mapping in two ways handled here: snake_case keys
// are accepted, and ids are hex (protobufjs reads bytes fields as base64).

import type protobuf from 'protobufjs';

const HEX_ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

function toCamelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function toProtobufJsObject(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toProtobufJsObject);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [rawKey, child] of Object.entries(value)) {
    const key = toCamelCase(rawKey);
    out[key] = HEX_ID_KEYS.has(key) && typeof child === 'string' ? Buffer.from(child, 'hex').toString('base64') : toProtobufJsObject(child);
  }
  return out;
}

export function encodeJsonAsProtobuf(type: protobuf.Type, json: unknown): Uint8Array {
  return type.encode(type.fromObject(toProtobufJsObject(json) as Record<string, unknown>)).finish();
}
