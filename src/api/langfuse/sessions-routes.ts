// QUERY/SERVE (Langfuse family): GET /api/public/sessions and /sessions/{sessionId}.
// A session is the traces sharing a session id. Input: query parameters; output:
// Langfuse session JSON (the single session with its traces).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { findSession, listSessionsPage, listTracesOfSession } from '../../store/read/langfuse-trace-queries.js';
import { resolveProjectId } from './resolve-project.js';
import { parseTimeParam } from './time-format.js';
import { toSession, toTrace } from './trace-dto.js';
import { errorResponses, isoDateTime, metaSchema, notFoundResponse, openObject, pageMeta, pageParams, repeatedString, toList } from './query-schemas.js';

const sessionSchema = z.object({ id: z.string(), createdAt: z.string(), projectId: z.string(), environment: z.string() }).openapi('Session');

const listRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/sessions',
  summary: 'List sessions, newest first',
  request: {
    query: z.object({
      ...pageParams(100),
      fromTimestamp: isoDateTime.optional(),
      toTimestamp: isoDateTime.optional(),
      environment: repeatedString,
    }),
  },
  responses: {
    200: { description: 'A page of sessions', content: { 'application/json': { schema: z.object({ data: z.array(sessionSchema), meta: metaSchema }) } } },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/sessions/{sessionId}',
  summary: 'Get a session with its traces',
  request: { params: z.object({ sessionId: z.string().min(1) }) },
  responses: {
    200: { description: 'The session', content: { 'application/json': { schema: openObject('SessionWithTraces', 'Session with its traces, oldest first') } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export function registerSessionRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(listRoute, (c) => {
    const query = c.req.valid('query');
    const projectId = resolveProjectId(c);
    const { rows, total } = listSessionsPage(deps.readDb, projectId, {
      page: query.page,
      limit: query.limit,
      fromNs: parseTimeParam('fromTimestamp', query.fromTimestamp),
      toNs: parseTimeParam('toTimestamp', query.toTimestamp),
      environments: toList(query.environment),
    });
    return c.json({ data: rows.map((row) => toSession(row, projectId)), meta: pageMeta(query.page, query.limit, total) }, 200);
  });

  app.openapi(getRoute, (c) => {
    const { sessionId } = c.req.valid('param');
    const projectId = resolveProjectId(c);
    const session = findSession(deps.readDb, projectId, sessionId);
    if (!session) throw new AppError('NOT_FOUND', `Session not found: no trace carries session id '${sessionId}' in this project`);
    const traces = listTracesOfSession(deps.readDb, projectId, sessionId).map((row) => toTrace(row));
    return c.json({ ...toSession(session, projectId), traces }, 200);
  });
}
