// The trace explorer API through real HTTP: spans exported with the real OTel exporters
// into a real tracelite, then traces, nesting, messages, paging, sessions, filter options,
// project isolation and errors asserted on the API's answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk } from '../../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { recordAgentTrace, recordHttpTrace, recordOrphanTrace, recordSingleChatTrace, type AgentTraceIds } from './explorer-fixture.js';

let server: TestServer;
let agent: AgentTraceIds;
let agent2: AgentTraceIds;
let claudeTraceId: string;
let httpTraceId: string;
let orphan: { traceId: string; spanId: string };
let otherProjectTraceId: string;

const api = (path: string, init?: RequestInit) => fetch(`${server.apiUrl}/api/v1/project/${path}`, init);
async function getJson(path: string): Promise<any> {
  const res = await api(path);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
}

beforeAll(async () => {
  server = await startTestServer();
  const p1 = createExporter('http-protobuf', server, { projectId: 'p1' });
  const p2 = createExporter('http-json', server, { projectId: 'p2' });
  const a = await recordAgentTrace({ sessionId: 's1', userId: 'u1', environment: 'production', offsetMs: 0 });
  const b = await recordAgentTrace({ sessionId: 's1', userId: 'u1', environment: 'production', offsetMs: 5000 });
  const claude = await recordSingleChatTrace({ environment: 'staging', offsetMs: 2000, userId: 'u2' });
  const http = await recordHttpTrace(3000);
  const orphanTrace = await recordOrphanTrace(4000);
  const other = await recordSingleChatTrace({ environment: 'production', offsetMs: 6000 });
  for (const spans of [a.spans, b.spans, claude.spans, http.spans, orphanTrace.spans]) await exportOk(p1, spans);
  await exportOk(p2, other.spans);
  agent = a.ids;
  agent2 = b.ids;
  claudeTraceId = claude.traceId;
  httpTraceId = http.traceId;
  orphan = orphanTrace;
  otherProjectTraceId = other.traceId;
});

afterAll(async () => {
  await server?.stop();
});

describe('GET /traces', () => {
  it('lists GenAI traces newest first with roll-up fields', async () => {
    const body = await getJson('p1/otel/traces');
    expect(body.data.map((t: any) => t.trace_id)).toEqual([agent2.traceId, orphan.traceId, claudeTraceId, agent.traceId]);
    expect(body.meta).toEqual({ page: 1, limit: 50, total_items: 4, total_pages: 1 });
    const first = body.data.find((t: any) => t.trace_id === agent.traceId);
    expect(first).toMatchObject({
      trace_name: 'agent.run', start_time: '2025-01-26T10:12:34.000Z', end_time: '2025-01-26T10:12:35.000Z', duration_ms: 1000,
      session_id: 's1', user_id: 'u1', environment: 'production', span_count: 4, input_tokens: 40, output_tokens: 12, has_error: false,
    });
  });

  it('include_nongenai=true adds traces without GenAI spans', async () => {
    const body = await getJson('p1/otel/traces?include_nongenai=true');
    expect(body.meta.total_items).toBe(5);
    expect(body.data.map((t: any) => t.trace_id)).toContain(httpTraceId);
  });

  it('pages with stable totals', async () => {
    const page1 = await getJson('p1/otel/traces?limit=3&order_by=start_time:asc');
    const page2 = await getJson('p1/otel/traces?limit=3&page=2&order_by=start_time:asc');
    expect(page1.meta).toEqual({ page: 1, limit: 3, total_items: 4, total_pages: 2 });
    expect(page2.meta.total_items).toBe(4);
    expect([...page1.data, ...page2.data].map((t: any) => t.trace_id)).toEqual([agent.traceId, claudeTraceId, orphan.traceId, agent2.traceId]);
  });

  it('filters by session, user and (repeated) environment parameters', async () => {
    expect((await getJson('p1/otel/traces?session_id=s1')).meta.total_items).toBe(2);
    expect((await getJson('p1/otel/traces?user_id=u2')).data.map((t: any) => t.trace_id)).toEqual([claudeTraceId]);
    expect((await getJson('p1/otel/traces?environment=staging&environment=production')).meta.total_items).toBe(3);
    expect((await getJson('p1/otel/traces?from_timestamp=2025-01-26T10:12:36Z&to_timestamp=2025-01-26T10:12:38.5Z')).meta.total_items).toBe(2);
  });

  it('rejects a bad order_by or timestamp with 400 in the error shape', async () => {
    for (const query of ['order_by=colour', 'order_by=start_time:sideways', 'from_timestamp=yesterday', 'limit=0']) {
      const res = await api(`p1/otel/traces?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { message: unknown };
      expect(body).toMatchObject({ error: 'bad_request', code: 'VALIDATION_ERROR' });
      expect(typeof body.message).toBe('string');
    }
  });
});

describe('GET /traces/{trace_id}', () => {
  it('nests spans under their parent, siblings by start then end', async () => {
    const body = await getJson(`p1/otel/traces/${agent.traceId}`);
    expect(body.trace_id).toBe(agent.traceId);
    expect(body.spans).toHaveLength(1);
    const root = body.spans[0];
    expect(root).toMatchObject({ span_id: agent.rootSpanId, parent_span_id: null, span_name: 'agent.run', observation_type: 'agent' });
    expect(root.children.map((s: any) => s.span_id)).toEqual([agent.toolSpanId, agent.chat1SpanId, agent.chat2SpanId]);
    const chat = root.children[1];
    expect(chat).toMatchObject({ model: 'gpt-4o', provider: 'openai', observation_type: 'generation', input_tokens: 10, output_tokens: 5, children: [] });
    expect(chat.raw_span).toBeUndefined();
  });

  it('include_raw_span=true adds the stored OTLP span', async () => {
    const body = await getJson(`p1/otel/traces/${agent.traceId}?include_raw_span=true`);
    const raw = body.spans[0].children[1].raw_span;
    expect(raw.attributes['gen_ai.request.model']).toBe('gpt-4o');
    expect(raw.resource.attributes['service.name']).toBe('explorer-test');
    expect(raw.start_time_unix_nano).toBe(String(BigInt(Date.UTC(2025, 0, 26, 10, 12, 34, 10)) * 1_000_000n));
  });

  it('shows an orphan (parent not arrived) at the top level', async () => {
    const body = await getJson(`p1/otel/traces/${orphan.traceId}`);
    expect(body.spans.map((s: any) => [s.span_id, s.parent_span_id])).toEqual([[orphan.spanId, '00000000deadbeef']]);
  });

  it('404s for an unknown trace and for another project’s trace', async () => {
    for (const path of ['p1/otel/traces/ffffffffffffffffffffffffffffffff', `p2/otel/traces/${agent.traceId}`, `p1/otel/traces/${otherProjectTraceId}`]) {
      const res = await api(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found', code: 'NOT_FOUND' });
    }
  });
});

describe('spans', () => {
  it('lists the spans of a trace, filters spans, and reads one span', async () => {
    const list = await getJson(`p1/otel/traces/${agent.traceId}/spans`);
    expect(list.meta.total_items).toBe(4);
    const generations = await getJson(`p1/otel/spans?observation_type=generation&model=gpt-4o`);
    expect(generations.meta.total_items).toBe(4);
    const one = await getJson(`p1/otel/traces/${agent.traceId}/spans/${agent.toolSpanId}`);
    expect(one).toMatchObject({ span_id: agent.toolSpanId, tool_name: 'get_weather', observation_type: 'tool' });
    expect((await api(`p2/otel/traces/${agent.traceId}/spans/${agent.toolSpanId}`)).status).toBe(404);
  });

  it('span filter-options count values', async () => {
    const body = await getJson('p1/otel/spans/filter-options?columns=model,provider');
    expect(body.options.model).toEqual(expect.arrayContaining([{ value: 'gpt-4o', count: 4 }, { value: 'claude-3-5-sonnet', count: 1 }]));
    expect(body.options.provider).toEqual(expect.arrayContaining([{ value: 'anthropic', count: 1 }]));
  });
});

describe('messages', () => {
  it('de-duplicates the repeated history of a trace', async () => {
    const body = await getJson(`p1/otel/traces/${agent.traceId}/messages`);
    const turns = body.messages.map((m: any) => [m.role, m.content[0]?.text]);
    expect(turns).toEqual([
      ['user', 'What is the weather in Paris?'],
      ['assistant', 'Let me check the weather.'],
      ['user', 'Thanks!'],
      ['assistant', 'You are welcome.'],
    ]);
    expect(body.metadata).toMatchObject({ total_messages: 4, total_tokens: 52 });
    expect(body.messages[0].span_id).toBe(agent.chat1SpanId);
  });

  it('filters by role and serves one span’s messages', async () => {
    const users = await getJson(`p1/otel/traces/${agent.traceId}/messages?role=user`);
    expect(users.messages.map((m: any) => m.content[0].text)).toEqual(['What is the weather in Paris?', 'Thanks!']);
    const span = await getJson(`p1/otel/traces/${agent.traceId}/spans/${agent.chat1SpanId}/messages`);
    expect(span.messages.map((m: any) => m.role)).toEqual(['user', 'assistant']);
    expect((await api(`p1/otel/traces/${agent.traceId}/spans/0000000000000000/messages`)).status).toBe(404);
  });
});

describe('sessions', () => {
  it('aggregates a session over its traces and serves its detail and messages', async () => {
    const list = await getJson('p1/otel/sessions');
    expect(list.data).toEqual([expect.objectContaining({ session_id: 's1', trace_count: 2, span_count: 8, total_tokens: 104, user_id: 'u1' })]);
    const detail = await getJson('p1/otel/sessions/s1');
    expect(detail.traces.map((t: any) => t.trace_id)).toEqual([agent.traceId, agent2.traceId]);
    const messages = await getJson('p1/otel/sessions/s1/messages');
    // both traces repeat the same conversation: it appears once
    expect(messages.messages).toHaveLength(4);
    expect((await api('p2/otel/sessions/s1')).status).toBe(404);
  });

  it('session filter-options', async () => {
    const body = await getJson('p1/otel/sessions/filter-options');
    expect(body.options.environment).toEqual([{ value: 'production', count: 1 }]);
  });
});

describe('trace filter-options', () => {
  it('lists distinct values with counts', async () => {
    const body = await getJson('p1/otel/traces/filter-options');
    expect(body.options.environment).toEqual([
      { value: 'production', count: 2 },
      { value: 'staging', count: 1 },
    ]);
    expect(body.options.session_id).toEqual([{ value: 's1', count: 2 }]);
    expect(body.options.model.map((o: any) => o.value)).toEqual(expect.arrayContaining(['gpt-4o', 'claude-3-5-sonnet', 'gpt-4o-mini']));
    expect(body.options.observation_type.map((o: any) => o.value)).toEqual(expect.arrayContaining(['agent', 'generation', 'tool']));
    expect((await api('p1/otel/traces/filter-options?columns=colour')).status).toBe(400);
  });
});

describe('project isolation', () => {
  it('project B sees none of project A', async () => {
    const body = await getJson('p2/otel/traces');
    expect(body.data.map((t: any) => t.trace_id)).toEqual([otherProjectTraceId]);
    expect((await getJson('p2/otel/sessions')).data).toEqual([]);
    expect((await getJson('p2/otel/spans')).meta.total_items).toBe(1);
  });
});

describe('health and OpenAPI', () => {
  it('serves /api/v1/health and /api/openapi.json', async () => {
    const health = await fetch(`${server.apiUrl}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const doc = (await (await fetch(`${server.apiUrl}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/project/{project_id}/otel/traces', '/api/v1/project/{project_id}/otel/traces/{trace_id}', '/api/v1/project/{project_id}/otel/sse']));
  });
});
