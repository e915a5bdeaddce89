// QUERY/SERVE (Langfuse family): POST /api/public/ingestion — the batch endpoint the Langfuse
// SDKs (JS v3, Python v2) send traces, observations and scores to. Input: {batch: [{id, type,
// timestamp, body}]}. Output: 207 {successes, errors}, one entry per event, after commit:
// traces and observations go through direct ingestion (merged by id), scores to the scores
// table; an invalid event is a 400 in `errors`, never a silent drop. A full write queue fails
// the whole request with 503 so the SDK retries it.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import type { ScoreRow } from '../../store/shared/rows.js';
import { resolveProjectId } from './resolve-project.js';
import { parseScoreBody } from './score-input.js';
import { errorResponses } from './query-schemas.js';
import { DIRECT_EVENT_TYPES, toDirectEvent } from './ingestion-events.js';
import type { DirectEvent } from '../../direct-ingest/model.js';

const eventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  timestamp: z.string().optional(),
  body: z.unknown(),
  metadata: z.unknown().optional(),
});

const ingestionRoute = createRoute({
  method: 'post',
  tags: ['langfuse'],
  path: '/api/public/ingestion',
  summary: 'Batch ingestion (traces, observations, scores)',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ batch: z.array(eventSchema).max(1000), metadata: z.unknown().optional() }) } },
      required: true,
    },
  },
  responses: {
    207: {
      description: 'Per-event results',
      content: {
        'application/json': {
          schema: z.object({
            successes: z.array(z.object({ id: z.string(), status: z.number().int() })),
            errors: z.array(z.object({ id: z.string(), status: z.number().int(), message: z.string().optional(), error: z.unknown().optional() })),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

type Outcome = { id: string; status: number; message?: string; error?: string };

interface Pending {
  scores: { eventId: string; row: ScoreRow }[];
  direct: { eventId: string; event: DirectEvent }[];
}

export function registerIngestionRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(ingestionRoute, async (c) => {
    const projectId = resolveProjectId(c);
    const successes: Outcome[] = [];
    const errors: Outcome[] = [];
    const pending: Pending = { scores: [], direct: [] };
    for (const event of c.req.valid('json').batch) {
      const outcome = classifyEvent(event, projectId, pending);
      if (outcome) (outcome.status < 300 ? successes : errors).push(outcome);
    }
    await writeDirectEvents(deps, projectId, pending.direct, successes, errors);
    // A failed write (e.g. queue full) fails the request as a whole so the SDK retries it.
    if (pending.scores.length > 0) await deps.writer.upsertScores(pending.scores.map((s) => s.row));
    for (const score of pending.scores) successes.push({ id: score.eventId, status: 201 });
    return c.json({ successes, errors }, 207);
  });
}

async function writeDirectEvents(deps: ApiDeps, projectId: string, direct: Pending['direct'], successes: Outcome[], errors: Outcome[]): Promise<void> {
  if (direct.length === 0) return;
  if (!deps.direct) throw new AppError('UNAVAILABLE', 'direct ingestion is not running');
  const results = await deps.direct.apply(projectId, direct.map((d) => d.event));
  const unavailable = results.find((r) => !r.ok && r.status === 503);
  if (unavailable && !unavailable.ok) throw new AppError('UNAVAILABLE', unavailable.message, { retryAfterSeconds: deps.config.limits.retry_after_seconds });
  results.forEach((result, i) => {
    const id = direct[i]!.eventId;
    if (result.ok) successes.push({ id, status: 201 });
    else errors.push({ id, status: result.status, message: result.message, error: result.status < 500 ? 'InvalidRequestError' : 'InternalServerError' });
  });
}

/** Returns the event's outcome now, or null when it waits for a write. */
function classifyEvent(event: z.infer<typeof eventSchema>, projectId: string, pending: Pending): Outcome | null {
  try {
    if (event.type === 'score-create') {
      pending.scores.push({ eventId: event.id, row: parseScoreBody(event.body, projectId, eventTimeMs(event.timestamp)) });
      return null;
    }
    if (DIRECT_EVENT_TYPES.has(event.type)) {
      pending.direct.push({ eventId: event.id, event: toDirectEvent(event.type, event.body, event.timestamp) });
      return null;
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { id: event.id, status: 400, message: err.message, error: 'InvalidRequestError' };
  }
  // SDK debug logs carry nothing to store; Langfuse accepts and discards them too.
  if (event.type === 'sdk-log') return { id: event.id, status: 201 };
  return { id: event.id, status: 400, error: 'InvalidRequestError', message: `unknown event type '${event.type}'` };
}

function eventTimeMs(timestamp: string | undefined): number {
  const ms = timestamp === undefined ? NaN : Date.parse(timestamp);
  return Number.isFinite(ms) ? ms : Date.now();
}
