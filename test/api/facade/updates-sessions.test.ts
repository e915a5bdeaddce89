// PUT /traces/{id} changes reach every family's lists, filters and filter-options; sessions
// sum their traces' tokens and cost; the session reads take the caller (non-admins: own only);
// traces sent over OTLP are readable and scorable through the facade by their own ids.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpTraceId } from '../../../src/direct-ingest/ids.js';
import { listCallerSessions, readCallerSession } from '../../../src/api/facade/session-routes.js';
import { buildJsonTraceRequest } from '../../helpers/otlp-requests.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { explorer, facade, langfuse } from './facade-client.js';
import { PRICED_GENERATION } from './spec-examples.js';

let server: TestServer;
const PUT_ID = toOtlpTraceId('put-1');

beforeAll(async () => {
  server = await startTestServer();
  const created = await facade(server, 'POST', '/traces', { name: 'before', trace_id: 'put-1', user_id: 'u-old', metadata: { team: 'x' } });
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  expect((await facade(server, 'POST', '/traces/put-1/generations', PRICED_GENERATION)).status).toBe(201);
  for (const [traceId, sessionId, userId] of [['sa-1', 'sess-a', 'alice'], ['sa-2', 'sess-a', 'alice'], ['sb-1', 'sess-b', 'bob']]) {
    expect((await facade(server, 'POST', '/traces', { name: traceId, trace_id: traceId, session_id: sessionId, user_id: userId })).status).toBe(202);
    expect((await facade(server, 'POST', `/traces/${traceId}/generations`, PRICED_GENERATION)).status).toBe(201);
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('PUT /traces/{trace_id}', () => {
  it('answers 200 with the updated trace', async () => {
    const res = await facade(server, 'PUT', '/traces/put-1', { name: 'after', user_id: 'u-new', session_id: 's-new', tags: ['prod'], metadata: { team: 'y' }, output: 'done' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      trace_id: 'put-1', name: 'after', user_id: 'u-new', session_id: 's-new', tags: ['prod'], metadata: { team: 'y' },
      output: 'done', total_tokens: 1500, observation_count: 1,
    });
    expect((await facade(server, 'GET', '/traces/put-1')).body).toEqual(res.body);
  });

  it('shows in the explorer\'s trace list filters', async () => {
    const ids = async (query: string) => (await explorer(server, `/traces?${query}`)).body.data.map((t: any) => t.trace_id);
    expect(await ids('user_id=u-new')).toEqual([PUT_ID]);
    expect(await ids('user_id=u-old')).toEqual([]);
    expect(await ids('session_id=s-new')).toEqual([PUT_ID]);
    const byName = encodeURIComponent(JSON.stringify([{ key: 'trace_name', op: 'eq', value: 'after' }]));
    expect(await ids(`filters=${byName}`)).toEqual([PUT_ID]);
  });

  it('shows in the explorer\'s filter-options', async () => {
    const { options } = (await explorer(server, '/traces/filter-options')).body;
    const values = (column: string) => options[column].map((o: any) => o.value);
    expect(values('trace_name')).toContain('after');
    expect(values('trace_name')).not.toContain('before');
    expect(values('user_id')).toContain('u-new');
    expect(values('user_id')).not.toContain('u-old');
    expect(values('session_id')).toContain('s-new');
    expect(values('tags')).toEqual(['prod']);
  });

  it('shows in the Langfuse API\'s lists', async () => {
    const ids = async (query: string) => (await langfuse(server, `/traces?${query}`)).body.data.map((t: any) => t.id);
    expect(await ids('userId=u-new')).toEqual(['put-1']);
    expect(await ids('userId=u-old')).toEqual([]);
    expect(await ids('tags=prod')).toEqual(['put-1']);
    expect(await ids('name=after')).toEqual(['put-1']);
  });

  it('answers 404 for an unknown trace and writes nothing', async () => {
    const res = await facade(server, 'PUT', '/traces/nope', { name: 'x' });
    expect(res).toEqual({ status: 404, body: { detail: 'Trace not found: nope' } });
    expect((await facade(server, 'GET', '/traces?trace_id=nope')).body.count).toBe(0);
  });

  it('answers 422 naming a field of the wrong type and changes nothing', async () => {
    const res = await facade(server, 'PUT', '/traces/put-1', { name: 'again', tags: 'prod' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'tags'], type: 'list_type' })]);
    expect((await facade(server, 'GET', '/traces/put-1')).body.name).toBe('after');
  });
});

describe('sessions', () => {
  it('lists sessions with their trace count, tokens and cost', async () => {
    const res = await facade(server, 'GET', '/sessions');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const a = res.body.sessions.find((s: any) => s.session_id === 'sess-a');
    expect(a).toMatchObject({ user_id: 'alice', trace_count: 2, total_tokens: 3000 });
    expect(a.total_cost).toBeCloseTo(0.015, 10);
    expect(Date.parse(a.end_time)).toBeGreaterThanOrEqual(Date.parse(a.start_time));
    expect(res.body.count).toBe(res.body.sessions.length);
  });

  it('filters by user_id and limits', async () => {
    const bob = await facade(server, 'GET', '/sessions?user_id=bob');
    expect(bob.body).toMatchObject({ count: 1, sessions: [{ session_id: 'sess-b', user_id: 'bob', trace_count: 1, total_tokens: 1500 }] });
    expect((await facade(server, 'GET', '/sessions?limit=1')).body.count).toBe(1);
  });

  it('gets a session with its traces under the caller\'s ids', async () => {
    const res = await facade(server, 'GET', '/sessions/sess-a');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ session_id: 'sess-a', user_id: 'alice', trace_count: 2, total_tokens: 3000 });
    expect(res.body.traces.map((t: any) => t.trace_id).sort()).toEqual(['sa-1', 'sa-2']);
    expect(res.body.traces[0]).toMatchObject({ session_id: 'sess-a', total_tokens: 1500, observation_count: 1 });
  });

  it('answers 404 for an unknown session', async () => {
    expect(await facade(server, 'GET', '/sessions/nope')).toEqual({ status: 404, body: { detail: 'Session not found: nope' } });
  });

  it('lets a non-admin caller see only their own sessions', () => {
    const db = new Database(server.dbPath, { readonly: true });
    try {
      const bob = { userId: 'bob', admin: false };
      expect(listCallerSessions(db, 'default', bob, undefined, 100).map((s) => s.session_id)).toEqual(['sess-b']);
      expect(() => listCallerSessions(db, 'default', bob, 'alice', 100)).toThrow('Non-admins can only query their own sessions');
      expect(readCallerSession(db, 'default', bob, 'sess-b').traces).toHaveLength(1);
      expect(() => readCallerSession(db, 'default', bob, 'sess-a')).toThrow('Session not found: sess-a');
      expect(listCallerSessions(db, 'default', { userId: null, admin: true }, 'alice', 100).map((s) => s.session_id)).toEqual(['sess-a']);
    } finally {
      db.close();
    }
  });
});

describe('a trace sent over OTLP', () => {
  it('is read and scored through the facade by its own id', async () => {
    const request = buildJsonTraceRequest(3);
    const exported = await fetch(`${server.apiUrl}/otel/default/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body });
    expect(exported.status).toBe(200);
    const traceId = JSON.parse(request.body).resourceSpans[0].scopeSpans[0].spans[0].traceId as string;
    const res = await facade(server, 'GET', `/traces/${traceId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ trace_id: traceId, name: 'agent.run', observation_count: 3 });
    expect((await facade(server, 'POST', `/traces/${traceId}/scores`, { name: 'quality', value: 'good' })).status).toBe(201);
    const scores = await facade(server, 'GET', `/traces/${traceId}/scores`);
    expect(scores.body.scores).toEqual([expect.objectContaining({ trace_id: traceId, name: 'quality', value: 'good', data_type: 'CATEGORICAL' })]);
  });
});
