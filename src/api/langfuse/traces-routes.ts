// QUERY/SERVE (Langfuse family): GET /api/public/traces (page-based, filters, orderBy,
// field groups) and /traces/{traceId} (with observations and scores).
// Input: query parameters; output: Langfuse trace JSON from the `traces` roll-up.
import { toOtlpTraceId } from '../../direct-ingest/ids.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import type { FilterCondition } from '../../store/shared/filter-ast.js';
import { findTrace, listTracesPage, TRACE_COLUMNS, TRACE_SORT_COLUMNS, type TraceSort } from '../../store/read/langfuse-trace-queries.js';
import { listObservationIdsOfTraces, listObservationsOfTrace } from '../../store/read/observation-queries.js';
import { listScoresForTraces } from '../../store/read/scores.js';
import { resolveProjectId } from './resolve-project.js';
import { translateFernFilter } from './translate-filter.js';
import { parseTimeParam } from './time-format.js';
import { toTraceWithDetails, TRACE_FIELD_GROUPS, type TraceFieldGroup } from './trace-dto.js';
import { toObservationView } from './observation-dto.js';
import { toScoreV1 } from './score-dto.js';
import {
  errorResponses, filterParam, isoDateTime, metaSchema, notFoundResponse, openObject, pageMeta, pageParams,
  repeatedString, splitCsv, toList,
} from './query-schemas.js';

const fieldsParam = z.string().optional().openapi({ description: `Comma-separated groups: ${TRACE_FIELD_GROUPS.join(', ')} (default all)` });

const listRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/traces',
  summary: 'List traces',
  request: {
    query: z.object({
      ...pageParams(100),
      userId: z.string().optional(),
      name: z.string().optional(),
      sessionId: z.string().optional(),
      fromTimestamp: isoDateTime.optional(),
      toTimestamp: isoDateTime.optional(),
      orderBy: z.string().optional().openapi({ description: '[field].[asc|desc], e.g. timestamp.desc' }),
      tags: repeatedString,
      version: z.string().optional(),
      release: z.string().optional(),
      environment: repeatedString,
      fields: fieldsParam,
      filter: filterParam,
    }),
  },
  responses: {
    200: { description: 'A page of traces', content: { 'application/json': { schema: z.object({ data: z.array(openObject('TraceWithDetails', 'Trace with observation and score ids')), meta: metaSchema }) } } },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/traces/{traceId}',
  summary: 'Get one trace with its observations and scores',
  request: { params: z.object({ traceId: z.string().min(1) }), query: z.object({ fields: fieldsParam }) },
  responses: {
    200: { description: 'The trace', content: { 'application/json': { schema: openObject('TraceWithFullDetails', 'Trace with observations and scores') } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const deletedSchema = z.object({ message: z.string() });

const deleteOneRoute = createRoute({
  method: 'delete',
  tags: ['langfuse'],
  path: '/api/public/traces/{traceId}',
  summary: 'Delete a trace and everything hanging off it',
  request: { params: z.object({ traceId: z.string().min(1) }) },
  responses: { 200: { description: 'Deleted', content: { 'application/json': { schema: deletedSchema } } }, ...errorResponses, ...notFoundResponse },
});

const deleteManyRoute = createRoute({
  method: 'delete',
  tags: ['langfuse'],
  path: '/api/public/traces',
  summary: 'Delete several traces',
  request: { body: { content: { 'application/json': { schema: z.object({ traceIds: z.array(z.string().min(1)).min(1).max(1000) }) } }, required: true } },
  responses: { 200: { description: 'Deleted', content: { 'application/json': { schema: deletedSchema } } }, ...errorResponses },
});

const FILTER_COLUMNS: ReadonlySet<string> = new Set(Object.keys(TRACE_COLUMNS));

export function registerTraceRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(listRoute, (c) => {
    const query = c.req.valid('query');
    const projectId = resolveProjectId(c);
    const translated = translateFernFilter(query.filter, FILTER_COLUMNS);
    const simple = simpleTraceConditions(query).filter(([column]) => !translated.columns.has(column));
    const filter = { and: [...translated.conditions, ...simple.map(([, condition]) => condition)] };
    const groups = parseTraceFields(query.fields);
    const { rows, total } = listTracesPage(deps.readDb, projectId, filter, query, parseOrderBy(query.orderBy));
    const ids = rows.map((row) => row.trace_id);
    const observationIds = listObservationIdsOfTraces(deps.readDb, projectId, ids);
    const scoreIds = new Map<string, string[]>();
    for (const score of listScoresForTraces(deps.readDb, projectId, ids)) {
      const list = scoreIds.get(score.trace_id!) ?? [];
      list.push(score.id);
      scoreIds.set(score.trace_id!, list);
    }
    const data = rows.map((row) => toTraceWithDetails(row, groups, observationIds.get(row.trace_id) ?? [], scoreIds.get(row.trace_id) ?? []));
    return c.json({ data, meta: pageMeta(query.page, query.limit, total) }, 200);
  });

  app.openapi(getRoute, (c) => {
    const givenId = c.req.valid('param').traceId;
    const traceId = toOtlpTraceId(givenId);
    const projectId = resolveProjectId(c);
    const row = findTrace(deps.readDb, projectId, traceId);
    if (!row) throw new AppError('NOT_FOUND', `Trace not found: no trace with id '${givenId}' in this project`);
    const groups = parseTraceFields(c.req.valid('query').fields);
    const observations = groups.has('observations') ? listObservationsOfTrace(deps.readDb, projectId, traceId).map(toObservationView) : [];
    const scores = groups.has('scores') ? listScoresForTraces(deps.readDb, projectId, [traceId]).map(toScoreV1) : [];
    return c.json(toTraceWithDetails(row, groups, observations, scores), 200);
  });

  app.openapi(deleteOneRoute, async (c) => {
    const { traceId } = c.req.valid('param');
    const deleted = await deps.writer.deleteTraces(resolveProjectId(c), [toOtlpTraceId(traceId)]);
    if (deleted === 0) throw new AppError('NOT_FOUND', `Trace not found: no trace with id '${traceId}' in this project`);
    return c.json({ message: 'Trace deleted successfully' }, 200);
  });

  app.openapi(deleteManyRoute, async (c) => {
    const { traceIds } = c.req.valid('json');
    await deps.writer.deleteTraces(resolveProjectId(c), traceIds.map(toOtlpTraceId));
    return c.json({ message: 'Traces deleted successfully' }, 200);
  });
}

interface TraceListParams {
  userId?: string;
  name?: string;
  sessionId?: string;
  fromTimestamp?: string;
  toTimestamp?: string;
  tags?: string | string[];
  version?: string;
  release?: string;
  environment?: string | string[];
}

function simpleTraceConditions(q: TraceListParams): [string, FilterCondition][] {
  const out: [string, FilterCondition][] = [];
  const add = (name: string, op: FilterCondition['op'], value: unknown) => out.push([name, { field: { kind: 'column', name }, op, value }]);
  if (q.userId !== undefined) add('userId', 'eq', q.userId);
  if (q.name !== undefined) add('name', 'eq', q.name);
  if (q.sessionId !== undefined) add('sessionId', 'eq', q.sessionId);
  if (q.version !== undefined) add('version', 'eq', q.version);
  if (q.release !== undefined) add('release', 'eq', q.release);
  const tags = toList(q.tags);
  if (tags) add('tags', 'all_of', tags);
  const environments = toList(q.environment);
  if (environments) add('environment', 'in', environments);
  const from = parseTimeParam('fromTimestamp', q.fromTimestamp);
  if (from !== undefined) add('timestamp', 'gte', q.fromTimestamp);
  const to = parseTimeParam('toTimestamp', q.toTimestamp);
  if (to !== undefined) add('timestamp', 'lt', q.toTimestamp);
  return out;
}

function parseOrderBy(orderBy: string | undefined): TraceSort {
  if (orderBy === undefined || orderBy === '') return { column: 'timestamp', direction: 'DESC' };
  const match = /^([A-Za-z]+)\.(asc|desc)$/.exec(orderBy);
  if (!match || !Object.hasOwn(TRACE_SORT_COLUMNS, match[1]!)) {
    throw new AppError('VALIDATION_ERROR', `Invalid request data: orderBy: expected [field].[asc|desc] with field one of ${Object.keys(TRACE_SORT_COLUMNS).join(', ')}, got '${orderBy}'`);
  }
  return { column: match[1]!, direction: match[2] === 'asc' ? 'ASC' : 'DESC' };
}

function parseTraceFields(fields: string | undefined): Set<TraceFieldGroup> {
  const requested = splitCsv(fields);
  if (!requested) return new Set(TRACE_FIELD_GROUPS);
  const known = new Set<string>(TRACE_FIELD_GROUPS);
  const unknown = requested.filter((g) => !known.has(g));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_ERROR', `Invalid request data: fields: unknown field group(s) ${unknown.map((g) => `'${g}'`).join(', ')} (allowed: ${TRACE_FIELD_GROUPS.join(', ')})`);
  }
  return new Set(['core', ...requested] as TraceFieldGroup[]);
}
