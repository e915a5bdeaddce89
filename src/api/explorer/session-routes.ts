// QUERY/SERVE (explorer): /sessions — list, filter options, detail with its traces,
// the session's conversation de-duplicated across traces, delete.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { DEFAULT_SESSION_OPTION_COLUMNS, findFilterOptions, optionColumns } from '../../store/read/filter-options-queries.js';
import { findSession, listSessions, SESSION_SORT_COLUMNS } from '../../store/read/session-queries.js';
import { listMessageLogs, listMessageSpans } from '../../store/read/span-queries.js';
import { listSessionTraces } from '../../store/read/trace-queries.js';
import { toSessionSummary, toTraceSummary } from './dto.js';
import { notFound } from './errors.js';
import { parseFiltersParam } from './filter-dialects.js';
import { resolveOptionColumns } from './filter-options-params.js';
import { parseOrderBy, parseTimestampParam, toList, toPageMeta } from './list-params.js';
import { buildMessagesView } from './messages-view.js';
import { BASE, ERROR_RESPONSES, jsonBody, NOT_FOUND_RESPONSES } from './route-kit.js';
import {
  DeleteSessionsBody, FilterOptionsQuery, FilterOptionsResponse, ListSessionsQuery, MessagesQuery, MessagesResponse,
  paged, ProjectParams, SessionDetail, SessionParams, SessionSummary,
} from './schemas.js';

const listRoute = createRoute({
  method: 'get', path: `${BASE}/sessions`, tags: ['sessions'], summary: 'List sessions',
  request: { params: ProjectParams, query: ListSessionsQuery },
  responses: { 200: jsonBody(paged(SessionSummary), 'A page of sessions'), ...ERROR_RESPONSES },
});

const optionsRoute = createRoute({
  method: 'get', path: `${BASE}/sessions/filter-options`, tags: ['sessions'], summary: 'Distinct values for session filters',
  request: { params: ProjectParams, query: FilterOptionsQuery },
  responses: { 200: jsonBody(FilterOptionsResponse, 'Values with counts per column'), ...ERROR_RESPONSES },
});

const detailRoute = createRoute({
  method: 'get', path: `${BASE}/sessions/{session_id}`, tags: ['sessions'], summary: 'A session with its traces',
  request: { params: SessionParams },
  responses: { 200: jsonBody(SessionDetail, 'The session'), ...NOT_FOUND_RESPONSES },
});

const messagesRoute = createRoute({
  method: 'get', path: `${BASE}/sessions/{session_id}/messages`, tags: ['sessions'], summary: "A session's conversation across traces",
  request: { params: SessionParams, query: MessagesQuery },
  responses: { 200: jsonBody(MessagesResponse, 'Messages'), ...NOT_FOUND_RESPONSES },
});

const deleteOneRoute = createRoute({
  method: 'delete', path: `${BASE}/sessions/{session_id}`, tags: ['sessions'], summary: 'Delete a session (all its traces)',
  request: { params: SessionParams },
  responses: { 204: { description: 'Deleted' }, ...NOT_FOUND_RESPONSES },
});

const deleteManyRoute = createRoute({
  method: 'delete', path: `${BASE}/sessions`, tags: ['sessions'], summary: 'Delete sessions by id',
  request: { params: ProjectParams, body: { content: { 'application/json': { schema: DeleteSessionsBody } }, required: true } },
  responses: { 204: { description: 'Deleted' }, ...ERROR_RESPONSES },
});

export function registerSessionRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    const result = listSessions(deps.readDb, {
      projectId: c.req.valid('param').project_id,
      page: q.page,
      limit: q.limit,
      orderBy: parseOrderBy(q.order_by, SESSION_SORT_COLUMNS, 'start_time'),
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
      filter: parseFiltersParam(q.filters),
      userId: q.user_id,
      environments: toList(q.environment),
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ data: result.rows.map(toSessionSummary), meta: toPageMeta(q.page, q.limit, result.total) }, 200);
  });

  app.openapi(optionsRoute, (c) => {
    const q = c.req.valid('query');
    const options = findFilterOptions(deps.readDb, {
      projectId: c.req.valid('param').project_id,
      entity: 'sessions',
      columns: resolveOptionColumns(q.columns, optionColumns('sessions'), DEFAULT_SESSION_OPTION_COLUMNS),
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
    });
    return c.json({ options }, 200);
  });

  app.openapi(detailRoute, (c) => {
    const { project_id, session_id } = c.req.valid('param');
    const session = findSession(deps.readDb, project_id, session_id);
    if (!session) throw notFound('session', session_id);
    const traces = listSessionTraces(deps.readDb, project_id, session_id);
    return c.json({ ...toSessionSummary(session), traces: traces.map(toTraceSummary) }, 200);
  });

  app.openapi(messagesRoute, (c) => {
    const { project_id, session_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const session = findSession(deps.readDb, project_id, session_id);
    if (!session) throw notFound('session', session_id);
    const traceIds = listSessionTraces(deps.readDb, project_id, session_id).map((t) => t.trace_id);
    const view = buildMessagesView(listMessageSpans(deps.readDb, project_id, traceIds), listMessageLogs(deps.readDb, project_id, traceIds), {
      role: q.role,
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
      totals: { total_tokens: session.total_tokens, total_cost: session.total_cost },
    });
    return c.json(view, 200);
  });

  app.openapi(deleteOneRoute, async (c) => {
    const { project_id, session_id } = c.req.valid('param');
    const deleted = await deps.writer.deleteSessions(project_id, [session_id]);
    if (deleted === 0) throw notFound('session', session_id);
    return c.body(null, 204);
  });

  app.openapi(deleteManyRoute, async (c) => {
    await deps.writer.deleteSessions(c.req.valid('param').project_id, c.req.valid('json').session_ids);
    return c.body(null, 204);
  });
}
