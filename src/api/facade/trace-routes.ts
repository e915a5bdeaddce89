// QUERY/SERVE (observability facade): POST/GET /traces, GET/PUT /traces/{trace_id}.
// Writes go through the direct-ingestion engine (the same store and writer as OTLP); reads
// come from the trace roll-up. Trace ids are the caller's (e.g. "t1"), mapped to OTLP ids.
import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type Database from 'better-sqlite3';
import { AppError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { toOtlpTraceId } from '../../direct-ingest/ids.js';
import { resolveProjectId } from '../../otlp/otlp-ingest.js';
import type { Context } from 'hono';
import { principalOf } from '../auth-middleware.js';
import { resolveRequestProject } from '../../auth/access.js';
import { findTrace, listTracesPage, type TraceRow } from '../../store/read/langfuse-trace-queries.js';
import { listFacadeTraceExtras } from '../../store/read/facade-queries.js';
import type { FilterNode } from '../../store/shared/filter-ast.js';
import { applyDirectEvents, toTraceEvent } from './direct-events.js';
import { toFacadeTrace } from './trace-dto.js';
import {
  createTraceBody, errorResponses, FACADE_PREFIX, FACADE_TAG, jsonBody, jsonResponse, notFoundResponse, traceListQuery,
  traceParams, traceSchema, updateTraceBody,
} from './schemas.js';

const createRouteDef = createRoute({
  method: 'post', path: `${FACADE_PREFIX}/traces`, tags: [FACADE_TAG], summary: 'Ingest a trace (creates it, or upserts it when trace_id is given)',
  request: jsonBody(createTraceBody),
  responses: { 202: jsonResponse('Accepted (and committed)', z.object({ trace_id: z.string(), status: z.literal('accepted') })), ...errorResponses },
});

const listRouteDef = createRoute({
  method: 'get', path: `${FACADE_PREFIX}/traces`, tags: [FACADE_TAG], summary: 'Query traces, newest first',
  request: { query: traceListQuery },
  responses: { 200: jsonResponse('Traces', z.object({ traces: z.array(traceSchema), count: z.number().int() })), ...errorResponses },
});

const getRouteDef = createRoute({
  method: 'get', path: `${FACADE_PREFIX}/traces/{trace_id}`, tags: [FACADE_TAG], summary: 'Get a single trace',
  request: { params: traceParams },
  responses: { 200: jsonResponse('The trace', traceSchema), ...errorResponses, ...notFoundResponse },
});

const updateRouteDef = createRoute({
  method: 'put', path: `${FACADE_PREFIX}/traces/{trace_id}`, tags: [FACADE_TAG], summary: 'Update trace metadata',
  request: { params: traceParams, ...jsonBody(updateTraceBody) },
  responses: { 200: jsonResponse('The updated trace', traceSchema), ...errorResponses, ...notFoundResponse },
});

export function registerTraceRoutes(app: OpenAPIHono, deps: ApiDeps): void {
  app.openapi(createRouteDef, async (c) => {
    const body = c.req.valid('json');
    const traceId = body.trace_id ?? randomUUID();
    // Langfuse's trace-create is an upsert by id: a known trace_id merges into the stored trace.
    await applyDirectEvents(deps, projectOf(c), [toTraceEvent(traceId, 'create', body)]);
    return c.json({ trace_id: traceId, status: 'accepted' as const }, 202);
  });

  app.openapi(listRouteDef, (c) => {
    const { trace_id: traceId, limit } = c.req.valid('query');
    const projectId = projectOf(c);
    const filter: FilterNode = { and: traceId === undefined ? [] : [{ field: { kind: 'column', name: 'id' }, op: 'eq', value: toOtlpTraceId(traceId) }] };
    const { rows } = listTracesPage(deps.readDb, projectId, filter, { page: 1, limit }, { column: 'timestamp', direction: 'DESC' });
    const traces = toFacadeTraces(deps.readDb, projectId, rows);
    return c.json({ traces, count: traces.length }, 200);
  });

  app.openapi(getRouteDef, (c) => {
    const { trace_id: traceId } = c.req.valid('param');
    return c.json(readTrace(deps.readDb, projectOf(c), traceId), 200);
  });

  app.openapi(updateRouteDef, async (c) => {
    const { trace_id: traceId } = c.req.valid('param');
    const projectId = projectOf(c);
    readTrace(deps.readDb, projectId, traceId);
    await applyDirectEvents(deps, projectId, [toTraceEvent(traceId, 'update', c.req.valid('json'))]);
    return c.json(readTrace(deps.readDb, projectId, traceId), 200);
  });
}

/** The project a request acts in: x-project-id (validated), within the caller's projects. */
export function projectOf(c: Context): string {
  const header = c.req.header('x-project-id');
  return resolveRequestProject(principalOf(c), header ? resolveProjectId(undefined, header) : undefined);
}

/** The trace by the caller's id; 404 `{detail: "Trace not found: <id>"}` when unknown. */
export function readTrace(db: Database.Database, projectId: string, traceId: string) {
  const row = findTrace(db, projectId, toOtlpTraceId(traceId));
  if (!row) throw new AppError('NOT_FOUND', `Trace not found: ${traceId}`);
  return toFacadeTraces(db, projectId, [row])[0]!;
}

export function toFacadeTraces(db: Database.Database, projectId: string, rows: TraceRow[]) {
  const extras = listFacadeTraceExtras(db, projectId, rows.map((row) => row.trace_id));
  return rows.map((row) => toFacadeTrace(row, extras.get(row.trace_id)));
}
