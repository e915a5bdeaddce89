// RECEIVE (direct ingestion): a trace's state as OTLP spans and back. The trace becomes a root
// span carrying the trace-level Langfuse attributes, each observation a child span carrying the
// observation-level ones (src/genai/conventions/langfuse.ts reads both), so the normalizer,
// the writer and every API family treat them like spans sent over OTLP. Each span also keeps
// its record (DIRECT_RECORD_ATTRIBUTE) so the next event merges into what is stored.
import type { Attributes, OtlpSpan } from '../otlp/model.js';
import { LANGFUSE } from '../genai/conventions/langfuse.js';
import { LANGFUSE_IO } from '../genai/messages/json-attributes.js';
import { ORIGINAL_ID_ATTRIBUTES, toOtlpSpanId, toOtlpTraceId, toTraceRootSpanId } from './ids.js';
import { withoutUndefined, type ObservationRecord, type TraceRecord, type TraceState } from './records.js';
import { parseIsoToNs } from '../store/read/filter-sql.js';

/** The record a directly ingested span was built from (JSON, without input/output/metadata,
 *  which live in the Langfuse attributes). Its presence marks the span as directly ingested. */
export const DIRECT_RECORD_ATTRIBUTE = 'tracelite.direct.record';

const SPAN_KIND_INTERNAL = 1;
const STATUS = { unset: 0, error: 2 } as const;
const BULKY = ['input', 'output', 'metadata'] as const;

/** The spans of a trace's state: the trace's own (its root) and its observations'. The trace
 *  gets no span of its own when `otlpRootSpanId` names the root of spans it already has from
 *  OTLP (observations sent for such a trace hang under that root, and no second root appears)
 *  and no trace event described the trace. */
export function toOtlpSpans(state: TraceState, nowIso: string, otlpRootSpanId: string | null): { trace: OtlpSpan | null; observations: OtlpSpan[] } {
  const observations = [...state.observations.values()];
  const ownRoot = otlpRootSpanId === null || state.traceDescribed;
  const rootSpanId = ownRoot ? toTraceRootSpanId(state.trace.id) : otlpRootSpanId;
  return {
    trace: ownRoot ? toRootSpan(state.trace, observations, nowIso) : null,
    observations: observations.map((o) => toObservationSpan(o, state.trace.id, rootSpanId)),
  };
}

function toRootSpan(trace: TraceRecord, observations: ObservationRecord[], nowIso: string): OtlpSpan {
  const starts = observations.map((o) => o.startTime).filter(isTime);
  const ends = observations.flatMap((o) => [o.endTime, o.startTime]).filter(isTime);
  const start = toNs(trace.timestamp ?? earliest(starts) ?? nowIso);
  const end = maxNs(start, trace.endTime ? toNs(trace.endTime) : latestNs(ends));
  const attributes: Attributes = {
    [DIRECT_RECORD_ATTRIBUTE]: recordJson({ kind: 'trace', ...trace }),
    [LANGFUSE.observationType]: 'span',
    ...optional(LANGFUSE.traceName, trace.name),
    ...optional(LANGFUSE.userId, trace.userId),
    ...optional(LANGFUSE.sessionId, trace.sessionId),
    ...optional(LANGFUSE.environment, trace.environment),
    ...optional(LANGFUSE.release, trace.release),
    ...optional(LANGFUSE.version, trace.version),
    ...(trace.tags && trace.tags.length > 0 ? { [LANGFUSE.traceTags]: trace.tags } : {}),
    ...optionalJson(LANGFUSE.traceMetadata, trace.metadata),
    ...optionalJson(LANGFUSE_IO.inputKey, trace.input),
    ...optionalJson(LANGFUSE_IO.outputKey, trace.output),
    ...(toOtlpTraceId(trace.id) !== trace.id ? { [ORIGINAL_ID_ATTRIBUTES.traceId]: trace.id } : {}),
  };
  const name = trace.name ?? observations.find((o) => o.name)?.name ?? 'trace';
  return span(toOtlpTraceId(trace.id), toTraceRootSpanId(trace.id), '', name, start, end, attributes, STATUS.unset, '');
}

function toObservationSpan(o: ObservationRecord, traceId: string, rootSpanId: string): OtlpSpan {
  const start = toNs(o.startTime!);
  const end = maxNs(start, o.endTime ? toNs(o.endTime) : null);
  const attributes: Attributes = {
    [DIRECT_RECORD_ATTRIBUTE]: recordJson({ kind: 'observation', ...o }),
    [LANGFUSE.observationType]: o.type ?? 'span',
    ...optional(LANGFUSE.level, o.level),
    ...optional(LANGFUSE.model, o.model),
    ...optionalJson(LANGFUSE.modelParameters, o.modelParameters),
    ...optionalJson(LANGFUSE.usageDetails, o.usageDetails),
    ...optionalJson(LANGFUSE.costDetails, o.costDetails),
    ...optional(LANGFUSE.completionStartTime, o.completionStartTime),
    ...optionalJson(LANGFUSE.observationMetadata, o.metadata),
    ...optional(LANGFUSE.promptName, o.promptName),
    ...(typeof o.promptVersion === 'number' ? { [LANGFUSE.promptVersion]: o.promptVersion } : {}),
    ...optional(LANGFUSE.version, o.version),
    ...optional(LANGFUSE.environment, o.environment),
    ...optionalJson(LANGFUSE_IO.inputKey, o.input),
    ...optionalJson(LANGFUSE_IO.outputKey, o.output),
    ...(toOtlpSpanId(o.id) !== o.id ? { [ORIGINAL_ID_ATTRIBUTES.observationId]: o.id } : {}),
    [ORIGINAL_ID_ATTRIBUTES.parentObservationId]: o.parentObservationId ?? '',
    ...(toOtlpTraceId(traceId) !== traceId ? { [ORIGINAL_ID_ATTRIBUTES.traceId]: traceId } : {}),
  };
  const parent = o.parentObservationId ? toOtlpSpanId(o.parentObservationId) : rootSpanId;
  const error = o.level === 'ERROR';
  return span(toOtlpTraceId(traceId), toOtlpSpanId(o.id), parent, o.name ?? o.type ?? 'span', start, end, attributes, error ? STATUS.error : STATUS.unset, o.statusMessage ?? '');
}

/** The records of the directly ingested spans among a trace's stored spans. */
export function readTraceState(traceId: string, storedAttributes: string[]): TraceState {
  const state: TraceState = { trace: { id: traceId }, observations: new Map(), traceDescribed: false };
  for (const json of storedAttributes) {
    const attributes = parseObject(json);
    const record = typeof attributes?.[DIRECT_RECORD_ATTRIBUTE] === 'string' ? parseObject(attributes[DIRECT_RECORD_ATTRIBUTE] as string) : null;
    if (!attributes || !record) continue;
    const isTrace = record.kind === 'trace';
    const bulky: Record<string, unknown> = withoutUndefined({
      input: readJsonAttribute(attributes, LANGFUSE_IO.inputKey),
      output: readJsonAttribute(attributes, LANGFUSE_IO.outputKey),
      metadata: readJsonAttribute(attributes, isTrace ? LANGFUSE.traceMetadata : LANGFUSE.observationMetadata),
    });
    const { kind: _kind, ...fields } = { ...record, ...bulky };
    if (isTrace) {
      state.trace = fields as unknown as TraceRecord;
      state.traceDescribed = true;
    } else {
      state.observations.set(String(fields.id), fields as unknown as ObservationRecord);
    }
  }
  return state;
}

function span(traceId: string, spanId: string, parentSpanId: string, name: string, start: bigint, end: bigint, attributes: Attributes, code: number, message: string): OtlpSpan {
  return {
    traceId, spanId, parentSpanId, traceState: '', flags: 0, name, kind: SPAN_KIND_INTERNAL, startTimeUnixNano: start, endTimeUnixNano: end,
    attributes, droppedAttributesCount: 0, events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, status: { code, message },
  };
}

function recordJson(record: Record<string, unknown>): string {
  const small: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!(BULKY as readonly string[]).includes(key) && value !== undefined) small[key] = value;
  return JSON.stringify(small);
}

const optional = (key: string, value: string | null | undefined): Attributes => (value === null || value === undefined ? {} : { [key]: value });
const optionalJson = (key: string, value: unknown): Attributes => (value === null || value === undefined ? {} : { [key]: JSON.stringify(value) });

function readJsonAttribute(attributes: Record<string, unknown>, key: string): unknown {
  const raw = attributes[key];
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function parseObject(json: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isTime = (v: string | null | undefined): v is string => typeof v === 'string' && Number.isFinite(Date.parse(v));
const earliest = (times: string[]) => (times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)));
const latestNs = (times: string[]) => (times.length === 0 ? null : times.map(toNs).reduce((a, b) => (a > b ? a : b)));
const maxNs = (start: bigint, end: bigint | null) => (end !== null && end > start ? end : start);

/** ISO 8601 to ns since epoch, sub-ms digits kept (callers validated the text). */
function toNs(iso: string): bigint {
  return parseIsoToNs(iso) ?? BigInt(Date.parse(iso)) * 1_000_000n;
}
