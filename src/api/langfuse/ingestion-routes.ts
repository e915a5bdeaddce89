// QUERY/SERVE (Langfuse family): POST /api/public/ingestion — the legacy batch endpoint
// the Langfuse SDKs still use for scores. Input: {batch: [{id, type, timestamp, body}]}.
// Output: 207 {successes, errors}, one entry per event: score-create events are stored
// (after commit); other event types are answered in `errors`, never dropped silently.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import type { ScoreRow } from '../../store/scores.js';
import { resolveProjectId } from './resolve-project.js';
import { parseScoreBody } from './score-input.js';
import { errorResponses } from './query-schemas.js';

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
  summary: 'Batch ingestion (score-create events)',
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

/** Event types of the legacy API that tracelite receives through OTLP instead. */
const OTLP_ONLY_TYPES = new Set([
  'trace-create', 'span-create', 'span-update', 'generation-create', 'generation-update', 'event-create',
  'observation-create', 'observation-update',
]);

type Outcome = { id: string; status: number; message?: string; error?: string };

export function registerIngestionRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(ingestionRoute, async (c) => {
    const projectId = resolveProjectId(c);
    const successes: Outcome[] = [];
    const errors: Outcome[] = [];
    const scores: { eventId: string; row: ScoreRow }[] = [];
    for (const event of c.req.valid('json').batch) {
      const outcome = classifyEvent(event, projectId, scores);
      if (outcome) (outcome.status < 300 ? successes : errors).push(outcome);
    }
    // A failed write (e.g. queue full) fails the request as a whole so the SDK retries it.
    if (scores.length > 0) await deps.writer.upsertScores(scores.map((s) => s.row));
    for (const score of scores) successes.push({ id: score.eventId, status: 201 });
    return c.json({ successes, errors }, 207);
  });
}

/** Returns the event's outcome now, or null when it waits for the score write. */
function classifyEvent(event: z.infer<typeof eventSchema>, projectId: string, scores: { eventId: string; row: ScoreRow }[]): Outcome | null {
  if (event.type === 'score-create') {
    try {
      scores.push({ eventId: event.id, row: parseScoreBody(event.body, projectId, eventTimeMs(event.timestamp)) });
      return null;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { id: event.id, status: 400, message: err.message, error: 'InvalidRequestError' };
    }
  }
  // SDK debug logs carry nothing to store; Langfuse accepts and discards them too.
  if (event.type === 'sdk-log') return { id: event.id, status: 201 };
  if (OTLP_ONLY_TYPES.has(event.type)) {
    return {
      id: event.id, status: 501, error: 'NotImplementedError',
      message: `event type '${event.type}' is not supported by tracelite's ingestion endpoint; send traces via OTLP (POST /api/public/otel/v1/traces)`,
    };
  }
  return { id: event.id, status: 400, error: 'InvalidRequestError', message: `unknown event type '${event.type}'` };
}

function eventTimeMs(timestamp: string | undefined): number {
  const ms = timestamp === undefined ? NaN : Date.parse(timestamp);
  return Number.isFinite(ms) ? ms : Date.now();
}
