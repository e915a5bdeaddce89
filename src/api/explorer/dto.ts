// QUERY/SERVE (explorer): store rows -> API DTOs (the one place SQL names become API
// names). Times become ISO 8601 from exact ns, durations milliseconds, JSON columns values.
import type { SessionRecord } from '../../store/read/session-queries.js';
import type { RawSpanColumns, SpanRecord } from '../../store/read/span-queries.js';
import type { TraceRecord } from '../../store/read/trace-queries.js';
import { parseJsonExact } from './json-exact.js';

/** ns since epoch (decimal text or bigint) to ISO 8601, keeping sub-millisecond digits when present. */
export function nsToIso(ns: string | bigint | null | undefined): string | null {
  if (ns === null || ns === undefined || ns === '') return null;
  let value = typeof ns === 'bigint' ? ns : BigInt(ns);
  if (value < 0n) value = 0n;
  const seconds = value / 1_000_000_000n;
  const fraction = (value % 1_000_000_000n).toString().padStart(9, '0');
  const digits = fraction.endsWith('000000') ? 3 : fraction.endsWith('000') ? 6 : 9;
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 19) + '.' + fraction.slice(0, digits) + 'Z';
}

/** Milliseconds between two ns instants, to the microsecond. */
export function durationMs(startNs: string, endNs: string): number {
  const micros = (BigInt(endNs) - BigInt(startNs)) / 1000n;
  return Number(micros) / 1000;
}

function parseStringArray(text: string | null): string[] {
  const value = parseJsonExact(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function toTraceSummary(row: TraceRecord) {
  return {
    trace_id: row.trace_id,
    trace_name: row.name,
    root_span_id: row.root_span_id,
    start_time: nsToIso(row.start_ns)!,
    end_time: nsToIso(row.end_ns),
    duration_ms: durationMs(row.start_ns, row.end_ns),
    session_id: row.session_id,
    user_id: row.user_id,
    environment: row.environment,
    release: row.release,
    version: row.version,
    span_count: row.span_count,
    observation_count: row.genai_span_count,
    error_count: row.error_count,
    has_error: row.error_count > 0,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    total_tokens: row.total_tokens,
    cache_read_tokens: row.cache_read_tokens,
    cache_write_tokens: row.cache_write_tokens,
    reasoning_tokens: row.reasoning_tokens,
    total_cost: row.total_cost,
    cost_complete: row.cost_complete === 1,
    tags: parseStringArray(row.tags_json),
    input_preview: row.input_preview,
    output_preview: row.output_preview,
  };
}

export type TraceSummaryDto = ReturnType<typeof toTraceSummary>;

const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_CODES = ['UNSET', 'OK', 'ERROR'];

export function toSpanSummary(row: SpanRecord & Partial<RawSpanColumns>, includeRaw: boolean) {
  const dto = {
    trace_id: row.trace_id,
    span_id: row.span_id,
    parent_span_id: row.parent_span_id,
    span_name: row.name,
    span_kind: SPAN_KINDS[row.kind] ?? 'UNSPECIFIED',
    span_category: row.category,
    observation_type: row.observation_type,
    is_genai: row.is_genai === 1,
    framework: row.framework,
    status_code: STATUS_CODES[row.status_code] ?? 'UNSET',
    status_message: row.status_message,
    level: row.level,
    timestamp_start: nsToIso(row.start_ns)!,
    timestamp_end: nsToIso(row.end_ns),
    duration_ms: durationMs(row.start_ns, row.end_ns),
    completion_start_time: nsToIso(row.completion_start_ns),
    environment: row.environment,
    session_id: row.session_id,
    user_id: row.user_id,
    model: row.model,
    request_model: row.request_model,
    response_model: row.response_model,
    provider: row.provider,
    gen_ai_system: row.provider,
    operation_name: row.operation_name,
    agent_name: row.agent_name,
    tool_name: row.tool_name,
    tool_call_id: row.tool_call_id,
    finish_reasons: parseStringArray(row.finish_reasons_json),
    tags: parseStringArray(row.tags_json),
    input_tokens: row.input_tokens ?? 0,
    output_tokens: row.output_tokens ?? 0,
    total_tokens: row.total_tokens ?? 0,
    cache_read_tokens: row.cache_read_tokens ?? 0,
    cache_write_tokens: row.cache_write_tokens ?? 0,
    reasoning_tokens: row.reasoning_tokens ?? 0,
    input_cost: row.input_cost ?? 0,
    output_cost: row.output_cost ?? 0,
    cache_read_cost: row.cache_read_cost ?? 0,
    cache_write_cost: row.cache_write_cost ?? 0,
    reasoning_cost: row.reasoning_cost ?? 0,
    // Unknown (null) only where there was a call to price: a span without usage cost nothing.
    total_cost: row.total_cost ?? (row.input_tokens !== null || row.output_tokens !== null || row.total_tokens !== null ? null : 0),
    usage_counted: row.usage_counted === 1,
    event_count: row.event_count,
    link_count: row.link_count,
    input_preview: row.input_preview,
    output_preview: row.output_preview,
    clock_skew: toClockSkew(row.clock_skew_json),
  };
  return includeRaw ? { ...dto, raw_span: toRawSpan(row) } : dto;
}

export type SpanSummaryDto = ReturnType<typeof toSpanSummary>;

/** A span placed at its receive time (src/ingest-times.ts): the times it was sent with. */
function toClockSkew(json: string | null | undefined) {
  if (!json) return null;
  const sent = JSON.parse(json) as { start_time_unix_nano: string; end_time_unix_nano: string };
  return {
    sent_start_time_unix_nano: sent.start_time_unix_nano, sent_end_time_unix_nano: sent.end_time_unix_nano,
    sent_timestamp_start: nsToIso(sent.start_time_unix_nano), sent_timestamp_end: nsToIso(sent.end_time_unix_nano),
  };
}

/** The stored OTLP span in OTLP/JSON-like snake_case (int64 as strings). */
function toRawSpan(row: SpanRecord & Partial<RawSpanColumns>) {
  return {
    trace_id: row.trace_id,
    span_id: row.span_id,
    parent_span_id: row.parent_span_id,
    trace_state: row.trace_state ?? null,
    flags: row.flags ?? 0,
    name: row.name,
    kind: row.kind,
    // As sent, also for a span placed at its receive time.
    start_time_unix_nano: toClockSkew(row.clock_skew_json)?.sent_start_time_unix_nano ?? row.start_ns,
    end_time_unix_nano: toClockSkew(row.clock_skew_json)?.sent_end_time_unix_nano ?? row.end_ns,
    attributes: parseJsonExact(row.attributes_json) ?? {},
    events: parseJsonExact(row.events_json) ?? [],
    links: parseJsonExact(row.links_json) ?? [],
    status: { code: row.status_code, message: row.status_message },
    dropped_attributes_count: row.dropped_attributes_count ?? 0,
    dropped_events_count: row.dropped_events_count ?? 0,
    dropped_links_count: row.dropped_links_count ?? 0,
    resource: { attributes: parseJsonExact(row.resource_json) ?? {}, schema_url: row.resource_schema_url ?? null },
    scope: {
      name: row.scope_name ?? null,
      version: row.scope_version ?? null,
      attributes: parseJsonExact(row.scope_json) ?? {},
      schema_url: row.scope_schema_url ?? null,
    },
    model_parameters: parseJsonExact(row.model_parameters_json),
    metadata: parseJsonExact(row.metadata_json),
  };
}

export function toSessionSummary(row: SessionRecord) {
  return {
    session_id: row.session_id,
    user_id: row.user_id,
    environment: row.environment,
    start_time: nsToIso(row.start_ns)!,
    end_time: nsToIso(row.end_ns),
    duration_ms: durationMs(row.start_ns, row.end_ns),
    trace_count: row.trace_count,
    span_count: row.span_count,
    observation_count: row.observation_count,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    total_tokens: row.total_tokens,
    cache_read_tokens: row.cache_read_tokens,
    cache_write_tokens: row.cache_write_tokens,
    reasoning_tokens: row.reasoning_tokens,
    total_cost: row.total_cost,
    cost_complete: row.cost_complete === 1,
  };
}
