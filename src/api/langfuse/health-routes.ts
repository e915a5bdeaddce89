// QUERY/SERVE (Langfuse family): GET /api/public/health (is the store readable?) and
// GET /api/public/projects (the project the credentials resolve to; the SDK's
// getTraceUrl asks for it).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { resolveProjectId } from './resolve-project.js';
import { errorResponses, errorSchema } from './query-schemas.js';

/** The Langfuse public-API generation these routes follow (SDKs only display it). */
const LANGFUSE_API_VERSION = '3.0.0';

const healthRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/health',
  summary: 'Health of the API and its store',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: z.object({ status: z.string(), version: z.string() }) } } },
    503: { description: 'The store cannot be read', content: { 'application/json': { schema: errorSchema } } },
  },
});

const projectsRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/projects',
  summary: 'The project these credentials see',
  responses: {
    200: {
      description: 'One project',
      content: { 'application/json': { schema: z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), organization: z.object({ id: z.string(), name: z.string() }), metadata: z.record(z.string(), z.unknown()) })) }) } },
    },
    ...errorResponses,
  },
});

export function registerHealthRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(healthRoute, (c) => {
    try {
      deps.readDb.prepare('SELECT 1').get();
    } catch (err) {
      deps.log.error('langfuse api: health check cannot read the store', { err });
      return c.json({ message: 'Database not available', error: 'ServiceUnavailableError' }, 503);
    }
    return c.json({ status: 'OK', version: LANGFUSE_API_VERSION }, 200);
  });

  app.openapi(projectsRoute, (c) => {
    const projectId = resolveProjectId(c);
    const project = { id: projectId, name: projectId, organization: { id: 'tracelite', name: 'tracelite' }, metadata: {} };
    return c.json({ data: [project] }, 200);
  });
}
