// QUERY/SERVE (Langfuse family): ScoreRow (store) -> Langfuse score objects: the v2 list
// item (with its trace's user/tags/environment/session) and the ScoreV1 a trace embeds.
import type { ScoreRow } from '../../store/shared/rows.js';
import type { ScoreWithTraceRow } from '../../store/read/scores.js';
import { msToIso } from './time-format.js';

function parseMetadata(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Value fields by data type: numeric scores carry no stringValue. */
function valueFields(row: ScoreRow): { value: number; stringValue?: string } {
  const value = row.value ?? 0;
  return row.data_type === 'NUMERIC' ? { value } : { value, stringValue: row.string_value ?? '' };
}

function baseFields(row: ScoreRow) {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    timestamp: msToIso(row.timestamp_ms),
    createdAt: msToIso(row.created_at_ms),
    updatedAt: msToIso(row.updated_at_ms),
    authorUserId: row.author_user_id,
    comment: row.comment,
    metadata: parseMetadata(row.metadata_json),
    configId: row.config_id,
    queueId: row.queue_id,
    environment: row.environment ?? 'default',
    dataType: row.data_type,
  };
}

/** GET /api/public/v2/scores item. */
export function toScore(row: ScoreWithTraceRow, withTrace: boolean) {
  const score: Record<string, unknown> = {
    ...baseFields(row),
    traceId: row.source_trace_id ?? row.trace_id,
    sessionId: row.session_id,
    observationId: row.source_observation_id ?? row.observation_id,
    datasetRunId: row.dataset_run_id,
    ...valueFields(row),
  };
  if (withTrace && row.trace_id !== null) {
    score.trace = {
      userId: row.trace_user_id ?? undefined,
      tags: parseTags(row.trace_tags_json),
      environment: row.trace_environment ?? 'default',
      sessionId: row.trace_session_id ?? undefined,
    };
  }
  return score;
}

/** The ScoreV1 shape embedded in GET /api/public/traces/{id}. */
export function toScoreV1(row: ScoreRow) {
  return { ...baseFields(row), traceId: row.source_trace_id ?? row.trace_id, observationId: row.source_observation_id ?? row.observation_id, ...valueFields(row) };
}

export function parseTags(text: string | null): string[] {
  if (text === null) return [];
  try {
    const tags: unknown = JSON.parse(text);
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
