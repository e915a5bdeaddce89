// Test support: builds decoded spans/log records from compact fixture files in
// test/fixtures/messages/ by writing real OTLP/JSON and running it through the JSON decoder.
// Fixture attribute values: string -> stringValue, integer -> intValue, other number ->
// doubleValue, boolean, array -> arrayValue, object -> kvlistValue (structured AnyValue).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeLogsRequestJson, decodeTraceRequestJson } from '../../../src/otlp/decode-json.js';
import type { InstrumentationScope, OtlpLogRecord, OtlpSpan, Resource } from '../../../src/otlp/model.js';
import type { SideMLMessage } from '../../../src/genai/types.js';

export const MESSAGE_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/messages');

export function loadFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(MESSAGE_FIXTURES, name), 'utf8')) as T;
}

function toAnyValueJson(value: unknown): unknown {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toAnyValueJson) } };
  if (value !== null && typeof value === 'object') return { kvlistValue: { values: toAttributesJson(value as Record<string, unknown>) } };
  return {};
}

function toAttributesJson(attributes: Record<string, unknown>): unknown[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: toAnyValueJson(value) }));
}

export interface SpanSpec {
  name?: string;
  spanId?: string;
  start?: string;
  end?: string;
  scope?: string;
  attributes?: Record<string, unknown>;
  events?: { name: string; time?: string; attributes?: Record<string, unknown> }[];
}

export interface DecodedSpan {
  span: OtlpSpan;
  resource: Resource;
  scope: InstrumentationScope;
}

export function decodeSpans(specs: SpanSpec[]): DecodedSpan[] {
  const spans = specs.map((spec, i) => ({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: spec.spanId ?? `00000000000000${String(i + 1).padStart(2, '0')}`,
    name: spec.name ?? 'span',
    kind: 1,
    startTimeUnixNano: spec.start ?? String(1_000_000_000 + i * 10),
    endTimeUnixNano: spec.end ?? String(1_000_000_000 + i * 10 + 5),
    attributes: toAttributesJson(spec.attributes ?? {}),
    events: (spec.events ?? []).map((e) => ({ name: e.name, timeUnixNano: e.time ?? '1000000001', attributes: toAttributesJson(e.attributes ?? {}) })),
  }));
  const request = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: specs[0]?.scope ?? 'test' }, spans }] }] };
  const decoded = decodeTraceRequestJson(JSON.stringify(request));
  const rs = decoded.resourceSpans[0]!;
  const ss = rs.scopeSpans[0]!;
  return ss.spans.map((span) => ({ span, resource: rs.resource, scope: ss.scope }));
}

export interface LogSpec {
  eventName?: string;
  time?: string;
  body?: unknown;
  attributes?: Record<string, unknown>;
}

export function decodeLogs(specs: LogSpec[]): { log: OtlpLogRecord; resource: Resource; scope: InstrumentationScope }[] {
  const logRecords = specs.map((spec) => ({
    timeUnixNano: spec.time ?? '1000000001',
    eventName: spec.eventName ?? '',
    body: spec.body === undefined ? undefined : toAnyValueJson(spec.body),
    attributes: toAttributesJson(spec.attributes ?? {}),
  }));
  const request = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 'opentelemetry.instrumentation.openai_v2' }, logRecords }] }] };
  const decoded = decodeLogsRequestJson(JSON.stringify(request));
  const rl = decoded.resourceLogs[0]!;
  const sl = rl.scopeLogs[0]!;
  return sl.logRecords.map((log) => ({ log, resource: rl.resource, scope: sl.scope }));
}

/** Messages without `source` (asserted separately where it matters) for readable expectations. */
export function withoutSource(messages: SideMLMessage[]): Omit<SideMLMessage, 'source'>[] {
  return messages.map(({ source: _source, ...rest }) => rest);
}
