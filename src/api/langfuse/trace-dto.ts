// QUERY/SERVE (Langfuse family): TraceRow / SessionRow (store) -> Langfuse trace and
// session objects. Trace latency is in seconds (Langfuse's trace contract), cost in USD.
import { readSourceIds } from '../../direct-ingest/ids.js';
import type { SessionRow, TraceRow } from '../../store/read/langfuse-trace-queries.js';
import { msToIso, nsToIso } from './time-format.js';
import type { StoredSpanColumns } from '../../store/shared/stored-span.js';
import { deriveSpanMessages, parseIoValue } from './observation-fields.js';
import { parseTags } from './score-dto.js';

export const TRACE_FIELD_GROUPS = ['core', 'io', 'scores', 'observations', 'metrics'] as const;
export type TraceFieldGroup = (typeof TRACE_FIELD_GROUPS)[number];

function parseMetadata(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The plain Trace object (as in a session's trace list). */
export function toTrace(row: TraceRow, withIo = true) {
  const rootAttributes = row.root_span === null ? null : (JSON.parse(row.root_span) as { attributes_json: string | null }).attributes_json;
  const trace: Record<string, unknown> = {
    // The caller's own id where direct ingestion kept it (src/direct-ingest/ids.ts).
    id: readSourceIds(rootAttributes).traceId ?? row.trace_id,
    timestamp: nsToIso(row.start_ns),
    name: row.name,
    sessionId: row.session_id,
    release: row.release,
    version: row.version,
    userId: row.user_id,
    tags: parseTags(row.tags_json),
    public: false,
    environment: row.environment ?? 'default',
    createdAt: msToIso(row.created_at_ms),
    updatedAt: msToIso(row.updated_at_ms),
    projectId: row.project_id,
  };
  if (withIo) {
    const root = row.root_span === null ? null : deriveSpanMessages(JSON.parse(row.root_span) as StoredSpanColumns);
    trace.input = parseIoValue(row.root_input_json, root, 'input');
    trace.output = parseIoValue(row.root_output_json, root, 'output');
    trace.metadata = parseMetadata(row.root_metadata_json);
  }
  return trace;
}

/** Trace with htmlPath, metrics and the given observations/scores (ids or objects).
 *  Excluded metrics read -1, as Langfuse answers. */
export function toTraceWithDetails<O, S>(
  row: TraceRow,
  groups: ReadonlySet<TraceFieldGroup>,
  observations: O[],
  scores: S[],
) {
  const metrics = groups.has('metrics');
  return {
    ...toTrace(row, groups.has('io')),
    htmlPath: `/project/${encodeURIComponent(row.project_id)}/traces/${encodeURIComponent(row.trace_id)}`,
    latency: metrics ? Number(BigInt(row.end_ns) - BigInt(row.start_ns)) / 1e9 : -1,
    totalCost: metrics ? row.total_cost : -1,
    observations: groups.has('observations') ? observations : [],
    scores: groups.has('scores') ? scores : [],
  };
}

export function toSession(row: SessionRow, projectId: string) {
  return { id: row.session_id, createdAt: nsToIso(row.created_ns), projectId, environment: row.environment };
}
