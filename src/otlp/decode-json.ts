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
  readAttributes,
  readEnum,
  readId,
  readInt32,
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
  try {
    const request = readObject(parsed, '(root)');
    return read(request ?? {});
  } catch (err) {
    if (err instanceof JsonFieldError) throw new AppError('BAD_REQUEST', `${prefix}: ${err.message}`, { cause: err });
    throw err;
  }
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
  return decodeJsonRequest(text, 'ExportTraceServiceRequest', (request) => ({
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
  return {
    traceId: readId(getField(span, 'traceId'), `${path}.traceId`),
    spanId: readId(getField(span, 'spanId'), `${path}.spanId`),
    parentSpanId: readId(getField(span, 'parentSpanId'), `${path}.parentSpanId`),
    traceState: readString(getField(span, 'traceState'), `${path}.traceState`),
    flags: readInt32(getField(span, 'flags'), `${path}.flags`),
    name: readString(getField(span, 'name'), `${path}.name`),
    kind: readEnum(getField(span, 'kind') ?? 0, `${path}.kind`, otlpEnums.spanKind),
    startTimeUnixNano: readUint64(getField(span, 'startTimeUnixNano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: readUint64(getField(span, 'endTimeUnixNano'), `${path}.endTimeUnixNano`),
    attributes: readAttributes(getField(span, 'attributes'), `${path}.attributes`),
    droppedAttributesCount: readInt32(getField(span, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    events: mapField(span, 'events', path, readSpanEvent),
    droppedEventsCount: readInt32(getField(span, 'droppedEventsCount'), `${path}.droppedEventsCount`),
    links: mapField(span, 'links', path, readSpanLink),
    droppedLinksCount: readInt32(getField(span, 'droppedLinksCount'), `${path}.droppedLinksCount`),
    status: readStatus(getField(span, 'status'), `${path}.status`),
  };
}

function readStatus(value: unknown, path: string): SpanStatus {
  const status = readObject(value, path);
  if (status === undefined) return { code: 0, message: '' };
  return {
    code: readEnum(getField(status, 'code') ?? 0, `${path}.code`, otlpEnums.statusCode),
    message: readString(getField(status, 'message'), `${path}.message`),
  };
}

function readSpanEvent(event: JsonObject, path: string): SpanEvent {
  return {
    timeUnixNano: readUint64(getField(event, 'timeUnixNano'), `${path}.timeUnixNano`),
    name: readString(getField(event, 'name'), `${path}.name`),
    attributes: readAttributes(getField(event, 'attributes'), `${path}.attributes`),
    droppedAttributesCount: readInt32(getField(event, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
  };
}

function readSpanLink(link: JsonObject, path: string): SpanLink {
  return {
    traceId: readId(getField(link, 'traceId'), `${path}.traceId`),
    spanId: readId(getField(link, 'spanId'), `${path}.spanId`),
    traceState: readString(getField(link, 'traceState'), `${path}.traceState`),
    attributes: readAttributes(getField(link, 'attributes'), `${path}.attributes`),
    droppedAttributesCount: readInt32(getField(link, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    flags: readInt32(getField(link, 'flags'), `${path}.flags`),
  };
}

export function decodeLogsRequestJson(text: string | Uint8Array): ExportLogsRequest {
  return decodeJsonRequest(text, 'ExportLogsServiceRequest', (request) => ({
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
  return {
    timeUnixNano: readUint64(getField(record, 'timeUnixNano'), `${path}.timeUnixNano`),
    observedTimeUnixNano: readUint64(getField(record, 'observedTimeUnixNano'), `${path}.observedTimeUnixNano`),
    severityNumber: readEnum(getField(record, 'severityNumber') ?? 0, `${path}.severityNumber`, otlpEnums.severityNumber),
    severityText: readString(getField(record, 'severityText'), `${path}.severityText`),
    body: readAnyValue(getField(record, 'body'), `${path}.body`),
    attributes: readAttributes(getField(record, 'attributes'), `${path}.attributes`),
    droppedAttributesCount: readInt32(getField(record, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    flags: readInt32(getField(record, 'flags'), `${path}.flags`),
    traceId: readId(getField(record, 'traceId'), `${path}.traceId`),
    spanId: readId(getField(record, 'spanId'), `${path}.spanId`),
    eventName: readString(getField(record, 'eventName'), `${path}.eventName`),
  };
}

export function decodeMetricsRequestJson(text: string | Uint8Array): ExportMetricsRequest {
  return decodeJsonRequest(text, 'ExportMetricsServiceRequest', (request) => ({
    resourceMetrics: mapField(request, 'resourceMetrics', '', (rm, rmPath) => ({
      resource: readResource(getField(rm, 'resource'), `${rmPath}.resource`),
      schemaUrl: readString(getField(rm, 'schemaUrl'), `${rmPath}.schemaUrl`),
      scopeMetrics: mapField(rm, 'scopeMetrics', rmPath, (sm, smPath) => ({
        scope: readScope(getField(sm, 'scope'), `${smPath}.scope`),
        schemaUrl: readString(getField(sm, 'schemaUrl'), `${smPath}.schemaUrl`),
        metrics: mapField(sm, 'metrics', smPath, readMetricJson),
      })),
    })),
  }));
}
