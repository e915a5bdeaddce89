// GET /api/v1/traces (every query parameter), GET /api/v1/traces/{trace_id}, the envelope,
// request ids and the OpenAPI listing, against a real server seeded over OTLP/HTTP. Every
// body is checked against the spec's own schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { getJson, startSeededServer, type JsonResponse, type SeededSpan } from './analytics-seed.js';
import { expectSpecSchema } from './spec-validator.js';

let server: TestServer;
let spans: SeededSpan[];
const idOf = (key: string) => spans.find((s) => s.key === key)!.spanId;
const keysOf = (ids: string[]) => ids.map((id) => spans.find((s) => s.spanId === id)?.key ?? id).sort();

beforeAll(async () => {
  ({ server, spans } = await startSeededServer());
});
afterAll(async () => {
  await server?.stop();
});

async function list(query: string): Promise<JsonResponse & { keys: string[] }> {
  const response = await getJson(server, `/api/v1/traces?limit=1000${query ? `&${query}` : ''}`);
  if (response.status === 200) expectSpecSchema('PaginatedTraceResponse', response.body);
  else expectSpecSchema('ErrorResponse', response.body);
  return { ...response, keys: response.status === 200 ? keysOf(response.body.data.map((r: { span_id: string }) => r.span_id)) : [] };
}

const keysWhere = (predicate: (s: SeededSpan) => boolean) => spans.filter(predicate).map((s) => s.key).sort();

describe('GET /api/v1/traces', () => {
  it('lists every span newest first in the spec envelope', async () => {
    const { status, body, headers } = await getJson(server, '/api/v1/traces');
    expect(status).toBe(200);
    expectSpecSchema('PaginatedTraceResponse', body);
    expect(body.status).toBe('success');
    expect(body.data).toHaveLength(spans.length);
    const times = body.data.map((r: { ts: string }) => Date.parse(r.ts));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(body.pagination).toEqual({ cursor: null, has_more: false, limit: 50, total: null });
    expect(body.meta).toMatchObject({ cached: false, version: '1.0.0' });
    expect(Number.isInteger(body.meta.execution_time_ms)).toBe(true);
    expect(body.meta.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('x-request-id')).toBe(body.meta.request_id);
  });

  it('maps a span to the spec Trace row', async () => {
    const { body } = await list('');
    const row = body.data.find((r: { span_id: string }) => r.span_id === idOf('agent-chat-1'));
    const chat = spans.find((s) => s.key === 'agent-chat-1')!;
    const fraction = String(chat.startNs % 1_000_000_000n).padStart(9, '0');
    expect(row.ts).toBe(new Date(Number(chat.startNs / 1_000_000n)).toISOString().slice(0, 19) + '.' + fraction + 'Z');
    expect(row).toMatchObject({
      trace_id: chat.traceId, parent_span_id: idOf('agent-root'), service_name: 'checkout-api', span_name: 'chat gpt-4o',
      provider: 'openai', model: 'gpt-4o', prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500, duration_ms: 1500,
      ttft_ms: 250, status_code: 'SUCCESS', error_message: null, user_id: 'user-1', session_id: 'sess-1', environment: 'production',
      tags: ['checkout'], input_text: chat.input, output_text: chat.output,
    });
    expect(row.attributes).toMatchObject({ 'app.feature': 'checkout', 'app.tier': 3, 'app.beta': true });
    expect(row.prompt_cost_usd).toBeGreaterThan(0);
    expect(row.total_cost_usd).toBeCloseTo(row.prompt_cost_usd + row.completion_cost_usd, 12);

    const root = body.data.find((r: { span_id: string }) => r.span_id === idOf('agent-root'));
    expect(root.parent_span_id).toBeNull();
    expect(root).not.toHaveProperty('provider');
    expect(root).not.toHaveProperty('model');
    expect(root.ttft_ms).toBeNull();
    const failed = body.data.find((r: { span_id: string }) => r.span_id === idOf('rate-limited'));
    expect(failed).toMatchObject({ status_code: 'ERROR', error_message: 'rate limit exceeded (429)', output_text: null });
  });

  it.each([
    ['provider=anthropic', (s: SeededSpan) => s.provider === 'anthropic'],
    ['model=gpt-4o', (s: SeededSpan) => s.model === 'gpt-4o'],
    ['status=error', (s: SeededSpan) => s.error !== undefined],
    ['status=Success', (s: SeededSpan) => s.error === undefined],
    ['min_duration=2000', (s: SeededSpan) => s.durationMs >= 2000],
    ['max_duration=100', (s: SeededSpan) => s.durationMs <= 100],
    ['min_duration=500&max_duration=1500', (s: SeededSpan) => s.durationMs >= 500 && s.durationMs <= 1500],
    ['environment=staging', (s: SeededSpan) => s.environment === 'staging'],
    ['user_id=user-9', (s: SeededSpan) => s.user === 'user-9'],
    ['session_id=sess-1', (s: SeededSpan) => s.session === 'sess-1'],
    ['project_id=beta', (s: SeededSpan) => s.project === 'beta'],
    ['search=authentication', (s: SeededSpan) => /authentication/i.test(`${s.input} ${s.output}`)],
    ['search=' + encodeURIComponent('Köln'), (s: SeededSpan) => s.key === 'claude-i18n'],
    ['provider=openai&environment=production&min_duration=1000', (s: SeededSpan) => s.provider === 'openai' && s.environment === 'production' && s.durationMs >= 1000],
    ['from=now-1h', (s: SeededSpan) => s.agoMs < 3_600_000],
    ['from=now-7d&to=now', (s: SeededSpan) => s.agoMs < 7 * 86_400_000],
    ['to=now-1d', (s: SeededSpan) => s.agoMs > 86_400_000],
    ['from=now-300s', (s: SeededSpan) => s.agoMs < 300_000],
    ['from=now-16m&to=now-210s', (s: SeededSpan) => s.agoMs < 960_000 && s.agoMs > 210_000],
    ['from=now-2w', () => true],
  ])('filters by %s', async (query, predicate) => {
    const { status, keys } = await list(query);
    expect(status).toBe(200);
    expect(keys).toEqual(keysWhere(predicate));
    expect(keys.length).toBeGreaterThan(0);
  });

  it('filters by cost and by ISO 8601 times', async () => {
    const all = (await list('')).body.data as { span_id: string; total_cost_usd: number | null; ts: string }[];
    const costs = all.map((r) => r.total_cost_usd).filter((c): c is number => c !== null).sort((a, b) => a - b);
    const middle = costs[Math.floor(costs.length / 2)]!;
    const expectIds = (rows: typeof all) => keysOf(rows.map((r) => r.span_id));
    expect((await list(`min_cost=${middle}`)).keys).toEqual(expectIds(all.filter((r) => r.total_cost_usd !== null && r.total_cost_usd >= middle)));
    expect((await list(`max_cost=${middle}`)).keys).toEqual(expectIds(all.filter((r) => r.total_cost_usd !== null && r.total_cost_usd <= middle)));
    const pivot = all[3]!.ts;
    expect((await list(`from=${encodeURIComponent(pivot)}`)).keys).toEqual(expectIds(all.slice(0, 4)));
    expect((await list(`to=${encodeURIComponent(pivot)}`)).keys).toEqual(expectIds(all.slice(3)));
  });

  it('sorts by sort_by and sort_order', async () => {
    const asc = (await list('sort_by=duration_ms&sort_order=asc')).body.data.map((r: { duration_ms: number }) => r.duration_ms);
    expect(asc).toEqual([...asc].sort((a: number, b: number) => a - b));
    const byCost = (await list('sort_by=total_cost_usd')).body.data.map((r: { total_cost_usd: number | null }) => r.total_cost_usd ?? -1);
    expect(byCost).toEqual([...byCost].sort((a: number, b: number) => b - a));
    const oldestFirst = (await list('sort_order=asc')).body.data.map((r: { ts: string }) => Date.parse(r.ts));
    expect(oldestFirst).toEqual([...oldestFirst].sort((a, b) => a - b));
    const byModel = (await list('sort_by=model&sort_order=asc&provider=openai')).body.data.map((r: { model: string }) => r.model);
    expect(byModel).toEqual([...byModel].sort());
  });

  it.each([
    ['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=abc', 'limit'], ['sort_by=input_text', 'sort_by'],
    ['sort_by=ts;DROP TABLE spans', 'sort_by'], ['sort_order=sideways', 'sort_order'], ['from=yesterday', 'from'],
    ['to=now-1y', 'to'], ['from=2025-13-45T00:00:00Z', 'from'], ['status=maybe', 'status'], ['min_duration=fast', 'min_duration'],
    ['max_cost=cheap', 'max_cost'],
  ])('answers %s with a 400 naming the parameter', async (query, parameter) => {
    const response = await getJson(server, `/api/v1/traces?${query}`);
    expect(response.status).toBe(400);
    expectSpecSchema('ErrorResponse', response.body);
    expect(response.body.error.code).toBe('BAD_REQUEST');
    expect(response.body.error.message).toContain(`'${parameter}'`);
  });
});

describe('GET /api/v1/traces/{trace_id}', () => {
  it("answers the trace's root span as a SingleTraceResponse", async () => {
    const root = spans.find((s) => s.key === 'agent-root')!;
    const { status, body } = await getJson(server, `/api/v1/traces/${root.traceId}`);
    expect(status).toBe(200);
    expectSpecSchema('SingleTraceResponse', body);
    expect(body.data).toMatchObject({ trace_id: root.traceId, span_id: root.spanId, span_name: 'agent.run' });
    expect((await getJson(server, `/api/v1/traces/${root.traceId.toUpperCase()}`)).body.data.span_id).toBe(root.spanId);
    expect((await getJson(server, `/api/v1/traces/${root.traceId}?project_id=alpha`)).status).toBe(200);
  });

  it('is a 404 in the spec shape for an unknown trace or another project', async () => {
    const missing = await getJson(server, '/api/v1/traces/trace-123');
    expect(missing.status).toBe(404);
    expectSpecSchema('ErrorResponse', missing.body);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: "Trace with ID 'trace-123' not found" });
    const root = spans.find((s) => s.key === 'agent-root')!;
    expect((await getJson(server, `/api/v1/traces/${root.traceId}?project_id=beta`)).status).toBe(404);
  });
});

describe('request ids and the OpenAPI document', () => {
  it('echoes a sanitized x-request-id, on errors too', async () => {
    const given = await getJson(server, '/api/v1/traces?limit=1', { 'x-request-id': 'req-42' });
    expect(given.body.meta.request_id).toBe('req-42');
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const dirty = await getJson(server, '/api/v1/traces?limit=1', { 'x-request-id': `a b<script>"${'x'.repeat(300)}` });
    expect(dirty.body.meta.request_id).toMatch(/^abscriptx+$/);
    expect(dirty.body.meta.request_id).toHaveLength(128);
    const failed = await getJson(server, '/api/v1/traces?limit=0', { 'x-request-id': 'req-43' });
    expect(failed.headers.get('x-request-id')).toBe('req-43');
  });

  it('lists the analytics paths in /api/openapi.json', async () => {
    const { body } = await getJson(server, '/api/openapi.json');
    expect(body.paths['/api/v1/traces'].get.operationId).toBe('listTraces');
    expect(body.paths['/api/v1/traces/search'].post.operationId).toBe('searchTraces');
    expect(body.paths['/api/v1/traces/{trace_id}'].get.operationId).toBe('getTraceById');
    expect(body.paths['/health'].get.operationId).toBe('healthCheck');
    expect(body.paths['/api/v1/traces'].get.security).toEqual([{ BearerAuth: [] }]);
    expect(body.components.securitySchemes.BearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const name of ['Trace', 'PaginatedTraceResponse', 'SingleTraceResponse', 'AdvancedSearchRequest', 'FieldFilter', 'LogicalFilter', 'ErrorResponse']) {
      expect(body.components.schemas).toHaveProperty(name);
    }
    const parameters = body.paths['/api/v1/traces'].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(parameters).toEqual(['cursor', 'environment', 'from', 'limit', 'max_cost', 'max_duration', 'min_cost', 'min_duration', 'model',
      'project_id', 'provider', 'search', 'session_id', 'sort_by', 'sort_order', 'status', 'to', 'user_id']);
  });
});
