// Builds OTLP/JSON export requests (the JSON mapping of ExportTraceServiceRequest /
// ExportLogsServiceRequest) for the AgentCore fixtures, whose Python libraries cannot run here.
// Values follow the Python SDK's mapping: str -> stringValue, int -> intValue, float ->
// doubleValue, bool -> boolValue, list -> arrayValue, dict (log bodies) -> kvlistValue.

export function toAnyValue(value) {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'bigint') return { intValue: value.toString() };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toAnyValue) } };
  if (value && typeof value === 'object') return { kvlistValue: { values: toKeyValues(value) } };
  return {};
}

export function toKeyValues(object) {
  return Object.entries(object)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({ key, value: toAnyValue(v) }));
}

/** Python's json.dumps defaults (", " and ": " separators, non-ASCII kept as Strands' serialize does). */
export function pythonJson(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
}

/** Python's str() of a flat dict, as Strands' @tool puts a dict result into a text block. */
export function pythonRepr(object) {
  const repr = (v) => (typeof v === 'string' ? `'${v}'` : String(v));
  return `{${Object.entries(object).map(([k, v]) => `'${k}': ${repr(v)}`).join(', ')}}`;
}

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 };

export function createClock(baseNs) {
  return (ms) => (baseNs + BigInt(Math.round(ms * 1e6))).toString();
}

export function span({ traceId, spanId, parentSpanId, name, kind = SPAN_KIND.INTERNAL, start, end, attributes }) {
  return {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes: toKeyValues(attributes),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    status: { code: 1 },
    flags: 257,
  };
}

export function logRecord({ traceId, spanId, time, observed, eventName, attributes, body }) {
  return {
    ...(time === null ? {} : { timeUnixNano: time }),
    observedTimeUnixNano: observed ?? time,
    severityNumber: 9,
    ...(eventName ? { eventName } : {}),
    ...(body === undefined || body === null ? {} : { body: toAnyValue(body) }),
    attributes: toKeyValues(attributes),
    droppedAttributesCount: 0,
    flags: 1,
    traceId,
    spanId,
  };
}

/** Groups [scope, items] pairs under one resource. */
export function traceRequest(resource, scopes) {
  return { resourceSpans: [{ resource: { attributes: toKeyValues(resource), droppedAttributesCount: 0 }, scopeSpans: scopes.map(([scope, spans]) => ({ scope, spans })) }] };
}

export function logsRequest(resource, scopes) {
  return { resourceLogs: [{ resource: { attributes: toKeyValues(resource), droppedAttributesCount: 0 }, scopeLogs: scopes.map(([scope, logRecords]) => ({ scope, logRecords })) }] };
}
