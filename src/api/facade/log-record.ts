// QUERY/SERVE (observability facade): a POST /logs body -> an OTLP log record (otlp/model.ts)
// -> the LogRow OTLP logs become (ingest-rows.ts buildLogRow), so facade logs are stored,
// indexed and deleted exactly like exported ones. Pure: no I/O.
import { toOtlpSpanId, toOtlpTraceId } from '../../direct-ingest/ids.js';
import { buildLogRow } from '../../ingest-rows.js';
import { KvList, type AnyValue, type Attributes, type ResourceLogs, type ScopeLogs } from '../../otlp/model.js';
import type { LogRow } from '../../store/shared/rows.js';
import { toIsoTime } from './facade-time.js';

/** OTLP SeverityNumber of each level name (logs data model: the first number of each range). */
export const SEVERITY_NUMBERS: Readonly<Record<string, number>> = {
  trace: 1, debug: 5, info: 9, warning: 13, warn: 13, error: 17, critical: 21, fatal: 21,
};

/** The accepted names, as a 422 lists them. */
export const LEVEL_NAMES = "'debug', 'info', 'warning' or 'warn', 'error', 'critical' or 'fatal'";

export const SCOPE_NAME = 'tracelite.observability-api';
const MAX_DEPTH = 16;

export interface FacadeLog {
  level: string;
  message: string;
  attributes?: Record<string, unknown> | null;
  trace_id?: string | null;
  span_id?: string | null;
  timestamp?: string | number | null;
}

export function severityOf(level: string): number | undefined {
  return Object.hasOwn(SEVERITY_NUMBERS, level.toLowerCase()) ? SEVERITY_NUMBERS[level.toLowerCase()] : undefined;
}

export function buildFacadeLogRow(projectId: string, log: FacadeLog, nowMs: number): LogRow {
  const nowNs = BigInt(nowMs) * 1_000_000n;
  const iso = log.timestamp === null || log.timestamp === undefined ? null : toIsoTime(log.timestamp);
  const resourceLogs: ResourceLogs = { resource: { attributes: {}, droppedAttributesCount: 0 }, schemaUrl: '', scopeLogs: [] };
  const scopeLogs: ScopeLogs = { scope: { name: SCOPE_NAME, version: '', attributes: {}, droppedAttributesCount: 0 }, schemaUrl: '', logRecords: [] };
  return buildLogRow(projectId, resourceLogs, scopeLogs, {
    timeUnixNano: iso === null ? nowNs : BigInt(Date.parse(iso)) * 1_000_000n,
    observedTimeUnixNano: nowNs,
    severityNumber: severityOf(log.level) ?? 0,
    severityText: log.level,
    body: log.message,
    attributes: toAttributes(log.attributes ?? {}, 0),
    droppedAttributesCount: 0,
    flags: 0,
    traceId: log.trace_id ? toOtlpTraceId(log.trace_id) : '',
    spanId: log.span_id ? toOtlpSpanId(log.span_id) : '',
    eventName: '',
  }, nowMs);
}

function toAttributes(object: Record<string, unknown>, depth: number): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(object)) out[key] = toAnyValue(value, depth + 1);
  return out;
}

/** JSON -> AnyValue: integers become intValue, objects kvlistValue (deeper than MAX_DEPTH: JSON text). */
function toAnyValue(value: unknown, depth: number): AnyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (depth > MAX_DEPTH) return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((item) => toAnyValue(item, depth + 1));
  if (typeof value === 'object') return new KvList(toAttributes(value as Record<string, unknown>, depth));
  return String(value);
}
