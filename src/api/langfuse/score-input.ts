// QUERY/SERVE (Langfuse family): a score as clients send it (POST /scores body, or the
// body of an ingestion `score-create` event) -> a validated ScoreRow. Data type is
// inferred from the value when absent (string -> CATEGORICAL, number -> NUMERIC).
import { toOtlpSpanId, toOtlpTraceId } from '../../direct-ingest/ids.js';
import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { AppError } from '../../errors.js';
import type { ScoreRow } from '../../store/shared/rows.js';
import { describeZodError } from './render-error.js';

export const createScoreSchema = z
  .object({
    id: z.string().min(1).max(256).optional(),
    // nullish: the Langfuse JS SDK v3 sends `observationId: null` for a trace's score.
    traceId: z.string().min(1).nullish(),
    sessionId: z.string().min(1).nullish(),
    observationId: z.string().min(1).nullish(),
    datasetRunId: z.string().min(1).nullish(),
    name: z.string().min(1).max(256),
    value: z.union([z.number(), z.string()]),
    comment: z.string().nullish(),
    metadata: z.unknown().optional(),
    environment: z
      .string()
      .max(40)
      .regex(/^(?!langfuse)[a-z0-9_-]+$/, "lowercase letters, digits, '-' and '_', not starting with 'langfuse'")
      .optional(),
    queueId: z.string().optional(),
    dataType: z.enum(['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT', 'CORRECTION']).optional(),
    configId: z.string().optional(),
    source: z.enum(['API', 'ANNOTATION', 'EVAL']).optional(),
  })
  .openapi('CreateScoreRequest');

export type CreateScoreInput = z.infer<typeof createScoreSchema>;

/** Parses an untrusted body (ingestion events are not validated by a route). */
export function parseScoreBody(body: unknown, projectId: string, timestampMs: number): ScoreRow {
  const checked = createScoreSchema.safeParse(body);
  if (!checked.success) throw new AppError('VALIDATION_ERROR', describeZodError(checked.error));
  return toScoreRow(checked.data, projectId, timestampMs);
}

export function toScoreRow(input: CreateScoreInput, projectId: string, timestampMs: number): ScoreRow {
  if (!input.traceId && !input.sessionId && !input.datasetRunId) {
    throw invalid('a score needs a traceId, a sessionId or a datasetRunId');
  }
  if (input.observationId && !input.traceId) throw invalid('observationId: a score on an observation also needs its traceId');
  if (input.source === 'EVAL') throw invalid("source: 'EVAL' is reserved for evaluator outputs");
  const value = scoreValue(input);
  const now = Date.now();
  return {
    id: input.id ?? randomUUID(),
    project_id: projectId,
    // Stored under the OTLP-shaped ids every family joins on (a caller's own ids map as
    // direct ingestion maps them: src/direct-ingest/ids.ts).
    trace_id: input.traceId ? toOtlpTraceId(input.traceId) : null,
    observation_id: input.observationId ? toOtlpSpanId(input.observationId) : null,
    source_trace_id: input.traceId && toOtlpTraceId(input.traceId) !== input.traceId ? input.traceId : null,
    source_observation_id: input.observationId && toOtlpSpanId(input.observationId) !== input.observationId ? input.observationId : null,
    session_id: input.sessionId ?? null,
    dataset_run_id: input.datasetRunId ?? null,
    name: input.name,
    data_type: value.dataType,
    value: value.value,
    string_value: value.stringValue,
    comment: input.comment ?? null,
    metadata_json: input.metadata === undefined || input.metadata === null ? null : JSON.stringify(input.metadata),
    source: input.source ?? 'API',
    config_id: input.configId ?? null,
    queue_id: input.queueId ?? null,
    author_user_id: null,
    environment: input.environment ?? 'default',
    timestamp_ms: timestampMs,
    created_at_ms: now,
    updated_at_ms: now,
  };
}

function scoreValue(input: CreateScoreInput): { dataType: string; value: number; stringValue: string | null } {
  const dataType = input.dataType ?? (typeof input.value === 'string' ? 'CATEGORICAL' : 'NUMERIC');
  switch (dataType) {
    case 'NUMERIC':
      if (typeof input.value !== 'number' || !Number.isFinite(input.value)) throw invalid('value: a NUMERIC score needs a finite number');
      return { dataType, value: input.value, stringValue: null };
    case 'BOOLEAN':
      if (input.value !== 0 && input.value !== 1) throw invalid('value: a BOOLEAN score needs 1 (true) or 0 (false)');
      return { dataType, value: input.value, stringValue: input.value === 1 ? 'True' : 'False' };
    case 'CATEGORICAL':
      if (typeof input.value !== 'string' || input.value === '') throw invalid('value: a CATEGORICAL score needs a non-empty string');
      return { dataType, value: 0, stringValue: input.value };
    default:
      throw invalid(`dataType: '${dataType}' scores are not supported (use NUMERIC, CATEGORICAL or BOOLEAN)`);
  }
}

function invalid(detail: string): AppError {
  return new AppError('VALIDATION_ERROR', `Invalid request data: ${detail}`);
}
