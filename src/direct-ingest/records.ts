// RECEIVE (direct ingestion): the stored state of a directly ingested trace — its trace record
// and observation records — and Langfuse's merge rules for events arriving on it. Pure: in,
// records and events; out, records. Input and output stay opaque values.
import type { DirectEvent, ObservationFields, TraceFields } from './model.js';
import { isPlainObject } from '../genai/attribute-values.js';

export interface TraceRecord extends TraceFields {
  id: string;
}

export interface ObservationRecord extends ObservationFields {
  id: string;
  traceId: string;
}

export interface TraceState {
  trace: TraceRecord;
  observations: Map<string, ObservationRecord>;
  /** A trace event (or a stored root) described the trace itself, beyond its observations. */
  traceDescribed: boolean;
}

/** Applies the events of one trace to its state. Creates before updates (an SDK's batch may
 *  carry an update ahead of its create), each in arrival order. An update overwrites the
 *  fields it mentions; a create of an observation that exists only fills what is missing (a
 *  late create must not undo an update); a trace create overwrites (Langfuse's SDKs send
 *  trace updates as trace-create). Tags merge as a set, metadata key by key. */
export function applyEvents(state: TraceState, events: DirectEvent[], nowIso: string): void {
  const ordered = [...events.filter((e) => e.mode === 'create'), ...events.filter((e) => e.mode === 'update')];
  for (const event of ordered) {
    if (event.kind === 'trace') {
      mergeInto(state.trace, event.fields, true);
      state.traceDescribed = true;
    }
    else applyObservationEvent(state, event, nowIso);
  }
}

function applyObservationEvent(state: TraceState, event: Extract<DirectEvent, { kind: 'observation' }>, nowIso: string): void {
  const existing = state.observations.get(event.id);
  if (!existing) {
    // A start time is fixed when the observation first appears, so rewriting it never moves it.
    const record: ObservationRecord = { id: event.id, traceId: event.traceId, startTime: nowIso };
    mergeInto(record, event.fields, true);
    record.type ??= 'span';
    state.observations.set(event.id, record);
    return;
  }
  mergeInto(existing, event.fields, event.mode === 'update');
}

function mergeInto(target: object, fields: object, overwrite: boolean): void {
  const record = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (key === 'tags' && Array.isArray(value)) {
      const tags = Array.isArray(record.tags) ? (record.tags as string[]) : [];
      record.tags = [...new Set([...tags, ...value])];
    } else if (key === 'metadata' && isPlainObject(value) && isPlainObject(record.metadata)) {
      record.metadata = overwrite ? { ...record.metadata, ...value } : { ...value, ...record.metadata };
    } else if (key === 'timestamp' && typeof value === 'string' && typeof record.timestamp === 'string') {
      record.timestamp = Date.parse(value) < Date.parse(record.timestamp) ? value : record.timestamp; // the trace started at its earliest
    } else if (overwrite || record[key] === undefined || record[key] === null) {
      record[key] = value;
    }
  }
}

/** The object without its undefined fields (an absent field must not overwrite a stored one). */
export function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}
