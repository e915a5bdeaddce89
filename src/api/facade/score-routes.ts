// QUERY/SERVE (observability facade): POST and GET /traces/{trace_id}/scores — the same
// scores table and writer path as the Langfuse API (a row built by its score-input.ts),
// keyed by the OTLP ids every family shares; responses show the caller's ids.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { ORIGINAL_ID_ATTRIBUTES, toOtlpTraceId } from '../../direct-ingest/ids.js';
import { listScoresForTraces } from '../../store/read/scores.js';
import { listSpanAttributeValues } from '../../store/read/facade-queries.js';
import { toScoreRow } from '../langfuse/score-input.js';
import { projectOf } from './trace-routes.js';
import { toFacadeScore } from './trace-dto.js';
import { createScoreBody, errorResponses, FACADE_PREFIX, FACADE_TAG, jsonBody, jsonResponse, scoreSchema, traceParams } from './schemas.js';

const createScoreRoute = createRoute({
  method: 'post', path: `${FACADE_PREFIX}/traces/{trace_id}/scores`, tags: [FACADE_TAG], summary: 'Attach an evaluation score',
  request: { params: traceParams, ...jsonBody(createScoreBody) },
  responses: {
    201: jsonResponse('Created (and committed)', z.object({ score_id: z.string(), trace_id: z.string(), status: z.literal('created') })),
    ...errorResponses,
  },
});

const listScoresRoute = createRoute({
  method: 'get', path: `${FACADE_PREFIX}/traces/{trace_id}/scores`, tags: [FACADE_TAG], summary: 'List scores for a trace, oldest first',
  request: { params: traceParams },
  responses: { 200: jsonResponse('Scores (empty for a trace without any)', z.object({ scores: z.array(scoreSchema) })), ...errorResponses },
});

export function registerScoreRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(createScoreRoute, async (c) => {
    const { trace_id: traceId } = c.req.valid('param');
    const body = c.req.valid('json');
    const value = typeof body.value === 'boolean' ? (body.value ? 1 : 0) : body.value;
    // toScoreRow stores the OTLP-shaped ids (src/direct-ingest/ids.ts), as for Langfuse's scores.
    const row = toScoreRow({
      traceId,
      observationId: body.observation_id ?? undefined,
      name: body.name,
      value,
      comment: body.comment ?? undefined,
      dataType: body.data_type ?? (typeof body.value === 'boolean' ? 'BOOLEAN' : undefined),
    }, projectOf(c), Date.now());
    await deps.writer.upsertScores([row]);
    return c.json({ score_id: row.id, trace_id: traceId, status: 'created' as const }, 201);
  });

  app.openapi(listScoresRoute, (c) => {
    const { trace_id: traceId } = c.req.valid('param');
    const projectId = projectOf(c);
    const otlpTraceId = toOtlpTraceId(traceId);
    const observationIds = listSpanAttributeValues(deps.readDb, projectId, otlpTraceId, ORIGINAL_ID_ATTRIBUTES.observationId);
    const scores = listScoresForTraces(deps.readDb, projectId, [otlpTraceId]).map((row) => toFacadeScore(row, traceId, observationIds));
    return c.json({ scores }, 200);
  });
}
