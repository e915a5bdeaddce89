// QUERY/SERVE (Langfuse family): GET /api/public/observations (page-based, v1),
// /observations/{id} and /v2/observations (cursor-based, field groups).
// Input: query parameters; output: Langfuse observation JSON from the spans table.
import { toOtlpSpanId } from '../../direct-ingest/ids.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { findObservation, listObservationsAfter, listObservationsPage } from '../../store/read/observation-queries.js';
import { resolveProjectId } from './resolve-project.js';
import { buildObservationFilter, OBSERVATION_LEVELS, OBSERVATION_TYPES } from './observation-filter.js';
import { OBSERVATION_FIELD_GROUPS, toObservationV2, toObservationView, type ObservationFieldGroup } from './observation-dto.js';
import { decodeObservationCursor, encodeObservationCursor } from './observation-cursor.js';
import {
  errorResponses, filterParam, isoDateTime, metaSchema, notFoundResponse, openObject, pageMeta, pageParams,
  repeatedString, splitCsv,
} from './query-schemas.js';

const observationFilterParams = {
  type: z.enum(OBSERVATION_TYPES).optional(),
  name: z.string().optional(),
  userId: z.string().optional(),
  traceId: z.string().optional(),
  parentObservationId: z.string().optional(),
  level: z.enum(OBSERVATION_LEVELS).optional(),
  version: z.string().optional(),
  environment: repeatedString,
  fromStartTime: isoDateTime.optional(),
  toStartTime: isoDateTime.optional(),
  filter: filterParam,
};

const observationSchema = openObject('ObservationsView', 'An observation (span, generation, event, tool, agent, …) in Langfuse v1 shape');

const listRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/observations',
  summary: 'List observations (page-based), newest first',
  request: { query: z.object({ ...pageParams(100), ...observationFilterParams }) },
  responses: {
    200: { description: 'A page of observations', content: { 'application/json': { schema: z.object({ data: z.array(observationSchema), meta: metaSchema }) } } },
    ...errorResponses,
  },
});

const getRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/observations/{observationId}',
  summary: 'Get one observation',
  request: { params: z.object({ observationId: z.string().min(1) }) },
  responses: {
    200: { description: 'The observation', content: { 'application/json': { schema: observationSchema } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

const v2ListRoute = createRoute({
  method: 'get',
  tags: ['langfuse'],
  path: '/api/public/v2/observations',
  summary: 'List observations (cursor-based, field groups), newest first',
  request: {
    query: z.object({
      fields: z.string().optional().openapi({ description: `Comma-separated groups: ${OBSERVATION_FIELD_GROUPS.join(', ')} (default core,basic)` }),
      expandMetadata: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(50),
      cursor: z.string().optional(),
      parseIoAsJson: z.enum(['true', 'false']).optional(),
      sessionId: z.string().optional(),
      isRootObservation: z.enum(['true', 'false']).optional(),
      ...observationFilterParams,
    }),
  },
  responses: {
    200: {
      description: 'Observations and the cursor of the next page (absent on the last page)',
      content: { 'application/json': { schema: z.object({ data: z.array(openObject('ObservationV2', 'Observation with the requested field groups')), meta: z.object({ cursor: z.string().optional() }) }) } },
    },
    ...errorResponses,
  },
});

export function registerObservationRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(listRoute, (c) => {
    const query = c.req.valid('query');
    const projectId = resolveProjectId(c);
    const filter = buildObservationFilter(query);
    const { rows, total } = listObservationsPage(deps.readDb, projectId, filter, query);
    return c.json({ data: rows.map(toObservationView), meta: pageMeta(query.page, query.limit, total) }, 200);
  });

  app.openapi(getRoute, (c) => {
    const { observationId } = c.req.valid('param');
    const row = findObservation(deps.readDb, resolveProjectId(c), toOtlpSpanId(observationId));
    if (!row) throw new AppError('NOT_FOUND', `Observation not found: no observation with id '${observationId}' in this project`);
    return c.json(toObservationView(row), 200);
  });

  app.openapi(v2ListRoute, (c) => {
    const query = c.req.valid('query');
    const projectId = resolveProjectId(c);
    if (query.parseIoAsJson === 'true') {
      throw new AppError('VALIDATION_ERROR', 'Invalid request data: parseIoAsJson: true is no longer supported; input/output are returned as raw strings');
    }
    const groups = parseFieldGroups(query.fields);
    const cursor = query.cursor === undefined ? null : decodeObservationCursor(query.cursor);
    const filter = buildObservationFilter(query);
    // One extra row tells whether another page exists.
    const rows = listObservationsAfter(deps.readDb, projectId, filter, cursor, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const expand = new Set(splitCsv(query.expandMetadata) ?? []);
    const last = page[page.length - 1];
    const meta = rows.length > query.limit && last ? { cursor: encodeObservationCursor(last) } : {};
    return c.json({ data: page.map((row) => toObservationV2(row, groups, expand)), meta }, 200);
  });
}

function parseFieldGroups(fields: string | undefined): Set<ObservationFieldGroup> {
  const requested = splitCsv(fields) ?? ['core', 'basic'];
  const known = new Set<string>(OBSERVATION_FIELD_GROUPS);
  const unknown = requested.filter((g) => !known.has(g));
  if (unknown.length > 0) {
    throw new AppError('VALIDATION_ERROR', `Invalid request data: fields: unknown field group(s) ${unknown.map((g) => `'${g}'`).join(', ')} (allowed: ${OBSERVATION_FIELD_GROUPS.join(', ')})`);
  }
  return new Set(['core', ...requested] as ObservationFieldGroup[]);
}
