// QUERY/SERVE (Langfuse family): POST /api/public/scores, GET /scores and /v2/scores
// (same list), GET /v2/scores/{scoreId}. Writes go through the StoreWriter and answer
// after commit. Input: score JSON / query parameters; output: Langfuse score JSON.
import { toOtlpSpanId, toOtlpTraceId } from '../../direct-ingest/ids.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { findScoreById, listScores, SCORE_COLUMNS } from '../../store/read/scores.js';
import { resolveProjectId } from './resolve-project.js';
import { createScoreSchema, toScoreRow } from './score-input.js';
import { toScore } from './score-dto.js';
import { translateFernFilter } from './translate-filter.js';
import { parseTimeParam } from './time-format.js';
import {
  errorResponses, filterParam, isoDateTime, metaSchema, notFoundResponse, openObject, pageMeta, pageParams,
  repeatedString, splitCsv, toList,
} from './query-schemas.js';

const scoreSchema = openObject('Score', 'A numeric, categorical or boolean score');

const createRouteDef = createRoute({
  method: 'post',
  tags: ['langfuse'],
  path: '/api/public/scores',
  summary: 'Create (or update by id) a score',
  request: { body: { content: { 'application/json': { schema: createScoreSchema } }, required: true } },
  responses: {
    200: { description: 'The id of the stored score', content: { 'application/json': { schema: z.object({ id: z.string() }) } } },
    ...errorResponses,
  },
});

const VALUE_OPERATORS = ['<', '>', '<=', '>=', '!=', '='] as const;

const listQuery = z.object({
  ...pageParams(100),
  userId: z.string().optional(),
  name: z.string().optional(),
  fromTimestamp: isoDateTime.optional(),
  toTimestamp: isoDateTime.optional(),
  environment: repeatedString,
  source: z.enum(['API', 'ANNOTATION', 'EVAL']).optional(),
  operator: z.enum(VALUE_OPERATORS).optional(),
  value: z.coerce.number().optional(),
  scoreIds: z.string().optional(),
  configId: z.string().optional(),
  sessionId: z.string().optional(),
  datasetRunId: z.string().optional(),
  traceId: z.string().optional(),
  observationId: z.string().optional(),
  queueId: z.string().optional(),
  dataType: z.enum(['NUMERIC', 'CATEGORICAL', 'BOOLEAN', 'TEXT', 'CORRECTION']).optional(),
  traceTags: repeatedString,
  fields: z.string().optional(),
  filter: filterParam,
});

const listResponses = {
  200: { description: 'A page of scores, newest first', content: { 'application/json': { schema: z.object({ data: z.array(scoreSchema), meta: metaSchema }) } } },
  ...errorResponses,
} as const;

const listV2Route = createRoute({ method: 'get', tags: ['langfuse'], path: '/api/public/v2/scores', summary: 'List scores', request: { query: listQuery }, responses: listResponses });
const listV1Route = createRoute({ method: 'get', tags: ['langfuse'], path: '/api/public/scores', summary: 'List scores (same as v2)', request: { query: listQuery }, responses: listResponses });

const getRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/v2/scores/{scoreId}',
  summary: 'Get one score',
  request: { params: z.object({ scoreId: z.string().min(1) }) },
  responses: { 200: { description: 'The score', content: { 'application/json': { schema: scoreSchema } } }, ...errorResponses, ...notFoundResponse },
});

const deleteRoute = createRoute({
  method: 'delete',
  tags: ['langfuse'],
  path: '/api/public/scores/{scoreId}',
  summary: 'Delete a score',
  request: { params: z.object({ scoreId: z.string().min(1) }) },
  responses: {
    200: { description: 'Deleted', content: { 'application/json': { schema: z.object({ message: z.string() }) } } },
    ...errorResponses, ...notFoundResponse,
  },
});

const FILTER_COLUMNS: ReadonlySet<string> = new Set(Object.keys(SCORE_COLUMNS));

export function registerScoreRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(createRouteDef, async (c) => {
    const projectId = resolveProjectId(c);
    const row = toScoreRow(c.req.valid('json'), projectId, Date.now());
    await deps.writer.upsertScores([row]);
    return c.json({ id: row.id }, 200);
  });

  const list = (query: z.infer<typeof listQuery>, projectId: string) => {
    const withTrace = parseScoreFields(query.fields);
    if (!withTrace && (query.userId !== undefined || query.traceTags !== undefined)) {
      throw new AppError('VALIDATION_ERROR', "Invalid request data: fields: filtering by userId or traceTags needs the 'trace' field group");
    }
    if ((query.operator === undefined) !== (query.value === undefined)) {
      throw new AppError('VALIDATION_ERROR', 'Invalid request data: operator and value: give both or neither');
    }
    const translated = translateFernFilter(query.filter, FILTER_COLUMNS);
    const { rows, total } = listScores(deps.readDb, projectId, {
      page: query.page, limit: query.limit, ids: splitCsv(query.scoreIds), name: query.name, userId: query.userId,
      traceId: query.traceId === undefined ? undefined : toOtlpTraceId(query.traceId),
      observationIds: splitCsv(query.observationId)?.map(toOtlpSpanId), sessionId: query.sessionId,
      datasetRunId: query.datasetRunId, configId: query.configId, queueId: query.queueId, source: query.source,
      dataType: query.dataType, environments: toList(query.environment), traceTags: toList(query.traceTags),
      fromTimestampMs: nsToMs(parseTimeParam('fromTimestamp', query.fromTimestamp)),
      toTimestampMs: nsToMs(parseTimeParam('toTimestamp', query.toTimestamp)),
      valueOp: query.operator, value: query.value,
      filter: translated.conditions.length > 0 ? { and: translated.conditions } : undefined,
    });
    return { data: rows.map((row) => toScore(row, withTrace)), meta: pageMeta(query.page, query.limit, total) };
  };

  app.openapi(listV2Route, (c) => c.json(list(c.req.valid('query'), resolveProjectId(c)), 200));
  app.openapi(listV1Route, (c) => c.json(list(c.req.valid('query'), resolveProjectId(c)), 200));

  app.openapi(deleteRoute, async (c) => {
    const { scoreId } = c.req.valid('param');
    const deleted = await deps.writer.deleteScores(resolveProjectId(c), [scoreId]);
    if (deleted === 0) throw new AppError('NOT_FOUND', `Score not found: no score with id '${scoreId}' in this project`);
    return c.json({ message: 'Score deleted successfully' }, 200);
  });

  app.openapi(getRoute, (c) => {
    const { scoreId } = c.req.valid('param');
    const row = findScoreById(deps.readDb, resolveProjectId(c), scoreId);
    if (!row) throw new AppError('NOT_FOUND', `Score not found: no score with id '${scoreId}' in this project`);
    return c.json(toScore(row, true), 200);
  });
}

/** `fields=score` drops the trace object; default and `score,trace` keep it. */
function parseScoreFields(fields: string | undefined): boolean {
  const groups = splitCsv(fields);
  if (!groups) return true;
  const unknown = groups.filter((g) => g !== 'score' && g !== 'trace');
  if (unknown.length > 0) throw new AppError('VALIDATION_ERROR', `Invalid request data: fields: unknown field group(s) ${unknown.join(', ')} (allowed: score, trace)`);
  return groups.includes('trace');
}

function nsToMs(ns: bigint | undefined): number | undefined {
  return ns === undefined ? undefined : Number(ns / 1_000_000n);
}
