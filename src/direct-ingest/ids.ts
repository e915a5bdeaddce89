// RECEIVE (direct ingestion): the caller's ids (Langfuse SDK UUIDs, or its own strings like
// "t1") to the OTLP-shaped ids every store table and API family keys on. OTLP-shaped ids
// pass through, so a trace sent over OTLP can be updated or scored by its own id; anything
// else maps to a stable hash, and the original is kept on the span (ORIGINAL_ID_ATTRIBUTES)
// so the Langfuse API shows it unchanged.
import { createHash } from 'node:crypto';

/** Span attributes holding the caller's ids when they are not OTLP-shaped. */
export const ORIGINAL_ID_ATTRIBUTES = {
  traceId: 'tracelite.source.trace_id',
  observationId: 'tracelite.source.observation_id',
  /** The caller's id of the parent observation; '' when the observation sits directly under
   *  its trace (its span's parent is the trace's root span, which Langfuse has no id for). */
  parentObservationId: 'tracelite.source.parent_observation_id',
} as const;

export interface SourceIds {
  traceId?: string;
  observationId?: string;
  /** null: directly under the trace. */
  parentObservationId?: string | null;
}

/** The caller's ids kept on a stored span (its attributes' JSON), where they differ from the OTLP ones. */
export function readSourceIds(attributesJson: string | null): SourceIds {
  if (!attributesJson || !attributesJson.includes('tracelite.source.')) return {};
  let attributes: Record<string, unknown>;
  try {
    attributes = JSON.parse(attributesJson) as Record<string, unknown>;
  } catch {
    return {};
  }
  const text = (key: string) => (typeof attributes[key] === 'string' ? (attributes[key] as string) : undefined);
  const parent = text(ORIGINAL_ID_ATTRIBUTES.parentObservationId);
  return {
    traceId: text(ORIGINAL_ID_ATTRIBUTES.traceId),
    observationId: text(ORIGINAL_ID_ATTRIBUTES.observationId),
    parentObservationId: parent === undefined ? undefined : parent === '' ? null : parent,
  };
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZERO = /^0+$/;

function hashHex(kind: string, id: string, length: number): string {
  return createHash('sha256').update(`${kind}\u0000${id}`).digest('hex').slice(0, length);
}

/** The OTLP trace id (32 lowercase hex) of a caller's trace id. A UUID keeps its digits. */
export function toOtlpTraceId(id: string): string {
  const lower = id.toLowerCase();
  if (TRACE_ID.test(lower) && !ALL_ZERO.test(lower)) return lower;
  const digits = lower.replaceAll('-', '');
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(lower) && !ALL_ZERO.test(digits)) return digits;
  return hashHex('trace', id, 32);
}

/** The OTLP span id (16 lowercase hex) of a caller's observation id. */
export function toOtlpSpanId(id: string): string {
  const lower = id.toLowerCase();
  if (SPAN_ID.test(lower) && !ALL_ZERO.test(lower)) return lower;
  return hashHex('observation', id, 16);
}

/** The span a directly ingested trace is stored as (its root: trace-level fields live on it). */
export function toTraceRootSpanId(traceId: string): string {
  return hashHex('trace-root', toOtlpTraceId(traceId), 16);
}

/** Whether the caller's id must be kept beside the OTLP one to show it unchanged. */
export function needsOriginalTraceId(id: string): boolean {
  return toOtlpTraceId(id) !== id;
}

export function needsOriginalObservationId(id: string): boolean {
  return toOtlpSpanId(id) !== id;
}
