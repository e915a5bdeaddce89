// QUERY/SERVE (explorer): /traces — list, filter options, detail with nested spans,
// conversation messages, deletes. Validate -> store query -> DTO.
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { DEFAULT_TRACE_OPTION_COLUMNS, findFilterOptions, optionColumns } from '../../store/read/filter-options-queries.js';
import { listMessageLogs, listMessageSpans, listTraceSpans } from '../../store/read/span-queries.js';
import { findTrace, listTraces, TRACE_SORT_COLUMNS } from '../../store/read/trace-queries.js';
import { toSpanSummary, toTraceSummary } from './dto.js';
import { notFound } from './errors.js';
import { parseFiltersParam } from './filter-dialects.js';
import { resolveOptionColumns } from './filter-options-params.js';
import { parseBooleanParam, parseOrderBy, parseTimestampParam, toList, toPageMeta } from './list-params.js';
import { buildMessagesView } from './messages-view.js';
import { BASE, ERROR_RESPONSES, jsonBody, NOT_FOUND_RESPONSES } from './route-kit.js';
import {
  DeleteTracesBody, FilterOptionsQuery, FilterOptionsResponse, ListTracesQuery, MessagesQuery, MessagesResponse, paged,
  ProjectParams, RawSpanQuery, SpanNode, TraceDetail, TraceParams, TraceSummary,
} from './schemas.js';
import { buildSpanTree } from './span-tree.js';

const listRoute = createRoute({
  method: 'get', path: `${BASE}/traces`, tags: ['traces'], summary: 'List traces',
  request: { params: ProjectParams, query: ListTracesQuery },
  responses: { 200: jsonBody(paged(TraceSummary), 'A page of traces'), ...ERROR_RESPONSES },
});

const optionsRoute = createRoute({
  method: 'get', path: `${BASE}/traces/filter-options`, tags: ['traces'], summary: 'Distinct values for trace filters',
  request: { params: ProjectParams, query: FilterOptionsQuery },
  responses: { 200: jsonBody(FilterOptionsResponse, 'Values with counts per column'), ...ERROR_RESPONSES },
});

const detailRoute = createRoute({
  method: 'get', path: `${BASE}/traces/{trace_id}`, tags: ['traces'], summary: 'A trace with its spans nested',
  request: { params: TraceParams, query: RawSpanQuery },
  responses: { 200: jsonBody(TraceDetail, 'The trace'), ...NOT_FOUND_RESPONSES },
});

const messagesRoute = createRoute({
  method: 'get', path: `${BASE}/traces/{trace_id}/messages`, tags: ['traces'], summary: "A trace's conversation (SideML, de-duplicated)",
  request: { params: TraceParams, query: MessagesQuery },
  responses: { 200: jsonBody(MessagesResponse, 'Messages'), ...NOT_FOUND_RESPONSES },
});

const deleteOneRoute = createRoute({
  method: 'delete', path: `${BASE}/traces/{trace_id}`, tags: ['traces'], summary: 'Delete a trace and all its data',
  request: { params: TraceParams },
  responses: { 204: { description: 'Deleted' }, ...NOT_FOUND_RESPONSES },
});

const deleteManyRoute = createRoute({
  method: 'delete', path: `${BASE}/traces`, tags: ['traces'], summary: 'Delete traces by id',
  request: { params: ProjectParams, body: { content: { 'application/json': { schema: DeleteTracesBody } }, required: true } },
  responses: { 204: { description: 'Deleted' }, ...ERROR_RESPONSES },
});

export function registerTraceRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(listRoute, (c) => {
    const { project_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const result = listTraces(deps.readDb, {
      projectId: project_id,
      page: q.page,
      limit: q.limit,
      orderBy: parseOrderBy(q.order_by, TRACE_SORT_COLUMNS, 'start_time'),
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
      filter: parseFiltersParam(q.filters),
      sessionId: q.session_id,
      userId: q.user_id,
      environments: toList(q.environment),
      includeNonGenAI: parseBooleanParam(q.include_nongenai, false),
      search: q.search,
    });
    c.header('Cache-Control', 'no-store');
    const meta = { ...toPageMeta(q.page, q.limit, result.total), ...(result.totalCapped ? { total_capped: true } : {}) };
    return c.json({ data: result.rows.map(toTraceSummary), meta }, 200);
  });

  app.openapi(optionsRoute, (c) => {
    const { project_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const options = findFilterOptions(deps.readDb, {
      projectId: project_id,
      entity: 'traces',
      columns: resolveOptionColumns(q.columns, optionColumns('traces'), DEFAULT_TRACE_OPTION_COLUMNS),
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
    });
    return c.json({ options }, 200);
  });

  app.openapi(detailRoute, (c) => {
    const { project_id, trace_id } = c.req.valid('param');
    const includeRaw = parseBooleanParam(c.req.valid('query').include_raw_span, false);
    const trace = findTrace(deps.readDb, project_id, trace_id);
    if (!trace) throw notFound('trace', trace_id);
    const spans = listTraceSpans(deps.readDb, project_id, trace_id, includeRaw);
    const tree = buildSpanTree(spans, (span) => toSpanSummary(span, includeRaw));
    // The recursive node type is wider than what hono's JSON typing can follow.
    return c.json({ ...toTraceSummary(trace), spans: tree as unknown as z.infer<typeof SpanNode>[] }, 200);
  });

  app.openapi(messagesRoute, (c) => {
    const { project_id, trace_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const trace = findTrace(deps.readDb, project_id, trace_id);
    if (!trace) throw notFound('trace', trace_id);
    const view = buildMessagesView(listMessageSpans(deps.readDb, project_id, [trace_id]), listMessageLogs(deps.readDb, project_id, [trace_id]), {
      role: q.role,
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
      totals: { total_tokens: trace.total_tokens, total_cost: trace.total_cost },
    });
    return c.json(view, 200);
  });

  app.openapi(deleteOneRoute, async (c) => {
    const { project_id, trace_id } = c.req.valid('param');
    const deleted = await deps.writer.deleteTraces(project_id, [trace_id]);
    if (deleted === 0) throw notFound('trace', trace_id);
    return c.body(null, 204);
  });

  app.openapi(deleteManyRoute, async (c) => {
    const { project_id } = c.req.valid('param');
    await deps.writer.deleteTraces(project_id, c.req.valid('json').trace_ids);
    return c.body(null, 204);
  });
}
