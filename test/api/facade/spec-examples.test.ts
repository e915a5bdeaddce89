// The facade spec's three curl examples (POST /traces, POST /traces/t1/generations,
// POST /traces/t1/scores) sent verbatim to a real tracelite, then read back through the
// facade, the explorer and the Langfuse API: one trace, whichever family asks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpTraceId } from '../../../src/direct-ingest/ids.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { explorer, facade, langfuse } from './facade-client.js';
import { PRICED_GENERATION, SPEC_GENERATION, SPEC_SCORE, SPEC_TRACE } from './spec-examples.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T1 = toOtlpTraceId('t1');

let server: TestServer;
let agentRunId: string;
let generationId: string;
let scoreId: string;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('the spec examples', () => {
  it('POST /traces answers 202 with a new UUID v4', async () => {
    const res = await facade(server, 'POST', '/traces', SPEC_TRACE);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ trace_id: expect.stringMatching(UUID_V4), status: 'accepted' });
    agentRunId = res.body.trace_id;
  });

  it('POST /traces/t1/generations answers 201, creating t1 implicitly', async () => {
    const res = await facade(server, 'POST', '/traces/t1/generations', SPEC_GENERATION);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ generation_id: expect.stringMatching(UUID_V4), trace_id: 't1', status: 'created' });
    generationId = res.body.generation_id;
  });

  it('POST /traces/t1/scores answers 201', async () => {
    const res = await facade(server, 'POST', '/traces/t1/scores', SPEC_SCORE);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ score_id: expect.any(String), trace_id: 't1', status: 'created' });
    scoreId = res.body.score_id;
  });
});

describe('read back through the facade', () => {
  it('GET /traces/{id} shows the posted trace under its UUID', async () => {
    const res = await facade(server, 'GET', `/traces/${agentRunId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      trace_id: agentRunId, name: 'agent-run', input: 'user query', output: 'response', user_id: null, session_id: null,
      tags: [], environment: 'default', total_tokens: 0, total_cost: 0, observation_count: 0,
    });
    expect(Date.parse(res.body.start_time)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('GET /traces/t1 shows the generation\'s tokens under the caller\'s id', async () => {
    const res = await facade(server, 'GET', '/traces/t1');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ trace_id: 't1', total_tokens: 15, observation_count: 1 });
    expect(res.body.total_cost).toBeGreaterThanOrEqual(0);
  });

  it('GET /traces lists both, newest first; trace_id and limit narrow it', async () => {
    const all = await facade(server, 'GET', '/traces');
    expect(all.status).toBe(200);
    expect(all.body.count).toBe(all.body.traces.length);
    expect(all.body.traces.map((t: any) => t.trace_id)).toEqual(expect.arrayContaining([agentRunId, 't1']));
    const one = await facade(server, 'GET', '/traces?trace_id=t1');
    expect(one.body).toMatchObject({ count: 1, traces: [{ trace_id: 't1', total_tokens: 15 }] });
    expect((await facade(server, 'GET', '/traces?limit=1')).body.count).toBe(1);
    expect((await facade(server, 'GET', '/traces?trace_id=nope')).body).toEqual({ traces: [], count: 0 });
  });

  it('GET /traces/t1/scores lists the score', async () => {
    const res = await facade(server, 'GET', '/traces/t1/scores');
    expect(res.status).toBe(200);
    expect(res.body.scores).toEqual([expect.objectContaining({
      score_id: scoreId, trace_id: 't1', observation_id: null, name: 'helpfulness', value: 0.95, data_type: 'NUMERIC',
      comment: 'Accurate response', source: 'API',
    })]);
  });
});

describe('read back through the explorer', () => {
  it('shows t1 under its OTLP id with the generation as a span', async () => {
    const res = await explorer(server, `/traces/${T1}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ trace_id: T1, total_tokens: 15 });
    const names = JSON.stringify(res.body.spans);
    expect(names).toContain('completion');
  });

  it('the input string became a user message, the output an assistant message', async () => {
    const res = await explorer(server, `/traces/${T1}/messages`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const turns = res.body.messages.map((m: any) => [m.role, m.content[0]?.text]);
    expect(turns).toEqual([['user', 'What is 2+2?'], ['assistant', '4']]);
  });
});

describe('read back through the Langfuse API', () => {
  it('GET /api/public/traces/t1 shows the generation and the score under the caller\'s ids', async () => {
    const res = await langfuse(server, '/traces/t1');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.id).toBe('t1');
    expect(res.body.observations).toHaveLength(1);
    expect(res.body.observations[0]).toMatchObject({ id: generationId, type: 'GENERATION', model: 'claude-sonnet', traceId: 't1' });
    expect(res.body.scores).toEqual([expect.objectContaining({ id: scoreId, name: 'helpfulness', value: 0.95 })]);
  });
});

describe('a generation with a priced model', () => {
  it('costs what the price table says and keeps its chat messages', async () => {
    const trace = await facade(server, 'POST', '/traces', { name: 'priced', trace_id: 'priced-1', input: 'Capital of France?', start_time: '2026-04-03T10:00:00Z' });
    expect(trace.status, JSON.stringify(trace.body)).toBe(202);
    expect(trace.body.trace_id).toBe('priced-1');
    const generation = await facade(server, 'POST', '/traces/priced-1/generations', PRICED_GENERATION);
    expect(generation.status, JSON.stringify(generation.body)).toBe(201);
    const res = await facade(server, 'GET', '/traces/priced-1');
    expect(res.body).toMatchObject({ trace_id: 'priced-1', name: 'priced', total_tokens: 1500, observation_count: 1, start_time: '2026-04-03T10:00:00.000Z' });
    expect(res.body.total_cost).toBeCloseTo(0.0075, 10);
    const messages = await explorer(server, `/traces/${toOtlpTraceId('priced-1')}/messages`);
    expect(messages.body.messages.map((m: any) => [m.role, m.content[0]?.text])).toEqual([
      ['system', 'Be brief.'], ['user', 'Capital of France?'], ['assistant', 'Paris.'],
    ]);
  });

  it('scores an observation by the generation id it was given', async () => {
    const generation = await facade(server, 'POST', '/traces/priced-1/generations', { ...PRICED_GENERATION, name: 'retry' });
    const score = await facade(server, 'POST', '/traces/priced-1/scores', { name: 'correct', value: true, observation_id: generation.body.generation_id });
    expect(score.status, JSON.stringify(score.body)).toBe(201);
    const scores = await facade(server, 'GET', '/traces/priced-1/scores');
    expect(scores.body.scores).toEqual([expect.objectContaining({ name: 'correct', value: 1, data_type: 'BOOLEAN', observation_id: generation.body.generation_id })]);
  });
});
