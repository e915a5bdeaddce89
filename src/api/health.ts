// QUERY/SERVE: the health routes, open without credentials (orchestrators probe them).
// /api/v1/health/live: the process serves HTTP. /api/v1/health/ready: it can take exports
// and answer reads now (503 during a write fault, before the schema is current, or when the
// store cannot be read). /api/v1/health: the whole picture, ok | degraded | error, with reasons.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { SCHEMA_VERSION } from '../store/schema/migrations.js';
import { checkStoreHealth } from '../store/schema/store-health.js';
import { findSearchIndexLag, readAppliedSchemaVersion } from '../store/read/store-status.js';
import type { ApiDeps } from './deps.js';

/** Past this many unindexed spans, text search visibly misses recent data: degraded. A burst
 *  of ~20k spans/s leaves the indexes behind on purpose (they catch up once it pauses); this
 *  is several seconds of that, so only a backlog that is not draining keeps the status. */
export const INDEX_LAG_DEGRADED_SPANS = 100_000;

const Reason = z.object({
  component: z.enum(['store', 'writes', 'schema', 'cache', 'search_index']),
  message: z.string(),
}).openapi('HealthReason');

const HealthBody = z.object({
  status: z.enum(['ok', 'degraded', 'error']).openapi({ description: 'error: the store cannot be read (503); degraded: serving, with the reasons listed (200)' }),
  reasons: z.array(Reason),
  schema_version: z.number(),
  live_subscribers: z.number(),
}).openapi('Health');

const ProbeBody = z.object({ status: z.enum(['ok', 'unavailable']), reasons: z.array(Reason) }).openapi('HealthProbe');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

const healthRoute = createRoute({
  method: 'get', path: '/api/v1/health', tags: ['health'], summary: 'Health: ok, degraded (with reasons) or error',
  responses: { 200: json(HealthBody, 'ok or degraded'), 503: json(HealthBody, 'error: the store cannot be read') },
});
const liveRoute = createRoute({
  method: 'get', path: '/api/v1/health/live', tags: ['health'], summary: 'Liveness: 200 whenever the process serves',
  responses: { 200: json(ProbeBody, 'The process is up') },
});
const readyRoute = createRoute({
  method: 'get', path: '/api/v1/health/ready', tags: ['health'], summary: 'Readiness: 503 during a write fault, pending migrations, or an unreadable store',
  responses: { 200: json(ProbeBody, 'Ready for exports and reads'), 503: json(ProbeBody, 'Not ready; see reasons') },
});

type HealthReason = z.infer<typeof Reason>;

export function createHealthApp(deps: ApiDeps): OpenAPIHono {
  const app = new OpenAPIHono();
  // A cached answer would hide an outage from the next probe.
  app.use('/api/v1/health/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.openapi(healthRoute, async (c) => {
    const blocking = findReadinessProblems(deps);
    const body = { reasons: [...blocking], schema_version: SCHEMA_VERSION, live_subscribers: deps.live.subscriberCount };
    if (blocking.some((reason) => reason.component === 'store')) return c.json({ status: 'error' as const, ...body }, 503);
    body.reasons.push(...findIndexLag(deps), ...(await findFailingProbes(deps)));
    return c.json({ status: body.reasons.length > 0 ? ('degraded' as const) : ('ok' as const), ...body }, 200);
  });
  app.openapi(liveRoute, (c) => c.json({ status: 'ok' as const, reasons: [] }, 200));
  app.openapi(readyRoute, (c) => {
    const reasons = findReadinessProblems(deps);
    return reasons.length === 0 ? c.json({ status: 'ok' as const, reasons }, 200) : c.json({ status: 'unavailable' as const, reasons }, 503);
  });
  return app;
}

/** What stops exports or reads right now (each also makes /api/v1/health degraded or error). */
function findReadinessProblems(deps: ApiDeps): HealthReason[] {
  const store = checkStoreHealth(deps.readDb);
  if (store.status === 'unhealthy') {
    deps.log.warn('health check: store read failed', { error: store.error });
    return [{ component: 'store', message: `the database cannot be read: ${store.error.message}` }];
  }
  const reasons: HealthReason[] = [];
  const applied = readAppliedSchemaVersion(deps.readDb);
  if (applied !== SCHEMA_VERSION) reasons.push({ component: 'schema', message: `the database is at schema version ${applied}, this build needs ${SCHEMA_VERSION}: migrations pending or running` });
  const fault = deps.writeFaults?.current();
  if (fault) reasons.push({ component: 'writes', message: `${fault.kind} since ${new Date(fault.since).toISOString()}: ${fault.message} (${fault.refusedExports} exports refused as retryable so far)` });
  return reasons;
}

function findIndexLag(deps: ApiDeps): HealthReason[] {
  const names: Record<string, string> = { span_attr_terms: 'attribute', span_text_fts: 'text' };
  return Object.entries(findSearchIndexLag(deps.readDb))
    .filter(([, lag]) => lag > INDEX_LAG_DEGRADED_SPANS)
    .map(([name, lag]) => ({ component: 'search_index' as const, message: `the ${names[name] ?? name} search index is ${lag} spans behind (over ${INDEX_LAG_DEGRADED_SPANS}); it catches up when ingest pauses` }));
}

async function findFailingProbes(deps: ApiDeps): Promise<HealthReason[]> {
  const failing = (await deps.healthProbes?.failing()) ?? [];
  return failing.map((name) => ({ component: 'cache' as const, message: `${name} does not answer: analytics answers are not cached (reads still work)` }));
}
