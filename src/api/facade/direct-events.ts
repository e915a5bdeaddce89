// QUERY/SERVE (observability facade): validated facade bodies (snake_case) -> the
// direct-ingestion events (src/direct-ingest/model.ts), and applying them. A null field
// counts as not given: an update never erases what it does not mention.
import { AppError } from '../../errors.js';
import type { DirectEvent, ObservationFields, TraceFields } from '../../direct-ingest/model.js';
import type { ApiDeps } from '../deps.js';
import { errorForStatus } from './render-error.js';
import { toIsoTime } from './facade-time.js';
import type { createGenerationBody, createTraceBody, updateTraceBody } from './schemas.js';
import type { z } from '@hono/zod-openapi';

type TraceBody = z.infer<typeof createTraceBody> | z.infer<typeof updateTraceBody>;
type GenerationBody = z.infer<typeof createGenerationBody>;

export function toTraceEvent(id: string, mode: 'create' | 'update', body: TraceBody): DirectEvent {
  const full = body as Partial<z.infer<typeof createTraceBody>>;
  const fields: TraceFields = dropUnset({
    name: body.name, userId: body.user_id, sessionId: body.session_id, input: body.input, output: body.output,
    metadata: body.metadata, tags: body.tags, environment: full.environment,
    timestamp: isoOrNull(full.start_time), endTime: isoOrNull(full.end_time),
  });
  return { kind: 'trace', id, mode, fields };
}

export function toGenerationEvent(traceId: string, id: string, body: GenerationBody): DirectEvent {
  const { prompt_tokens: input, completion_tokens: output, total_tokens: total } = body.usage;
  const fields: ObservationFields = dropUnset({
    type: 'generation', name: body.name, model: body.model, input: body.input, output: body.output,
    usageDetails: { input, output, total: total ?? input + output }, startTime: isoOrNull(body.start_time),
    endTime: isoOrNull(body.end_time), metadata: body.metadata, modelParameters: body.model_parameters,
  });
  return { kind: 'observation', id, traceId, mode: 'create', fields };
}

/** Applies the events (resolves once committed); the first refused one becomes the response. */
export async function applyDirectEvents(deps: ApiDeps, projectId: string, events: DirectEvent[]): Promise<void> {
  if (!deps.direct) throw new AppError('UNAVAILABLE', 'direct ingestion is not available', { retryAfterSeconds: deps.config.limits.retry_after_seconds });
  const results = await deps.direct.apply(projectId, events);
  for (const result of results) if (!result.ok) throw errorForStatus(result.status, result.message);
}

function isoOrNull(value: string | number | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : (toIsoTime(value) ?? undefined);
}

function dropUnset<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && value !== null) out[key] = value;
  return out as T;
}
