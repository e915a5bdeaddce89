// QUERY/SERVE (observability facade): GET /sessions and /sessions/{session_id} — a session
// is the traces sharing a session id, summed by the store's session roll-up. Every read takes
// the Caller (caller.ts): non-admins see only their own sessions once auth fills it in.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type Database from 'better-sqlite3';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { findSession, listSessions } from '../../store/read/session-queries.js';
import { listTracesOfSession } from '../../store/read/langfuse-trace-queries.js';
import { canSeeSession, resolveCaller, sessionUserScope, type Caller } from './caller.js';
import { projectOf, toFacadeTraces } from './trace-routes.js';
import { toFacadeSession } from './trace-dto.js';
import {
  errorResponses, FACADE_PREFIX, FACADE_TAG, jsonResponse, notFoundResponse, sessionDetailSchema, sessionListQuery, sessionParams,
  sessionSchema,
} from './schemas.js';

const forbiddenResponse = { 403: { description: 'A non-admin asked for another user\'s sessions', content: errorResponses[400].content } } as const;

const listSessionsRoute = createRoute({
  method: 'get', path: `${FACADE_PREFIX}/sessions`, tags: [FACADE_TAG], summary: 'List sessions, newest first',
  request: { query: sessionListQuery },
  responses: { 200: jsonResponse('Sessions', z.object({ sessions: z.array(sessionSchema), count: z.number().int() })), ...errorResponses, ...forbiddenResponse },
});

const getSessionRoute = createRoute({
  method: 'get', path: `${FACADE_PREFIX}/sessions/{session_id}`, tags: [FACADE_TAG], summary: 'Get a session with its traces, tokens and cost',
  request: { params: sessionParams },
  responses: { 200: jsonResponse('The session', sessionDetailSchema), ...errorResponses, ...notFoundResponse },
});

export function registerSessionRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(listSessionsRoute, (c) => {
    const { user_id: userId, limit } = c.req.valid('query');
    const sessions = listCallerSessions(deps.readDb, projectOf(c), resolveCaller(c), userId, limit);
    return c.json({ sessions, count: sessions.length }, 200);
  });

  app.openapi(getSessionRoute, (c) => {
    const { session_id: sessionId } = c.req.valid('param');
    return c.json(readCallerSession(deps.readDb, projectOf(c), resolveCaller(c), sessionId), 200);
  });
}

export function listCallerSessions(db: Database.Database, projectId: string, caller: Caller, userId: string | undefined, limit: number) {
  const { rows } = listSessions(db, {
    projectId, page: 1, limit, userId: sessionUserScope(caller, userId), orderBy: { column: 'start_time', direction: 'desc' },
  });
  return rows.map(toFacadeSession);
}

export function readCallerSession(db: Database.Database, projectId: string, caller: Caller, sessionId: string) {
  const session = findSession(db, projectId, sessionId);
  if (!session || !canSeeSession(caller, session.user_id)) throw new AppError('NOT_FOUND', `Session not found: ${sessionId}`);
  const traces = toFacadeTraces(db, projectId, listTracesOfSession(db, projectId, sessionId));
  return { ...toFacadeSession(session), traces };
}
