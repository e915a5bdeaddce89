// QUERY/SERVE (observability facade): POST /traces/{trace_id}/generations — an LLM call as
// a generation observation of the trace (cost from the price table, input/output normalized
// to messages by the direct-ingestion engine). An unknown trace is created implicitly, as
// Langfuse does when an observation names a trace it has not seen.
import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { applyDirectEvents, toGenerationEvent } from './direct-events.js';
import { projectOf } from './trace-routes.js';
import { createGenerationBody, errorResponses, FACADE_PREFIX, FACADE_TAG, jsonBody, jsonResponse, traceParams } from './schemas.js';

const createGenerationRoute = createRoute({
  method: 'post', path: `${FACADE_PREFIX}/traces/{trace_id}/generations`, tags: [FACADE_TAG], summary: 'Log an LLM call',
  request: { params: traceParams, ...jsonBody(createGenerationBody) },
  responses: {
    201: jsonResponse('Created (and committed)', z.object({ generation_id: z.string(), trace_id: z.string(), status: z.literal('created') })),
    ...errorResponses,
  },
});

export function registerGenerationRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(createGenerationRoute, async (c) => {
    const { trace_id: traceId } = c.req.valid('param');
    const generationId = randomUUID();
    await applyDirectEvents(deps, projectOf(c), [toGenerationEvent(traceId, generationId, c.req.valid('json'))]);
    return c.json({ generation_id: generationId, trace_id: traceId, status: 'created' as const }, 201);
  });
}
