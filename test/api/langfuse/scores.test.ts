// Scores: created with the official client (score.create + flush -> POST /ingestion;
// api.scores.create -> POST /scores) and read back through /v2/scores and /traces/{id}.
import type { LangfuseClient } from '@langfuse/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { createClient, startSeededServer } from './langfuse-server.js';


let server: TestServer;
let client: LangfuseClient;
const TRACE_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01';

beforeAll(async () => {
  server = await startSeededServer();
  client = createClient(server);
  client.score.create({ id: 'score-numeric', traceId: TRACE_A, name: 'accuracy', value: 0.92, comment: 'good', metadata: { judge: 'gpt-4o' } });
  client.score.create({ id: 'score-categorical', traceId: TRACE_A, observationId: 'a000000000000002', name: 'tone', value: 'friendly' });
  client.score.create({ id: 'score-boolean', traceId: TRACE_A, name: 'correct', value: 1, dataType: 'BOOLEAN' });
  client.score.create({ id: 'score-session', sessionId: 'sess-1', name: 'satisfaction', value: 4, environment: 'staging' });
  await client.flush();
});

afterAll(async () => {
  await server?.stop();
});

describe('scores', () => {
  it('stores the scores the client flushed and lists them (v2)', async () => {
    const page = await client.api.scores.getMany({ limit: 10 });
    expect(page.meta.totalItems).toBe(4);
    const byId = Object.fromEntries(page.data.map((s) => [s.id, s]));
    expect(byId['score-numeric']).toMatchObject({
      name: 'accuracy', dataType: 'NUMERIC', value: 0.92, comment: 'good', metadata: { judge: 'gpt-4o' },
      traceId: TRACE_A, source: 'API', environment: 'default', trace: { userId: 'user-1', tags: ['prod', 'critical'], environment: 'production', sessionId: 'sess-1' },
    });
    expect(byId['score-numeric']).not.toHaveProperty('stringValue');
    expect(byId['score-categorical']).toMatchObject({ dataType: 'CATEGORICAL', stringValue: 'friendly', value: 0, observationId: 'a000000000000002' });
    expect(byId['score-boolean']).toMatchObject({ dataType: 'BOOLEAN', value: 1, stringValue: 'True' });
    expect(byId['score-session']).toMatchObject({ sessionId: 'sess-1', traceId: null, environment: 'staging' });
  });

  it('filters the list', async () => {
    const ids = async (request: Parameters<LangfuseClient['api']['scores']['getMany']>[0]) =>
      (await client.api.scores.getMany(request)).data.map((s) => s.id).sort();
    expect(await ids({ dataType: 'CATEGORICAL' })).toEqual(['score-categorical']);
    expect(await ids({ name: 'accuracy' })).toEqual(['score-numeric']);
    expect(await ids({ observationId: 'a000000000000002' })).toEqual(['score-categorical']);
    expect(await ids({ sessionId: 'sess-1' })).toEqual(['score-session']);
    expect(await ids({ userId: 'user-1' })).toEqual(['score-boolean', 'score-categorical', 'score-numeric']);
    expect(await ids({ operator: '>', value: 0.95 })).toEqual(['score-boolean', 'score-session']);
    expect(await ids({ environment: ['staging'] })).toEqual(['score-session']);
    expect(await ids({ scoreIds: 'score-numeric,score-boolean' })).toEqual(['score-boolean', 'score-numeric']);
    const filter = JSON.stringify([{ type: 'stringObject', column: 'metadata', key: 'judge', operator: '=', value: 'gpt-4o' }]);
    expect(await ids({ filter })).toEqual(['score-numeric']);
  });

  it('gets one score by id, and 404 for an unknown one', async () => {
    expect(await client.api.scores.getById('score-boolean')).toMatchObject({ id: 'score-boolean', name: 'correct' });
    await expect(client.api.scores.getById('nope')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('creates through POST /scores and upserts by id', async () => {
    const created = await client.api.scores.create({ traceId: TRACE_A, name: 'latency-ok', value: 0, dataType: 'BOOLEAN' });
    expect(created.id).toMatch(/.+/);
    await client.api.scores.create({ id: created.id, traceId: TRACE_A, name: 'latency-ok', value: 1, dataType: 'BOOLEAN' });
    expect(await client.api.scores.getById(created.id)).toMatchObject({ value: 1, stringValue: 'True' });
    const trace = await client.fetchTrace(TRACE_A);
    expect(trace.scores.map((s) => s.id)).toContain(created.id);
  });

  it('rejects invalid scores with 400 naming the problem', async () => {
    await expect(client.api.scores.create({ traceId: TRACE_A, name: 'b', value: 2, dataType: 'BOOLEAN' })).rejects.toMatchObject({
      statusCode: 400, body: { message: expect.stringContaining('BOOLEAN'), error: 'InvalidRequestError' },
    });
    await expect(client.api.scores.create({ name: 'orphan', value: 1 })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('POST /api/public/ingestion', () => {
  it('answers 207 with a result per event; invalid events are errors, not dropped', async () => {
    const timestamp = new Date().toISOString();
    const result = await client.api.ingestion.batch({
      batch: [
        { id: 'ev-1', type: 'score-create', timestamp, body: { id: 'score-from-batch', traceId: TRACE_A, name: 'x', value: 3 } },
        { id: 'ev-2', type: 'score-create', timestamp, body: { name: 'no-subject', value: 3 } },
        { id: 'ev-3', type: 'trace-create', timestamp, body: { id: 't', name: 'legacy' } },
        { id: 'ev-4', type: 'sdk-log', timestamp, body: { log: 'debug' } },
      ],
    });
    expect(result.successes).toEqual([{ id: 'ev-4', status: 201 }, { id: 'ev-3', status: 201 }, { id: 'ev-1', status: 201 }]);
    expect(result.errors).toEqual([
      { id: 'ev-2', status: 400, message: expect.stringContaining('traceId'), error: 'InvalidRequestError' },
    ]);
    expect(await client.api.scores.getById('score-from-batch')).toMatchObject({ value: 3 });
  });

  it('deletes a score by id (404 once gone)', async () => {
    await client.api.scores.create({ id: 'score-to-delete', traceId: TRACE_A, name: 'tmp', value: 1 });
    const auth = { authorization: 'Basic ' + Buffer.from('pk-lf-test:sk-lf-test').toString('base64') };
    const first = await fetch(`${server.apiUrl}/api/public/scores/score-to-delete`, { method: 'DELETE', headers: auth });
    expect(first.status).toBe(200);
    await expect(client.api.scores.getById('score-to-delete')).rejects.toMatchObject({ statusCode: 404 });
    const again = await fetch(`${server.apiUrl}/api/public/scores/score-to-delete`, { method: 'DELETE', headers: auth });
    expect(again.status).toBe(404);
  });
});
