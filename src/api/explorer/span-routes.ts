// QUERY/SERVE (explorer): /spans and /traces/{trace_id}/spans — span list with filters,
// filter options, the spans of a trace, one span, one span's messages.
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps.js';
import { DEFAULT_SPAN_OPTION_COLUMNS, findFilterOptions, optionColumns } from '../../store/read/filter-options-queries.js';
import { findSpan, listMessageLogs, listMessageSpans, listSpans, SPAN_SORT_COLUMNS } from '../../store/read/span-queries.js';
import { findTrace } from '../../store/read/trace-queries.js';
import { toSpanSummary } from './dto.js';
import { notFound } from './errors.js';
import { parseFiltersParam } from './filter-dialects.js';
import { resolveOptionColumns } from './filter-options-params.js';
import { parseBooleanParam, parseOrderBy, parseTimestampParam, toList, toPageMeta } from './list-params.js';
import { buildMessagesView } from './messages-view.js';
import { BASE, ERROR_RESPONSES, jsonBody, NOT_FOUND_RESPONSES } from './route-kit.js';
import {
  FilterOptionsQuery, FilterOptionsResponse, ListSpansQuery, MessagesQuery, MessagesResponse, paged, ProjectParams,
  RawSpanQuery, SpanParams, SpanSummary, TraceParams,
} from './schemas.js';

const listRoute = createRoute({
  method: 'get', path: `${BASE}/spans`, tags: ['spans'], summary: 'List spans',
  request: { params: ProjectParams, query: ListSpansQuery },
  responses: { 200: jsonBody(paged(SpanSummary), 'A page of spans'), ...ERROR_RESPONSES },
});

const optionsRoute = createRoute({
  method: 'get', path: `${BASE}/spans/filter-options`, tags: ['spans'], summary: 'Distinct values for span filters',
  request: { params: ProjectParams, query: FilterOptionsQuery },
  responses: { 200: jsonBody(FilterOptionsResponse, 'Values with counts per column'), ...ERROR_RESPONSES },
});

const traceSpansRoute = createRoute({
  method: 'get', path: `${BASE}/traces/{trace_id}/spans`, tags: ['spans'], summary: 'The spans of a trace (paged)',
  request: { params: TraceParams, query: ListSpansQuery },
  responses: { 200: jsonBody(paged(SpanSummary), 'A page of spans'), ...NOT_FOUND_RESPONSES },
});

const spanRoute = createRoute({
  method: 'get', path: `${BASE}/traces/{trace_id}/spans/{span_id}`, tags: ['spans'], summary: 'One span',
  request: { params: SpanParams, query: RawSpanQuery },
  responses: { 200: jsonBody(SpanSummary, 'The span'), ...NOT_FOUND_RESPONSES },
});

const spanMessagesRoute = createRoute({
  method: 'get', path: `${BASE}/traces/{trace_id}/spans/{span_id}/messages`, tags: ['spans'], summary: "A span's messages (SideML)",
  request: { params: SpanParams, query: MessagesQuery },
  responses: { 200: jsonBody(MessagesResponse, 'Messages'), ...NOT_FOUND_RESPONSES },
});

const STATUS_CODES: Record<string, number> = { unset: 0, ok: 1, error: 2 };

function toListOptions(projectId: string, q: z.infer<typeof ListSpansQuery>, traceId: string | undefined) {
  const status = q.status ?? q.status_code;
  return {
    projectId,
    page: q.page,
    limit: q.limit,
    orderBy: parseOrderBy(q.order_by, SPAN_SORT_COLUMNS, 'start_time'),
    fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
    toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
    filter: parseFiltersParam(q.filters),
    traceId: traceId ?? q.trace_id,
    sessionId: q.session_id,
    userId: q.user_id,
    environments: toList(q.environment),
    observationType: q.observation_type,
    category: q.category ?? q.span_category,
    framework: q.framework,
    model: q.model,
    statusCode: status === undefined ? undefined : STATUS_CODES[status.toLowerCase()],
    includeRaw: parseBooleanParam(q.include_raw_span, false),
  };
}

export function registerSpanRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    const options = toListOptions(c.req.valid('param').project_id, q, undefined);
    const result = listSpans(deps.readDb, options);
    c.header('Cache-Control', 'no-store');
    return c.json({ data: result.rows.map((r) => toSpanSummary(r, options.includeRaw)), meta: toPageMeta(q.page, q.limit, result.total) }, 200);
  });

  app.openapi(optionsRoute, (c) => {
    const q = c.req.valid('query');
    const options = findFilterOptions(deps.readDb, {
      projectId: c.req.valid('param').project_id,
      entity: 'spans',
      columns: resolveOptionColumns(q.columns, optionColumns('spans'), DEFAULT_SPAN_OPTION_COLUMNS),
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
      genaiOnly: parseBooleanParam(q.observations_only, true),
    });
    return c.json({ options }, 200);
  });

  app.openapi(traceSpansRoute, (c) => {
    const { project_id, trace_id } = c.req.valid('param');
    if (!findTrace(deps.readDb, project_id, trace_id)) throw notFound('trace', trace_id);
    const q = c.req.valid('query');
    const options = toListOptions(project_id, { ...q, order_by: q.order_by ?? 'start_time:asc' }, trace_id);
    const result = listSpans(deps.readDb, options);
    return c.json({ data: result.rows.map((r) => toSpanSummary(r, options.includeRaw)), meta: toPageMeta(q.page, q.limit, result.total) }, 200);
  });

  app.openapi(spanRoute, (c) => {
    const { project_id, trace_id, span_id } = c.req.valid('param');
    const includeRaw = parseBooleanParam(c.req.valid('query').include_raw_span, false);
    const span = findSpan(deps.readDb, project_id, trace_id, span_id, includeRaw);
    if (!span) throw notFound('span', `${trace_id}/${span_id}`);
    return c.json(toSpanSummary(span, includeRaw), 200);
  });

  app.openapi(spanMessagesRoute, (c) => {
    const { project_id, trace_id, span_id } = c.req.valid('param');
    const q = c.req.valid('query');
    const span = findSpan(deps.readDb, project_id, trace_id, span_id, false);
    if (!span) throw notFound('span', `${trace_id}/${span_id}`);
    const spans = listMessageSpans(deps.readDb, project_id, [trace_id]).filter((s) => s.span_id === span_id);
    const logs = listMessageLogs(deps.readDb, project_id, [trace_id]).filter((l) => l.span_id === span_id);
    const view = buildMessagesView(spans, logs, {
      role: q.role,
      fromNs: parseTimestampParam(q.from_timestamp, 'from_timestamp'),
      toNs: parseTimestampParam(q.to_timestamp, 'to_timestamp'),
      totals: { total_tokens: span.total_tokens ?? 0, total_cost: span.total_cost ?? 0 },
    });
    return c.json(view, 200);
  });
}
