// INGEST: turns one decoded OTLP item (+ its resource and scope) into the row the store
// writes: raw OTLP kept as exact JSON, normalized GenAI fields beside it.
import { normalizeSpan, type NormalizeOptions } from './genai/normalize-span.js';
import { extractLogMessages } from './genai/messages/log-messages.js';
import { createInputPreview, createOutputPreview } from './genai/messages/preview.js';
import type { NormalizedSpan } from './genai/types.js';
import type { InstrumentationScope, OtlpLogRecord, OtlpMetric, OtlpSpan, Resource, ResourceLogs, ResourceMetrics, ResourceSpans, ScopeLogs, ScopeMetrics, ScopeSpans } from './otlp/model.js';
import { writeAnyValueJson, writeAttributesJson, writeJsonWithBigints } from './store/write/json-value.js';
import type { LogRow, MetricPointRow, SpanRow } from './store/shared/rows.js';
import { placeSpanTimes } from './ingest-times.js';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

export function isValidTraceId(id: string): boolean {
  return TRACE_ID.test(id) && id !== ZERO_TRACE_ID;
}

export function isValidSpanId(id: string): boolean {
  return SPAN_ID.test(id) && id !== ZERO_SPAN_ID;
}

// One object literal, not raw columns plus `...normalizedColumns(n)`: the spread copied ~40
// properties one by one into a growing object (~6% of the main thread in a perf profile).
// A flat table of the row's columns, in SPAN_COLUMNS order.
export function buildSpanRow(projectId: string, rs: ResourceSpans, ss: ScopeSpans, span: OtlpSpan, options: NormalizeOptions, nowMs: number): SpanRow {
  const n = normalizeSpan(span, rs.resource, ss.scope, options);
  const placed = placeSpanTimes(span.startTimeUnixNano, span.endTimeUnixNano, nowMs);
  return {
    project_id: projectId,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId && span.parentSpanId !== ZERO_SPAN_ID ? span.parentSpanId : null,
    name: span.name,
    kind: span.kind,
    start_ns: placed ? placed.startNs : span.startTimeUnixNano,
    end_ns: placed ? placed.endNs : span.endTimeUnixNano,
    duration_ns: placed ? placed.durationNs : span.endTimeUnixNano - span.startTimeUnixNano,
    status_code: span.status.code,
    status_message: span.status.message || null,
    trace_state: span.traceState || null,
    flags: span.flags,
    resource_json: resourceJsonOf(rs.resource),
    resource_schema_url: rs.schemaUrl || null,
    scope_name: ss.scope.name || null,
    scope_version: ss.scope.version || null,
    scope_json: scopeJsonOf(ss.scope),
    scope_schema_url: ss.schemaUrl || null,
    attributes_json: writeAttributesJson(span.attributes),
    events_json: writeEventsJson(span),
    links_json: writeLinksJson(span),
    dropped_attributes_count: span.droppedAttributesCount,
    dropped_events_count: span.droppedEventsCount,
    dropped_links_count: span.droppedLinksCount,
    observation_type: n.observationType,
    category: n.category,
    is_genai: n.isGenAI ? 1 : 0,
    framework: n.framework,
    provider: n.provider,
    request_model: n.requestModel,
    response_model: n.responseModel,
    model: n.responseModel ?? n.requestModel,
    operation_name: n.operationName,
    agent_name: n.agentName,
    tool_name: n.toolName,
    tool_call_id: n.toolCallId,
    // Normalized reasons; the raw ones stay in the span attributes.
    finish_reasons_json: n.finishReasons.length > 0 ? JSON.stringify(n.finishReasons) : null,
    session_id: n.sessionId,
    user_id: n.userId,
    environment: n.environment,
    tags_json: n.tags.length > 0 ? JSON.stringify(n.tags) : null,
    version: n.version,
    release: n.release,
    level: n.level,
    completion_start_ns: n.completionStartTimeUnixNano,
    input_tokens: n.usage.input,
    output_tokens: n.usage.output,
    total_tokens: n.usage.total,
    cache_read_tokens: n.usage.cacheRead,
    cache_write_tokens: n.usage.cacheWrite,
    reasoning_tokens: n.usage.reasoning,
    input_cost: n.cost.input,
    output_cost: n.cost.output,
    cache_read_cost: n.cost.cacheRead,
    cache_write_cost: n.cost.cacheWrite,
    reasoning_cost: n.cost.reasoning,
    total_cost: n.cost.total,
    cost_source: n.cost.source,
    usage_counted: n.usageCounted ? 1 : 0,
    model_parameters_json: n.modelParameters ? writeJsonWithBigints(n.modelParameters) : null,
    input_json: keepsOwnInputOutput(n, 'input') ? writeOptionalJson(n.input) : null,
    output_json: keepsOwnInputOutput(n, 'output') ? writeOptionalJson(n.output) : null,
    input_preview: n.inputPreview,
    output_preview: n.outputPreview,
    metadata_json: n.metadata ? writeJsonWithBigints(n.metadata) : null,
    ingested_at_ms: nowMs,
    clock_skew_json: placed ? placed.clockSkewJson : null,
    trace_name: n.traceName,
  };
}

function writeEventsJson(span: OtlpSpan): string | null {
  if (span.events.length === 0) return null;
  return '[' + span.events.map((e) => `{"time_unix_nano":"${e.timeUnixNano}","name":${JSON.stringify(e.name)},"attributes":${writeAttributesJson(e.attributes)},"dropped_attributes_count":${e.droppedAttributesCount}}`).join(',') + ']';
}

function writeLinksJson(span: OtlpSpan): string | null {
  if (span.links.length === 0) return null;
  return '[' + span.links.map((l) => `{"trace_id":"${l.traceId}","span_id":"${l.spanId}","trace_state":${JSON.stringify(l.traceState)},"flags":${l.flags},"attributes":${writeAttributesJson(l.attributes)},"dropped_attributes_count":${l.droppedAttributesCount}}`).join(',') + ']';
}

/** For most GenAI spans the convention-level input/output is the same conversation the
 *  messages already hold (e.g. gen_ai.input.messages), and the raw attribute is kept too:
 *  storing it a third time costs ~1.7 KB per span on the hot write path. Readers fall back
 *  to the messages. Langfuse SDK spans keep theirs: Langfuse clients expect it verbatim. */
function keepsOwnInputOutput(n: NormalizedSpan, direction: 'input' | 'output'): boolean {
  return n.framework === 'langfuse' || !n.messages.some((m) => m.direction === direction);
}

function writeOptionalJson(value: unknown): string | null {
  return value === null || value === undefined ? null : writeJsonWithBigints(value);
}

// An export carries one resource and scope for many spans (an SDK's resource is often ~1 KB):
// each is serialized once per request, not once per span.
const resourceJsonCache = new WeakMap<Resource, string>();
const scopeJsonCache = new WeakMap<InstrumentationScope, string | null>();

function resourceJsonOf(resource: Resource): string {
  let json = resourceJsonCache.get(resource);
  if (json === undefined) resourceJsonCache.set(resource, (json = writeAttributesJson(resource.attributes)));
  return json;
}

function scopeJsonOf(scope: InstrumentationScope): string | null {
  let json = scopeJsonCache.get(scope);
  if (json === undefined) scopeJsonCache.set(scope, (json = writeScopeJson(scope)));
  return json;
}

function writeScopeJson(scope: InstrumentationScope): string | null {
  if (Object.keys(scope.attributes).length === 0 && scope.droppedAttributesCount === 0) return null;
  return `{"attributes":${writeAttributesJson(scope.attributes)},"dropped_attributes_count":${scope.droppedAttributesCount}}`;
}

export function buildLogRow(projectId: string, rl: ResourceLogs, sl: ScopeLogs, log: OtlpLogRecord, nowMs: number): LogRow {
  const messages = extractLogMessages(log, rl.resource, sl.scope);
  return {
    project_id: projectId,
    trace_id: log.traceId || null,
    span_id: log.spanId || null,
    time_ns: log.timeUnixNano !== 0n ? log.timeUnixNano : log.observedTimeUnixNano,
    observed_time_ns: log.observedTimeUnixNano,
    severity_number: log.severityNumber,
    severity_text: log.severityText || null,
    event_name: log.eventName || null,
    body_json: log.body === null ? null : writeAnyValueJson(log.body),
    attributes_json: writeAttributesJson(log.attributes),
    dropped_attributes_count: log.droppedAttributesCount,
    flags: log.flags,
    resource_json: resourceJsonOf(rl.resource),
    scope_name: sl.scope.name || null,
    scope_version: sl.scope.version || null,
    messages_json: messages.length > 0 ? writeJsonWithBigints(messages) : null,
    // A system prompt record is not what a trace list should show as the trace's input.
    input_preview: messages.some((m) => m.direction === 'input' && m.role === 'user') ? createInputPreview(messages, null) : null,
    output_preview: messages.some((m) => m.direction === 'output') ? createOutputPreview(messages, null) : null,
    ingested_at_ms: nowMs,
  };
}

export function buildMetricPointRows(projectId: string, rm: ResourceMetrics, sm: ScopeMetrics, metric: OtlpMetric, nowMs: number): MetricPointRow[] {
  const resourceJson = resourceJsonOf(rm.resource);
  return metric.points.map((point) => ({
    project_id: projectId,
    name: metric.name,
    description: metric.description || null,
    unit: metric.unit || null,
    type: metric.type,
    aggregation_temporality: metric.aggregationTemporality || null,
    is_monotonic: metric.type === 'sum' ? (metric.isMonotonic ? 1 : 0) : null,
    start_time_ns: point.startTimeUnixNano !== 0n ? point.startTimeUnixNano : null,
    time_ns: point.timeUnixNano,
    flags: point.flags,
    attributes_json: writeAttributesJson(point.attributes),
    value_json: writeJsonWithBigints(point.value),
    resource_json: resourceJson,
    scope_name: sm.scope.name || null,
    scope_version: sm.scope.version || null,
    ingested_at_ms: nowMs,
  }));
}
