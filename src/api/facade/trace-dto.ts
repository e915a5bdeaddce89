// QUERY/SERVE (observability facade): store rows -> the facade's trace, session and score
// objects (snake_case). A trace's input/output/metadata come from the Langfuse family's
// mapping (its root span's), so both families show the same values.
import type { TraceRow } from '../../store/read/langfuse-trace-queries.js';
import type { FacadeTraceExtras } from '../../store/read/facade-queries.js';
import type { SessionRecord } from '../../store/read/session-queries.js';
import type { ScoreRow } from '../../store/shared/rows.js';
import { toTraceRootSpanId } from '../../direct-ingest/ids.js';
import { toTrace } from '../langfuse/trace-dto.js';
import { parseTags } from '../langfuse/score-dto.js';
import { msToIso, nsToIso } from '../langfuse/time-format.js';

export function toFacadeTrace(row: TraceRow, extras: FacadeTraceExtras | undefined) {
  const langfuse = toTrace(row, true);
  const spanCount = extras?.span_count ?? 0;
  // A directly ingested trace is stored as a root span holding the trace's own fields; it
  // is the trace, not one of its observations.
  const rootIsTrace = extras?.root_span_id != null && extras.root_span_id === toTraceRootSpanId(row.trace_id);
  return {
    // The caller's own id (e.g. "t1") where direct ingestion kept it, as the Langfuse family shows it.
    trace_id: typeof langfuse.id === 'string' ? langfuse.id : row.trace_id,
    name: row.name,
    user_id: row.user_id,
    session_id: row.session_id,
    input: langfuse.input ?? null,
    output: langfuse.output ?? null,
    metadata: langfuse.metadata ?? null,
    tags: parseTags(row.tags_json),
    environment: row.environment ?? 'default',
    start_time: nsToIso(row.start_ns),
    end_time: nsToIso(row.end_ns),
    total_tokens: extras?.total_tokens ?? 0,
    total_cost: row.total_cost,
    observation_count: Math.max(0, spanCount - (rootIsTrace ? 1 : 0)),
  };
}

export function toFacadeSession(record: SessionRecord) {
  return {
    session_id: record.session_id,
    user_id: record.user_id,
    trace_count: record.trace_count,
    total_tokens: record.total_tokens,
    // The facade sums the known costs, as its traces (and Langfuse's totalCost) do.
    total_cost: record.total_cost ?? 0,
    start_time: nsToIso(record.start_ns),
    end_time: nsToIso(record.end_ns),
  };
}

/** `traceId`: the id the caller used; `observationIds`: span id -> the caller's observation id. */
export function toFacadeScore(row: ScoreRow, traceId: string, observationIds: ReadonlyMap<string, string>) {
  return {
    score_id: row.id,
    trace_id: traceId,
    observation_id: row.observation_id === null ? null : (observationIds.get(row.observation_id) ?? row.observation_id),
    name: row.name,
    value: row.data_type === 'CATEGORICAL' ? (row.string_value ?? '') : (row.value ?? 0),
    data_type: row.data_type,
    comment: row.comment,
    source: row.source,
    timestamp: msToIso(row.timestamp_ms),
  };
}
