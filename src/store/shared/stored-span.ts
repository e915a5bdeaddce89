// STORE: turns a stored span's raw columns back into the decoded OTLP shape, so the
// normalizer can re-derive what is not stored (a span's SideML messages) at read time
// from exactly what was received. JSON objects revive as KvList, as decode produced them.
import { KvList, type AnyValue, type Attributes, type InstrumentationScope, type OtlpSpan, type Resource, type SpanEvent } from '../../otlp/model.js';
import { spanResourceJson } from './span-resources.js';

/** The columns a revived span needs (SQL: STORED_SPAN_COLUMNS with the `s` alias). */
export interface StoredSpanColumns {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: number;
  start_ns: string;
  end_ns: string;
  status_code: number;
  status_message: string | null;
  attributes_json: string;
  events_json: string | null;
  resource_json: string;
  scope_name: string | null;
  scope_version: string | null;
}

export const STORED_SPAN_COLUMNS = `s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, CAST(s.start_ns AS TEXT) AS start_ns,
  CAST(s.end_ns AS TEXT) AS end_ns, s.status_code, s.status_message, s.attributes_json, s.events_json, ${spanResourceJson('s')} AS resource_json,
  s.scope_name, s.scope_version`;

export interface RevivedSpan {
  span: OtlpSpan;
  resource: Resource;
  scope: InstrumentationScope;
}

export function reviveStoredSpan(row: StoredSpanColumns): RevivedSpan {
  const span: OtlpSpan = {
    traceId: row.trace_id, spanId: row.span_id, parentSpanId: row.parent_span_id ?? '', traceState: '', flags: 0,
    name: row.name, kind: row.kind, startTimeUnixNano: BigInt(row.start_ns), endTimeUnixNano: BigInt(row.end_ns),
    attributes: reviveAttributes(row.attributes_json), droppedAttributesCount: 0, events: reviveEvents(row.events_json),
    droppedEventsCount: 0, links: [], droppedLinksCount: 0, status: { code: row.status_code, message: row.status_message ?? '' },
  };
  return {
    span,
    resource: { attributes: reviveAttributes(row.resource_json), droppedAttributesCount: 0 },
    scope: { name: row.scope_name ?? '', version: row.scope_version ?? '', attributes: {}, droppedAttributesCount: 0 },
  };
}

function reviveAttributes(json: string | null): Attributes {
  return reviveMap(parseJson(json));
}

function reviveMap(value: unknown): Attributes {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Attributes = {};
  for (const [key, inner] of Object.entries(value)) out[key] = reviveValue(inner);
  return out;
}

function reviveValue(value: unknown): AnyValue {
  if (Array.isArray(value)) return value.map(reviveValue);
  if (value !== null && typeof value === 'object') {
    const values: Attributes = {};
    for (const [key, inner] of Object.entries(value)) values[key] = reviveValue(inner);
    return new KvList(values);
  }
  return value as AnyValue;
}

function reviveEvents(json: string | null): SpanEvent[] {
  const value = parseJson(json);
  if (!Array.isArray(value)) return [];
  return value.map((e: { time_unix_nano?: string; name?: string; attributes?: unknown }) => ({
    timeUnixNano: BigInt(e.time_unix_nano ?? 0), name: e.name ?? '',
    attributes: reviveMap(e.attributes), droppedAttributesCount: 0,
  }));
}

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
