// The roll-ups the writer keeps beside the spans (facet counts behind the filter
// dropdowns, the sessions table) follow inserts, retries and deletes exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server?.stop());

const post = (body: string) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'facets' }, body });

async function modelOptions(): Promise<{ value: string; count: number }[]> {
  const r = await fetch(`${server.apiUrl}/api/v1/project/facets/otel/spans/filter-options`);
  expect(r.status).toBe(200);
  const body = (await r.json()) as { options: Record<string, { value: string; count: number }[]> };
  return body.options.model ?? [];
}

describe('span facet counts', () => {
  it('count inserted spans once, and forget deleted ones', async () => {
    const a = buildJsonTraceRequest(4); // every span: gen_ai.request.model gpt-4o
    const b = buildJsonTraceRequest(3);
    expect((await post(a.body)).status).toBe(200);
    expect((await post(a.body)).status).toBe(200); // a retry changes nothing
    expect((await post(b.body)).status).toBe(200);
    expect(await modelOptions()).toEqual([{ value: 'gpt-4o', count: 7 }]);

    const traceId = (JSON.parse(a.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId;
    const del = await fetch(`${server.apiUrl}/api/v1/project/facets/otel/traces/${traceId}`, { method: 'DELETE' });
    expect(del.status).toBeLessThan(300);
    expect(await modelOptions()).toEqual([{ value: 'gpt-4o', count: 3 }]);
  });
});

describe('session roll-up', () => {
  const sessionsOf = async (project: string) => {
    const r = await fetch(`${server.apiUrl}/api/v1/project/${project}/otel/sessions`);
    expect(r.status).toBe(200);
    return ((await r.json()) as { data: { session_id: string; trace_count: number; span_count: number }[] }).data;
  };
  const postTo = (project: string, body: string) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': project }, body });

  it('follows traces joining the session and leaving it', async () => {
    const first = buildJsonTraceRequest(2, { 'session.id': 'chat-1' });
    const second = buildJsonTraceRequest(3, { 'session.id': 'chat-1' });
    expect((await postTo('sessions', first.body)).status).toBe(200);
    expect((await postTo('sessions', second.body)).status).toBe(200);
    expect(await sessionsOf('sessions')).toMatchObject([{ session_id: 'chat-1', trace_count: 2, span_count: 5 }]);
    const traceId = (JSON.parse(second.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId;
    await fetch(`${server.apiUrl}/api/v1/project/sessions/otel/traces/${traceId}`, { method: 'DELETE' });
    expect(await sessionsOf('sessions')).toMatchObject([{ session_id: 'chat-1', trace_count: 1, span_count: 2 }]);
  });
});

describe('trace counts', () => {
  const totalOf = async (query: string) => {
    const r = await fetch(`${server.apiUrl}/api/v1/project/counts/otel/traces?limit=1${query}`);
    expect(r.status).toBe(200);
    return ((await r.json()) as { meta: { total_items: number } }).meta.total_items;
  };
  const postTo = (body: string) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'counts' }, body });

  it('give list totals by environment that follow inserts, retries and deletes', async () => {
    const prod = [buildJsonTraceRequest(2, { 'deployment.environment.name': 'production' }), buildJsonTraceRequest(2, { 'deployment.environment.name': 'production' })];
    const bare = buildJsonTraceRequest(3);
    for (const r of [...prod, bare, bare]) expect((await postTo(r.body)).status).toBe(200);
    expect(await totalOf('')).toBe(3);
    expect(await totalOf('&environment=production')).toBe(2);
    expect(await totalOf('&environment=staging')).toBe(0);
    const traceId = (JSON.parse(prod[0]!.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId;
    await fetch(`${server.apiUrl}/api/v1/project/counts/otel/traces/${traceId}`, { method: 'DELETE' });
    expect(await totalOf('')).toBe(2);
    expect(await totalOf('&environment=production')).toBe(1);
  });
});

describe('trace filter-options', () => {
  const sessionOptions = async () => {
    const r = await fetch(`${server.apiUrl}/api/v1/project/first-values/otel/traces/filter-options?columns=session_id`);
    expect(r.status).toBe(200);
    return ((await r.json()) as { options: Record<string, { value: string; count: number }[]> }).options.session_id;
  };

  it('show the first values as soon as they are committed, though an empty answer was asked for before', async () => {
    expect(await sessionOptions()).toEqual([]);
    const { body } = buildJsonTraceRequest(2, { 'session.id': 'first-session' });
    const posted = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'first-values' }, body });
    expect(posted.status).toBe(200);
    expect(await sessionOptions()).toEqual([{ value: 'first-session', count: 1 }]);
  });
});
