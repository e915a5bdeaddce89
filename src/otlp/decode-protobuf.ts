// DECODE stage (protobuf): Export{Trace,Logs,Metrics}ServiceRequest bytes, as received over
// OTLP/gRPC or OTLP/HTTP with Content-Type application/x-protobuf -> the model in model.ts.
// protobufjs's runtime-generated decoders do the wire work; this file maps their output.

import type protobuf from 'protobufjs';
import { AppError } from '../errors.js';
import { toMetricPb } from './decode-protobuf-metrics.js';
import type {
  ExportLogsRequest,
  ExportMetricsRequest,
  ExportTraceRequest,
  OtlpLogRecord,
  OtlpSpan,
  SpanEvent,
  SpanLink,
} from './model.js';
import { otlpTypes } from './proto-loader.js';
import { countProtobufItems, LOG_RECORDS_FIELD_PATH, SPANS_FIELD_PATH } from './protobuf-item-count.js';
import { toAnyValue, toHex, toNamedAttributes, toResource, toScope, toUnsignedBigInt, type PbMessage } from './protobuf-values.js';
import { checkItemCount, cutsMark, forgetCuts, limitField, limitSpanList, markCuts, nameCuts } from './value-limits.js';

/** Runs a protobufjs decoder; any failure (truncated, bad wire type, too deep) becomes BAD_REQUEST. */
function decodeMessage(type: protobuf.Type, messageName: string, buf: Uint8Array): PbMessage {
  forgetCuts();
  try {
    // A Buffer makes protobufjs use its BufferReader (native utf8Slice for strings, zero-copy bytes).
    const input = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    return type.decode(input) as PbMessage;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('BAD_REQUEST', `cannot decode protobuf ${messageName}: ${reason}`, { cause: err });
  }
}

/** mapList for a span's events or links: each one's cuts named `events[i]…` for the span's mark. */
function mapNamedList<T>(items: PbMessage[], convert: (item: PbMessage) => T, label: string): T[] {
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) {
    const mark = cutsMark();
    out[i] = convert(items[i]!);
    if (cutsMark() !== mark) nameCuts(mark, `${label}[${i}]`);
  }
  return out;
}

/** Applies `convert` to every element; absent repeated fields are [] in the model. */
function mapList<T>(items: PbMessage[] | null | undefined, convert: (item: PbMessage) => T): T[] {
  if (items == null || items.length === 0) return [];
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = convert(items[i]!);
  return out;
}

export function decodeTraceRequestProtobuf(buf: Uint8Array): ExportTraceRequest {
  checkItemCount(countProtobufItems(buf, SPANS_FIELD_PATH), 'spans');
  const message = decodeMessage(otlpTypes.traceRequest, 'ExportTraceServiceRequest', buf);
  return {
    resourceSpans: mapList(message.resourceSpans, (rs) => ({
      resource: toResource(rs.resource),
      schemaUrl: rs.schemaUrl as string,
      scopeSpans: mapList(rs.scopeSpans, (ss) => ({
        scope: toScope(ss.scope),
        schemaUrl: ss.schemaUrl as string,
        spans: mapList(ss.spans, toSpan),
      })),
    })),
  };
}

function toSpan(span: PbMessage): OtlpSpan {
  const status: PbMessage | null = span.status;
  const allEvents: PbMessage[] = span.events ?? [];
  const allLinks: PbMessage[] = span.links ?? [];
  const events = limitSpanList(allEvents, 'events');
  const links = limitSpanList(allLinks, 'links');
  const decoded: OtlpSpan = {
    traceId: toHex(span.traceId),
    spanId: toHex(span.spanId),
    parentSpanId: toHex(span.parentSpanId),
    traceState: span.traceState as string,
    flags: span.flags as number,
    name: limitField(span.name as string, 'name'),
    kind: span.kind as number,
    startTimeUnixNano: toUnsignedBigInt(span.startTimeUnixNano),
    endTimeUnixNano: toUnsignedBigInt(span.endTimeUnixNano),
    attributes: toNamedAttributes(span.attributes, 'attributes'),
    droppedAttributesCount: span.droppedAttributesCount as number,
    events: mapNamedList(events, toSpanEvent, 'events'),
    droppedEventsCount: (span.droppedEventsCount as number) + allEvents.length - events.length,
    links: mapNamedList(links, toSpanLink, 'links'),
    droppedLinksCount: (span.droppedLinksCount as number) + allLinks.length - links.length,
    status: status == null ? { code: 0, message: '' } : { code: status.code as number, message: limitField(status.message as string, 'status.message') },
  };
  markCuts(decoded.attributes);
  return decoded;
}

function toSpanEvent(event: PbMessage): SpanEvent {
  return {
    timeUnixNano: toUnsignedBigInt(event.timeUnixNano),
    name: limitField(event.name as string, 'name'),
    attributes: toNamedAttributes(event.attributes, 'attributes'),
    droppedAttributesCount: event.droppedAttributesCount as number,
  };
}

function toSpanLink(link: PbMessage): SpanLink {
  return {
    traceId: toHex(link.traceId),
    spanId: toHex(link.spanId),
    traceState: link.traceState as string,
    attributes: toNamedAttributes(link.attributes, 'attributes'),
    droppedAttributesCount: link.droppedAttributesCount as number,
    flags: link.flags as number,
  };
}

export function decodeLogsRequestProtobuf(buf: Uint8Array): ExportLogsRequest {
  checkItemCount(countProtobufItems(buf, LOG_RECORDS_FIELD_PATH), 'log records');
  const message = decodeMessage(otlpTypes.logsRequest, 'ExportLogsServiceRequest', buf);
  return {
    resourceLogs: mapList(message.resourceLogs, (rl) => ({
      resource: toResource(rl.resource),
      schemaUrl: rl.schemaUrl as string,
      scopeLogs: mapList(rl.scopeLogs, (sl) => ({
        scope: toScope(sl.scope),
        schemaUrl: sl.schemaUrl as string,
        logRecords: mapList(sl.logRecords, toLogRecord),
      })),
    })),
  };
}

function toLogRecord(record: PbMessage): OtlpLogRecord {
  const mark = cutsMark();
  const body = toAnyValue(record.body);
  if (cutsMark() !== mark) nameCuts(mark, 'body');
  const decoded: OtlpLogRecord = {
    timeUnixNano: toUnsignedBigInt(record.timeUnixNano),
    observedTimeUnixNano: toUnsignedBigInt(record.observedTimeUnixNano),
    severityNumber: record.severityNumber as number,
    severityText: record.severityText as string,
    body,
    attributes: toNamedAttributes(record.attributes, 'attributes'),
    droppedAttributesCount: record.droppedAttributesCount as number,
    flags: record.flags as number,
    traceId: toHex(record.traceId),
    spanId: toHex(record.spanId),
    eventName: record.eventName as string,
  };
  markCuts(decoded.attributes);
  return decoded;
}

export function decodeMetricsRequestProtobuf(buf: Uint8Array): ExportMetricsRequest {
  const message = decodeMessage(otlpTypes.metricsRequest, 'ExportMetricsServiceRequest', buf);
  return {
    resourceMetrics: mapList(message.resourceMetrics, (rm) => ({
      resource: toResource(rm.resource),
      schemaUrl: rm.schemaUrl as string,
      scopeMetrics: mapList(rm.scopeMetrics, (sm) => ({
        scope: toScope(sm.scope),
        schemaUrl: sm.schemaUrl as string,
        metrics: mapList(sm.metrics, toMetricWithoutCuts),
      })),
    })),
  };
}

// Metric points keep their values cut to the limits, but have no attribute of their own to
// carry the mark: their cuts are counted only.
function toMetricWithoutCuts(metric: PbMessage): ReturnType<typeof toMetricPb> {
  const decoded = toMetricPb(metric);
  forgetCuts();
  return decoded;
}
