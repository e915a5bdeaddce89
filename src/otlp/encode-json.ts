// ENCODE stage (OTLP/JSON), the inverse of decode-json.ts: the model in model.ts ->
// Export{Trace,Logs}ServiceRequest as one line of OTLP/JSON, as the Collector's file exporter
// writes it: hex ids, int64 and ns times as decimal strings, enums as numbers, defaults left out.
import {
  KvList,
  type AnyValue,
  type Attributes,
  type ExportLogsRequest,
  type ExportTraceRequest,
  type InstrumentationScope,
  type OtlpLogRecord,
  type OtlpSpan,
  type Resource,
  type SpanEvent,
  type SpanLink,
} from './model.js';

type JsonObject = Record<string, unknown>;

export function encodeTraceRequestJson(request: ExportTraceRequest): string {
  return JSON.stringify({
    resourceSpans: request.resourceSpans.map((rs) => withOptional({
      resource: encodeResource(rs.resource),
      scopeSpans: rs.scopeSpans.map((ss) => withOptional({ scope: encodeScope(ss.scope), spans: ss.spans.map(encodeSpan) }, { schemaUrl: ss.schemaUrl })),
    }, { schemaUrl: rs.schemaUrl })),
  });
}

export function encodeLogsRequestJson(request: ExportLogsRequest): string {
  return JSON.stringify({
    resourceLogs: request.resourceLogs.map((rl) => withOptional({
      resource: encodeResource(rl.resource),
      scopeLogs: rl.scopeLogs.map((sl) => withOptional({ scope: encodeScope(sl.scope), logRecords: sl.logRecords.map(encodeLogRecord) }, { schemaUrl: sl.schemaUrl })),
    }, { schemaUrl: rl.schemaUrl })),
  });
}

// Fields in the .proto's order, as the Collector writes them; the status object is always
// written (an empty one is UNSET), like the Collector does.
function encodeSpan(span: OtlpSpan): JsonObject {
  return withOptional({ traceId: span.traceId, spanId: span.spanId }, {
    traceState: span.traceState, parentSpanId: span.parentSpanId, flags: span.flags, name: span.name, kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano, endTimeUnixNano: span.endTimeUnixNano, attributes: encodeAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount, events: span.events.map(encodeEvent), droppedEventsCount: span.droppedEventsCount,
    links: span.links.map(encodeLink), droppedLinksCount: span.droppedLinksCount,
    status: withOptional({}, { message: span.status.message, code: span.status.code }),
  });
}

function encodeEvent(event: SpanEvent): JsonObject {
  return withOptional({}, {
    timeUnixNano: event.timeUnixNano, name: event.name, attributes: encodeAttributes(event.attributes), droppedAttributesCount: event.droppedAttributesCount,
  });
}

function encodeLink(link: SpanLink): JsonObject {
  return withOptional({ traceId: link.traceId, spanId: link.spanId }, {
    traceState: link.traceState, attributes: encodeAttributes(link.attributes), droppedAttributesCount: link.droppedAttributesCount, flags: link.flags,
  });
}

function encodeLogRecord(record: OtlpLogRecord): JsonObject {
  return withOptional({}, {
    timeUnixNano: record.timeUnixNano, observedTimeUnixNano: record.observedTimeUnixNano, severityNumber: record.severityNumber,
    severityText: record.severityText, body: record.body === null ? undefined : encodeAnyValue(record.body),
    attributes: encodeAttributes(record.attributes), droppedAttributesCount: record.droppedAttributesCount, flags: record.flags,
    traceId: record.traceId, spanId: record.spanId, eventName: record.eventName,
  });
}

function encodeResource(resource: Resource): JsonObject {
  return withOptional({}, { attributes: encodeAttributes(resource.attributes), droppedAttributesCount: resource.droppedAttributesCount });
}

function encodeScope(scope: InstrumentationScope): JsonObject {
  return withOptional({}, {
    name: scope.name, version: scope.version, attributes: encodeAttributes(scope.attributes), droppedAttributesCount: scope.droppedAttributesCount,
  });
}

export function encodeAttributes(attributes: Attributes): JsonObject[] {
  return Object.keys(attributes).map((key) => ({ key, value: encodeAnyValue(attributes[key]!) }));
}

/** One AnyValue; the empty AnyValue (null) is `{}`, as decode reads it. */
export function encodeAnyValue(value: AnyValue): JsonObject {
  if (value === null || value === undefined) return {};
  switch (typeof value) {
    case 'string': return { stringValue: value };
    case 'boolean': return { boolValue: value };
    case 'bigint': return { intValue: value.toString() };
    case 'number': return { doubleValue: encodeDouble(value) };
  }
  if (value instanceof Uint8Array) return { bytesValue: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return { arrayValue: withOptional({}, { values: value.map(encodeAnyValue) }) };
  if (value instanceof KvList) return { kvlistValue: withOptional({}, { values: encodeAttributes(value.values) }) };
  return {};
}

/** JSON has no NaN or infinities: the proto3 JSON mapping writes them as strings. */
function encodeDouble(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** `required` plus each optional field that is not its proto3 default ('' / 0 / [] / undefined);
 *  bigints (int64, ns times) become decimal strings. */
function withOptional(required: JsonObject, optional: JsonObject): JsonObject {
  const out = required;
  for (const key in optional) {
    const value = optional[key];
    if (value === undefined || value === '' || value === 0 || value === 0n || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = typeof value === 'bigint' ? value.toString() : value;
  }
  return out;
}
