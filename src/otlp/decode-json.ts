// DECODE stage (OTLP/JSON): Export{Trace,Logs,Metrics}ServiceRequest as OTLP/JSON text
// (OTLP/HTTP with Content-Type application/json) -> the model in model.ts, the same output
// the protobuf decoder produces. Shape errors name the field path (AppError BAD_REQUEST).

import { AppError } from '../errors.js';
import { readMetricJson } from './decode-json-metrics.js';
import {
  JsonFieldError,
  getField,
  readAnyValue,
  readArray,
  readEnum,
  readId,
  readInt32,
  readNamedAttributes,
  readObject,
  readResource,
  readScope,
  readString,
  readUint64,
  type JsonObject,
} from './json-values.js';
import type {
  ExportLogsRequest,
  ExportMetricsRequest,
  ExportTraceRequest,
  OtlpLogRecord,
  OtlpSpan,
  SpanEvent,
  SpanLink,
  SpanStatus,
} from './model.js';
import { otlpEnums } from './proto-loader.js';
import { checkItemCount, cutsMark, forgetCuts, limitField, limitSpanList, markCuts, nameCuts } from './value-limits.js';

const textDecoder = new TextDecoder();

/** Parses the body and runs `read` on the top-level object; every failure is BAD_REQUEST. */
function decodeJsonRequest<T>(text: string | Uint8Array, messageName: string, read: (request: JsonObject) => T): T {
  const prefix = `cannot decode OTLP/JSON ${messageName}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof text === 'string' ? text : textDecoder.decode(text));
  } catch (err) {
    throw new AppError('BAD_REQUEST', `${prefix}: invalid JSON: ${(err as Error).message}`, { cause: err });
  }
  forgetCuts();
  try {
    const request = readObject(parsed, '(root)');
    return read(request ?? {});
  } catch (err) {
    if (err instanceof JsonFieldError) throw new AppError('BAD_REQUEST', `${prefix}: ${err.message}`, { cause: err });
    throw err;
  }
}

/** Spans or log records in a parsed request (resource -> scope -> items), counted before they
 *  become model objects; a shape that is not arrays counts 0 here and is reported by the reader. */
function countJsonItems(request: JsonObject, resources: string, scopes: string, items: string): number {
  let count = 0;
  for (const resource of arrayOrEmpty(getField(request, resources))) {
    for (const scope of arrayOrEmpty(isObject(resource) ? getField(resource, scopes) : undefined)) {
      const list = isObject(scope) ? getField(scope, items) : undefined;
      if (Array.isArray(list)) count += list.length;
    }
  }
  return count;
}

function arrayOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null;
}

/** mapField for a span's events or links: each one's cuts named `events[i]…` for the span's mark. */
function mapNamedField<T>(obj: JsonObject, name: string, path: string, read: (item: JsonObject, path: string) => T): T[] {
  const base = `${path}.${name}`;
  const items = limitSpanList(readArray(getField(obj, name), base), name as 'events' | 'links');
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) {
    const mark = cutsMark();
    out[i] = read(readObject(items[i], `${base}[${i}]`) ?? {}, `${base}[${i}]`);
    if (cutsMark() !== mark) nameCuts(mark, `${name}[${i}]`);
  }
  return out;
}

/** Reads the array at `obj[name]` (camelCase or snake_case), converting each element object. */
function mapField<T>(obj: JsonObject, name: string, path: string, read: (item: JsonObject, path: string) => T): T[] {
  const base = path === '' ? name : `${path}.${name}`;
  const items = readArray(getField(obj, name), base);
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) {
    const itemPath = `${base}[${i}]`;
    out[i] = read(readObject(items[i], itemPath) ?? {}, itemPath);
  }
  return out;
}

export function decodeTraceRequestJson(text: string | Uint8Array): ExportTraceRequest {
  return decodeJsonRequest(text, 'ExportTraceServiceRequest', (request) => (checkItemCount(countJsonItems(request, 'resourceSpans', 'scopeSpans', 'spans'), 'spans'), {
    resourceSpans: mapField(request, 'resourceSpans', '', (rs, rsPath) => ({
      resource: readResource(getField(rs, 'resource'), `${rsPath}.resource`),
      schemaUrl: readString(getField(rs, 'schemaUrl'), `${rsPath}.schemaUrl`),
      scopeSpans: mapField(rs, 'scopeSpans', rsPath, (ss, ssPath) => ({
        scope: readScope(getField(ss, 'scope'), `${ssPath}.scope`),
        schemaUrl: readString(getField(ss, 'schemaUrl'), `${ssPath}.schemaUrl`),
        spans: mapField(ss, 'spans', ssPath, readSpan),
      })),
    })),
  }));
}

function readSpan(span: JsonObject, path: string): OtlpSpan {
  const eventCount = readArray(getField(span, 'events'), `${path}.events`).length;
  const linkCount = readArray(getField(span, 'links'), `${path}.links`).length;
  const decoded: OtlpSpan = {
    traceId: readId(getField(span, 'traceId'), `${path}.traceId`),
    spanId: readId(getField(span, 'spanId'), `${path}.spanId`),
    parentSpanId: readId(getField(span, 'parentSpanId'), `${path}.parentSpanId`),
    traceState: readString(getField(span, 'traceState'), `${path}.traceState`),
    flags: readInt32(getField(span, 'flags'), `${path}.flags`),
    name: limitField(readString(getField(span, 'name'), `${path}.name`), 'name'),
    kind: readEnum(getField(span, 'kind') ?? 0, `${path}.kind`, otlpEnums.spanKind),
    startTimeUnixNano: readUint64(getField(span, 'startTimeUnixNano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: readUint64(getField(span, 'endTimeUnixNano'), `${path}.endTimeUnixNano`),
    attributes: readNamedAttributes(getField(span, 'attributes'), `${path}.attributes`, 'attributes'),
    droppedAttributesCount: readInt32(getField(span, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    events: mapNamedField(span, 'events', path, readSpanEvent),
    droppedEventsCount: readInt32(getField(span, 'droppedEventsCount'), `${path}.droppedEventsCount`),
    links: mapNamedField(span, 'links', path, readSpanLink),
    droppedLinksCount: readInt32(getField(span, 'droppedLinksCount'), `${path}.droppedLinksCount`),
    status: readStatus(getField(span, 'status'), `${path}.status`),
  };
  decoded.droppedEventsCount += eventCount - decoded.events.length;
  decoded.droppedLinksCount += linkCount - decoded.links.length;
  markCuts(decoded.attributes);
  return decoded;
}

function readStatus(value: unknown, path: string): SpanStatus {
  const status = readObject(value, path);
  if (status === undefined) return { code: 0, message: '' };
  return {
    code: readEnum(getField(status, 'code') ?? 0, `${path}.code`, otlpEnums.statusCode),
    message: limitField(readString(getField(status, 'message'), `${path}.message`), 'status.message'),
  };
}

function readSpanEvent(event: JsonObject, path: string): SpanEvent {
  return {
    timeUnixNano: readUint64(getField(event, 'timeUnixNano'), `${path}.timeUnixNano`),
    name: limitField(readString(getField(event, 'name'), `${path}.name`), 'name'),
    attributes: readNamedAttributes(getField(event, 'attributes'), `${path}.attributes`, 'attributes'),
    droppedAttributesCount: readInt32(getField(event, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
  };
}

function readSpanLink(link: JsonObject, path: string): SpanLink {
  return {
    traceId: readId(getField(link, 'traceId'), `${path}.traceId`),
    spanId: readId(getField(link, 'spanId'), `${path}.spanId`),
    traceState: readString(getField(link, 'traceState'), `${path}.traceState`),
    attributes: readNamedAttributes(getField(link, 'attributes'), `${path}.attributes`, 'attributes'),
    droppedAttributesCount: readInt32(getField(link, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    flags: readInt32(getField(link, 'flags'), `${path}.flags`),
  };
}

export function decodeLogsRequestJson(text: string | Uint8Array): ExportLogsRequest {
  return decodeJsonRequest(text, 'ExportLogsServiceRequest', (request) => (checkItemCount(countJsonItems(request, 'resourceLogs', 'scopeLogs', 'logRecords'), 'log records'), {
    resourceLogs: mapField(request, 'resourceLogs', '', (rl, rlPath) => ({
      resource: readResource(getField(rl, 'resource'), `${rlPath}.resource`),
      schemaUrl: readString(getField(rl, 'schemaUrl'), `${rlPath}.schemaUrl`),
      scopeLogs: mapField(rl, 'scopeLogs', rlPath, (sl, slPath) => ({
        scope: readScope(getField(sl, 'scope'), `${slPath}.scope`),
        schemaUrl: readString(getField(sl, 'schemaUrl'), `${slPath}.schemaUrl`),
        logRecords: mapField(sl, 'logRecords', slPath, readLogRecord),
      })),
    })),
  }));
}

function readLogRecord(record: JsonObject, path: string): OtlpLogRecord {
  const mark = cutsMark();
  const body = readAnyValue(getField(record, 'body'), `${path}.body`);
  if (cutsMark() !== mark) nameCuts(mark, 'body');
  const decoded: OtlpLogRecord = {
    timeUnixNano: readUint64(getField(record, 'timeUnixNano'), `${path}.timeUnixNano`),
    observedTimeUnixNano: readUint64(getField(record, 'observedTimeUnixNano'), `${path}.observedTimeUnixNano`),
    severityNumber: readEnum(getField(record, 'severityNumber') ?? 0, `${path}.severityNumber`, otlpEnums.severityNumber),
    severityText: readString(getField(record, 'severityText'), `${path}.severityText`),
    body,
    attributes: readNamedAttributes(getField(record, 'attributes'), `${path}.attributes`, 'attributes'),
    droppedAttributesCount: readInt32(getField(record, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    flags: readInt32(getField(record, 'flags'), `${path}.flags`),
    traceId: readId(getField(record, 'traceId'), `${path}.traceId`),
    spanId: readId(getField(record, 'spanId'), `${path}.spanId`),
    eventName: readString(getField(record, 'eventName'), `${path}.eventName`),
  };
  markCuts(decoded.attributes);
  return decoded;
}

export function decodeMetricsRequestJson(text: string | Uint8Array): ExportMetricsRequest {
  return decodeJsonRequest(text, 'ExportMetricsServiceRequest', (request) => ({
    resourceMetrics: mapField(request, 'resourceMetrics', '', (rm, rmPath) => ({
      resource: readResource(getField(rm, 'resource'), `${rmPath}.resource`),
      schemaUrl: readString(getField(rm, 'schemaUrl'), `${rmPath}.schemaUrl`),
      scopeMetrics: mapField(rm, 'scopeMetrics', rmPath, (sm, smPath) => ({
        scope: readScope(getField(sm, 'scope'), `${smPath}.scope`),
        schemaUrl: readString(getField(sm, 'schemaUrl'), `${smPath}.schemaUrl`),
        metrics: mapField(sm, 'metrics', smPath, readMetricWithoutCuts),
      })),
    })),
  }));
}

// Metric points keep their values cut to the limits, but have no attribute of their own to
// carry the mark: their cuts are counted only.
function readMetricWithoutCuts(metric: JsonObject, path: string): ReturnType<typeof readMetricJson> {
  const decoded = readMetricJson(metric, path);
  forgetCuts();
  return decoded;
}
