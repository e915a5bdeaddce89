// GET /api/public/traces, /traces/{id}, /sessions and /sessions/{id} through the official
// @langfuse/client against a running tracelite with known spans.
import type { LangfuseClient } from '@langfuse/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { createClient, startSeededServer } from './langfuse-server.js';


let server: TestServer;
let client: LangfuseClient;
const TRACE_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01';
const TRACE_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02';

beforeAll(async () => {
  server = await startSeededServer();
  client = createClient(server);
});

afterAll(async () => {
  await server?.stop();
});

describe('traces', () => {
  it('lists traces newest first with observation ids, latency and cost', async () => {
    const page = await client.fetchTraces({});
    expect(page.meta).toEqual({ page: 1, limit: 50, totalItems: 2, totalPages: 1 });
    expect(page.data.map((t) => t.id)).toEqual([TRACE_B, TRACE_A]);
    const a = page.data[1]!;
    expect(a).toMatchObject({
      name: 'chat-request', userId: 'user-1', sessionId: 'sess-1', environment: 'production', release: 'r-1',
      tags: ['prod', 'critical'], latency: 3, totalCost: 0.00036, input: { question: 'Explain quantum computing.' },
      output: 'Quantum computing uses qubits.', htmlPath: `/project/default/traces/${TRACE_A}`,
    });
    expect(a.observations).toEqual(['a000000000000001', 'a000000000000002', 'a000000000000003']);
  });

  it('filters by user, name, session, tags, environment, time and filter JSON', async () => {
    const ids = async (request: Parameters<LangfuseClient['fetchTraces']>[0]) => (await client.fetchTraces(request)).data.map((t) => t.id);
    expect(await ids({ userId: 'user-2' })).toEqual([TRACE_B]);
    expect(await ids({ name: 'chat-request' })).toEqual([TRACE_A]);
    expect(await ids({ sessionId: 'sess-1' })).toEqual([TRACE_B, TRACE_A]);
    expect(await ids({ tags: ['prod', 'critical'] })).toEqual([TRACE_A]);
    expect(await ids({ tags: ['prod', 'dev'] })).toEqual([]);
    expect(await ids({ environment: 'default' })).toEqual([TRACE_B]);
    expect(await ids({ release: 'r-1' })).toEqual([TRACE_A]);
    expect(await ids({ fromTimestamp: '2026-04-03T10:00:05Z' })).toEqual([TRACE_B]);
    expect(await ids({ toTimestamp: '2026-04-03T10:00:05Z' })).toEqual([TRACE_A]);
    expect(await ids({ orderBy: 'timestamp.asc' })).toEqual([TRACE_A, TRACE_B]);
    const filter = JSON.stringify([{ type: 'number', column: 'totalCost', operator: '>', value: 0 }]);
    expect(await ids({ filter })).toEqual([TRACE_A]);
  });

  it('gets one trace with its observations and scores', async () => {
    const trace = await client.fetchTrace(TRACE_A);
    expect(trace.id).toBe(TRACE_A);
    expect(trace.observations.map((o) => [o.id, o.type])).toEqual([
      ['a000000000000001', 'AGENT'], ['a000000000000002', 'GENERATION'], ['a000000000000003', 'TOOL'],
    ]);
    expect(trace.scores).toEqual([]);
    const slim = await client.api.trace.get(TRACE_A, { fields: 'core' });
    expect(slim).toMatchObject({ observations: [], scores: [], latency: -1, totalCost: -1 });
    expect(slim).not.toHaveProperty('input');
  });

  it('answers 404 for an unknown trace and a trace of another project', async () => {
    await expect(client.fetchTrace('0123456789abcdef0123456789abcdef')).rejects.toMatchObject({ statusCode: 404 });
    await expect(client.fetchTrace('cccccccccccccccccccccccccccccc03')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('sessions', () => {
  it('lists sessions of the project only', async () => {
    const page = await client.api.sessions.list({});
    expect(page.data).toEqual([{ id: 'sess-1', createdAt: '2026-04-03T10:00:00.000Z', projectId: 'default', environment: 'production' }]);
    expect(page.meta.totalItems).toBe(1);
    const other = await createClient(server, 'other').api.sessions.list({});
    expect(other.data.map((s) => s.id)).toEqual(['sess-other']);
    expect((await client.api.sessions.list({ fromTimestamp: '2026-04-03T10:00:01Z' })).data).toEqual([]);
  });

  it('gets a session with its traces, oldest first', async () => {
    const session = await client.fetchSessions('sess-1');
    expect(session.traces.map((t) => t.id)).toEqual([TRACE_A, TRACE_B]);
    await expect(client.fetchSessions('no-such-session')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('trace deletion', () => {
  it('deletes a trace with its observations (last: other tests read these traces)', async () => {
    await expect(client.api.trace.delete('0123456789abcdef0123456789abcdef')).rejects.toMatchObject({ statusCode: 404 });
    await client.api.trace.delete(TRACE_B);
    await expect(client.fetchTrace(TRACE_B)).rejects.toMatchObject({ statusCode: 404 });
    await expect(client.fetchObservation('b000000000000001')).rejects.toMatchObject({ statusCode: 404 });
    await client.api.trace.deleteMultiple({ traceIds: [TRACE_A] });
    expect((await client.fetchTraces({})).data).toEqual([]);
    // Another project's trace is untouched.
    expect((await createClient(server, 'other').fetchTraces({})).data).toHaveLength(1);
  });
});
