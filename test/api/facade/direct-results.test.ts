// How the facade answers what the direct-ingestion engine reports: a refused event becomes
// its status with `{detail: message}`, a missing engine a retryable 503, and the events sent
// are the facade bodies mapped to TraceFields / ObservationFields. The app alone, no server.
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../src/api/deps.js';
import { createFacadeApp } from '../../../src/api/facade/facade-app.js';
import { configSchema } from '../../../src/config/schema.js';
import type { DirectEvent, DirectResult } from '../../../src/direct-ingest/model.js';
import { silentLogger } from '../../../src/logger.js';
import { PRICED_GENERATION } from './spec-examples.js';

function appWith(results: DirectResult[] | null) {
  const applied: { projectId: string; events: DirectEvent[] }[] = [];
  const direct = results === null ? undefined : {
    apply: async (projectId: string, events: DirectEvent[]) => {
      applied.push({ projectId, events });
      return results;
    },
    flush: async () => {},
  };
  const deps = { config: configSchema.parse({}), log: silentLogger, direct } as unknown as ApiDeps;
  return { app: createFacadeApp(deps), applied };
}

async function post(app: ReturnType<typeof createFacadeApp>, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await app.request(`/api/v1/observability${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any, retryAfter: response.headers.get('retry-after') };
}

describe('engine results', () => {
  it('a refused event answers its status with {detail}', async () => {
    const { app } = appWith([{ ok: false, status: 400, message: 'trace t1: bad timestamp' }]);
    expect(await post(app, '/traces', { name: 'n', trace_id: 't1' })).toMatchObject({ status: 400, body: { detail: 'trace t1: bad timestamp' } });
  });

  it('a queue-full refusal stays a 503', async () => {
    const { app } = appWith([{ ok: false, status: 503, message: 'write queue full' }]);
    expect(await post(app, '/traces/t1/generations', PRICED_GENERATION)).toMatchObject({ status: 503, body: { detail: 'write queue full' } });
  });

  it('without an engine: 503 with Retry-After', async () => {
    const { app } = appWith(null);
    expect(await post(app, '/traces', { name: 'n' })).toEqual({ status: 503, body: { detail: 'direct ingestion is not available' }, retryAfter: '1' });
  });
});

describe('events sent', () => {
  it('POST /traces: snake_case to TraceFields, nulls left out, the project from x-project-id', async () => {
    const { app, applied } = appWith([{ ok: true }]);
    const res = await post(app, '/traces', {
      name: 'run', trace_id: 't1', input: 'q', output: null, metadata: { a: 1 }, user_id: 'u', session_id: 's', tags: ['x'],
      environment: 'prod', start_time: '2026-04-03T10:00:00+02:00', end_time: 1775203205,
    }, { 'x-project-id': 'p1' });
    expect(res).toMatchObject({ status: 202, body: { trace_id: 't1', status: 'accepted' } });
    expect(applied).toEqual([{ projectId: 'p1', events: [{ kind: 'trace', id: 't1', mode: 'create', fields: {
      name: 'run', input: 'q', metadata: { a: 1 }, userId: 'u', sessionId: 's', tags: ['x'], environment: 'prod',
      timestamp: '2026-04-03T08:00:00.000Z', endTime: '2026-04-03T08:00:05.000Z',
    } }] }]);
  });

  it('POST /generations: usage to usageDetails (total defaults to the sum)', async () => {
    const { app, applied } = appWith([{ ok: true }]);
    const res = await post(app, '/traces/t1/generations', { ...PRICED_GENERATION, usage: { prompt_tokens: 7, completion_tokens: 3 } });
    expect(res.status).toBe(201);
    const event = applied[0]!.events[0]!;
    expect(event).toMatchObject({ kind: 'observation', id: res.body.generation_id, traceId: 't1', mode: 'create', fields: {
      type: 'generation', name: 'chat', model: 'gpt-4o', usageDetails: { input: 7, output: 3, total: 10 },
      startTime: '2026-04-03T10:00:01.000Z', endTime: '2026-04-03T10:00:02.500Z', modelParameters: { temperature: 0.2 }, metadata: { attempt: 1 },
    } });
  });
});
