// QUERY/SERVE (analytics family): GET /api/v1/traces, POST /api/v1/traces/search and
// GET /api/v1/traces/{trace_id}. Input: validated query/body. Output: spans as the spec's
// `Trace` rows in its envelope, read through searchAnalyticsSpans / findAnalyticsTrace.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../errors.js';
import { ANALYTICS_FIELDS, isAnalyticsField } from '../../store/read/analytics-fields.js';
import { findAnalyticsTrace, searchAnalyticsSpans, type AnalyticsSearch } from '../../store/read/analytics-queries.js';
import type { ApiDeps } from '../deps.js';
import { principalOf } from '../auth-middleware.js';
import { scopeProjects, type Principal } from '../../auth/access.js';
import type { FilterNode } from '../../store/shared/filter-ast.js';
import { answerWithCache, canonicalJson, getRequestId, type QueryResult } from './cached-answer.js';
import { buildListFilter, getListTimeRange, given, isSortField, ListTracesQuery, SORT_BY_HINT, type ListTracesParams } from './list-params.js';
import type { QueryCache } from './query-cache.js';
import {
  AdvancedSearchRequestSchema, ERROR_RESPONSES, GET_ERROR_RESPONSES, PaginatedTraceResponseSchema, SingleTraceResponseSchema,
} from './schemas.js';
import { toTraceDto } from './trace-dto.js';
import { translateSearchFilter } from './translate-filter.js';

const SECURITY = [{ BearerAuth: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listRoute = createRoute({
  method: 'get', path: '/api/v1/traces', operationId: 'listTraces', tags: ['Traces'], security: SECURITY,
  summary: 'List traces',
  description: 'A page of spans (one `Trace` row each), filtered by query parameters. For nested AND/OR/NOT filters use POST /api/v1/traces/search.',
  request: { query: ListTracesQuery },
  responses: { 200: json(PaginatedTraceResponseSchema, 'Successful response'), ...ERROR_RESPONSES },
});

const searchRoute = createRoute({
  method: 'post', path: '/api/v1/traces/search', operationId: 'searchTraces', tags: ['Traces'], security: SECURITY,
  summary: 'Advanced trace search',
  description: 'Nested FieldFilter / LogicalFilter (AND, OR, NOT; up to 10 levels), 14 operators, full-text search, field selection, sorting and cursor paging.',
  request: {
    // A tracelite extension: the spec's request body names no project; this narrows the search
    // to one (absent: every project, as GET /api/v1/traces without project_id).
    query: z.object({ project_id: z.string().optional().openapi({ description: 'Search this project only (absent: every project)' }) }),
    body: { required: true, content: { 'application/json': { schema: AdvancedSearchRequestSchema } } },
  },
  responses: { 200: json(PaginatedTraceResponseSchema, 'Successful response'), ...ERROR_RESPONSES },
});

const getRoute = createRoute({
  method: 'get', path: '/api/v1/traces/{trace_id}', operationId: 'getTraceById', tags: ['Traces'], security: SECURITY,
  summary: 'Get trace by ID', description: "Retrieve a single trace by its trace ID: the trace's root span (or its earliest span).",
  request: {
    params: z.object({ trace_id: z.string().min(1).openapi({ description: 'Trace ID to retrieve', example: 'trace-abc123' }) }),
    query: z.object({ project_id: z.string().optional().openapi({ description: 'Look in this project only (absent: every project)' }) }),
  },
  responses: { 200: json(SingleTraceResponseSchema, 'Successful response'), ...GET_ERROR_RESPONSES },
});

export function registerTraceRoutes(app: OpenAPIHono, deps: ApiDeps, cache: QueryCache): void {
  for (const path of ['/api/v1/traces', '/api/v1/traces/*']) {
    app.use(path, async (c, next) => {
      c.header('X-Request-Id', getRequestId(c));
      await next();
    });
  }
  app.openapi(listRoute, (c) => answerSearch(c, deps, cache, restrictToCaller(principalOf(c), planListSearch(c.req.valid('query'), Date.now()))));
  app.openapi(searchRoute, (c) => answerSearch(c, deps, cache, restrictToCaller(principalOf(c), planAdvancedSearch(c.req.valid('json'), c.req.valid('query').project_id, Date.now()))));
  app.openapi(getRoute, (c) => answerTrace(c, deps, cache, c.req.valid('param').trace_id, scopeProjects(principalOf(c), c.req.valid('query').project_id)));
}

/** The body is JSON text spliced around the cached part (cached-answer.ts): zod-openapi's typed
 *  responses cannot see its type, so the handlers' answers are typed as anything. */
type SplicedAnswer = Promise<never>;

/** A validated request as the store query it runs, with what identifies it for the cache. */
interface SearchPlan {
  request: unknown;
  search: AnalyticsSearch;
  fields: ReadonlySet<string> | null;
}

function planListSearch(params: ListTracesParams, nowMs: number): SearchPlan {
  const { cursor, limit, ...query } = params;
  const search: AnalyticsSearch = {
    projectIds: given(params.project_id) ? [params.project_id] : null, filter: buildListFilter(params), ...getListTimeRange(params, nowMs),
    sortBy: params.sort_by, sortDesc: params.sort_order === 'desc', limit, cursor: given(cursor) ? cursor : null, queryKey: canonicalJson(query),
  };
  return { request: params, search, fields: null };
}

function planAdvancedSearch(body: z.infer<typeof AdvancedSearchRequestSchema>, projectId: string | undefined, nowMs: number): SearchPlan {
  const fields = checkFields(body.fields);
  const sortBy = body.sort_by ?? 'ts';
  if (!isSortField(sortBy)) throw new AppError('BAD_REQUEST', `Invalid request body field 'sort_by': '${sortBy.slice(0, 200)}' is not sortable (${SORT_BY_HINT})`);
  // Translated before the cache key is built: that also bounds the nesting the key walks.
  const filter = translateSearchFilter(body.filter, nowMs);
  const { cursor, limit, fields: _fields, ...query } = body;
  const search: AnalyticsSearch = { projectIds: given(projectId) ? [projectId] : null, filter, sortBy, sortDesc: body.sort_desc, limit, cursor: cursor ?? null, queryKey: canonicalJson(query) };
  return { request: body, search, fields };
}

/** The caller's projects (the one asked for must be among them: 404 otherwise), and for the
 *  billing role cost and usage only: content fields are left out of rows and may not be
 *  filtered on (a search would disclose what the texts contain). */
function restrictToCaller(principal: Principal, plan: SearchPlan): SearchPlan {
  const requested = plan.search.projectIds?.[0];
  const search = { ...plan.search, projectIds: scopeProjects(principal, requested) };
  if (principal.role !== 'billing') return { ...plan, search };
  const named = plan.search.filter ? namedFields(plan.search.filter) : [];
  const content = named.find((field) => CONTENT_FIELDS.has(field));
  if (content) throw new AppError('FORBIDDEN', `role 'billing' may not filter on ${content}: it reads cost and usage only`);
  const fields = new Set([...(plan.fields ?? ANALYTICS_FIELDS)].filter((field) => !CONTENT_FIELDS.has(field)));
  return { request: { request: plan.request, fields: [...fields] }, search, fields };
}

/** What a trace row says beyond cost and usage. */
const CONTENT_FIELDS = new Set(['input_text', 'output_text', 'error_message', 'attributes']);

function namedFields(node: FilterNode): string[] {
  if ('and' in node) return node.and.flatMap(namedFields);
  if ('or' in node) return node.or.flatMap(namedFields);
  if ('not' in node) return namedFields(node.not);
  return [node.field.kind === 'column' ? node.field.name : 'attributes'];
}

function answerSearch(c: Context, deps: ApiDeps, cache: QueryCache, plan: SearchPlan): SplicedAnswer {
  return answerWithCache(c, deps, cache, {
    request: plan.request,
    projectIds: plan.search.projectIds,
    compute: () => toPage(searchAnalyticsSpans(deps.readDb, plan.search), plan.search.limit, plan.fields),
  }) as SplicedAnswer;
}

function answerTrace(c: Context, deps: ApiDeps, cache: QueryCache, traceId: string, projectIds: string[] | null): SplicedAnswer {
  // Trace ids are stored as lowercase hex; an id pasted in capitals is the same trace.
  const storedId = /^[0-9a-f]{32}$/i.test(traceId) ? traceId.toLowerCase() : traceId;
  return answerWithCache(c, deps, cache, {
    request: { traceId: storedId },
    projectIds,
    compute: () => {
      const row = findAnalyticsTrace(deps.readDb, storedId, projectIds);
      if (!row) throw new AppError('NOT_FOUND', `Trace with ID '${traceId.slice(0, 200)}' not found`);
      return { data: toTraceDto(row, null) };
    },
  }) as SplicedAnswer;
}

function toPage(page: ReturnType<typeof searchAnalyticsSpans>, limit: number, fields: ReadonlySet<string> | null): QueryResult {
  return {
    data: page.rows.map((row) => toTraceDto(row, fields)),
    pagination: { cursor: page.nextCursor, has_more: page.hasMore, limit, total: null },
  };
}

/** `fields`: null/absent is every field; an unknown name is a 400 naming it. */
function checkFields(fields: string[] | null | undefined): ReadonlySet<string> | null {
  if (fields === null || fields === undefined) return null;
  const unknown = fields.find((field) => !isAnalyticsField(field));
  if (unknown !== undefined) {
    throw new AppError('BAD_REQUEST', `Invalid fields: field '${unknown.slice(0, 200)}' is not allowed (one of ${ANALYTICS_FIELDS.join(', ')})`);
  }
  return new Set(fields);
}
