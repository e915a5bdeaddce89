// Direct ingestion's merge rules and the trace rewrite behind them, through POST
// /api/public/ingestion with hand-made batches: updates ahead of creates, a late create, an
// observation before its trace, tags as a set, a trace that also has OTLP spans, and roll-ups
// (trace tokens, session) recomputed on every rewrite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpTraceId } from '../../src/direct-ingest/ids.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const auth = { authorization: 'Basic ' + Buffer.from('pk:sk').toString('base64'), 'content-type': 'application/json' };
let eventNo = 0;
const ev = (type: string, body: Record<string, unknown>) => ({ id: `ev-${++eventNo}`, type, timestamp: new Date().toISOString(), body });

async function ingest(...batch: ReturnType<typeof ev>[]) {
  const response = await fetch(`${server.apiUrl}/api/public/ingestion`, { method: 'POST', headers: auth, body: JSON.stringify({ batch }) });
  expect(response.status).toBe(207);
  const body = (await response.json()) as { successes: unknown[]; errors: unknown[] };
  expect(body.errors).toEqual([]);
  return body;
}

async function get(path: string) {
  const response = await fetch(server.apiUrl + path, { headers: auth });
  return { status: response.status, body: (await response.json()) as any };
}

describe('direct ingestion merges', () => {
  it('applies an update sent ahead of its create, and a late create never undoes an update', async () => {
    await ingest(
      ev('span-update', { id: 'o1', traceId: 'm1', output: { answer: 42 }, endTime: '2026-01-01T00:00:02.000Z' }),
      ev('span-create', { id: 'o1', traceId: 'm1', name: 'step', input: 'q', output: 'stale', startTime: '2026-01-01T00:00:00.000Z' }),
      ev('trace-create', { id: 'm1', name: 'merge', tags: ['a'] }),
    );
    await ingest(ev('span-create', { id: 'o1', traceId: 'm1', name: 'renamed-late', output: 'older' }), ev('trace-create', { id: 'm1', tags: ['b'], userId: 'u1' }));
    const observation = await get('/api/public/observations/o1');
    expect(observation.body).toMatchObject({ id: 'o1', traceId: 'm1', name: 'step', input: 'q', output: { answer: 42 }, endTime: '2026-01-01T00:00:02.000Z' });
    const trace = await get('/api/public/traces/m1');
    expect(trace.body).toMatchObject({ id: 'm1', name: 'merge', userId: 'u1' });
    expect([...trace.body.tags].sort()).toEqual(['a', 'b']);
  });

  it('takes an observation before its trace, and nests by parentObservationId', async () => {
    await ingest(ev('generation-create', { id: 'g1', traceId: 'm2', parentObservationId: 'p1', model: 'gpt-4o', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } }));
    await ingest(ev('span-create', { id: 'p1', traceId: 'm2', name: 'parent' }), ev('trace-create', { id: 'm2', name: 'late-trace', sessionId: 's-1' }));
    const generation = await get('/api/public/observations/g1');
    expect(generation.body).toMatchObject({ parentObservationId: 'p1', model: 'gpt-4o', usageDetails: { input: 10, output: 5, total: 15 } });
    const parent = await get('/api/public/observations/p1');
    expect(parent.body.parentObservationId).toBeNull();
    const explorer = await get(`/api/v1/project/default/otel/traces/${toOtlpTraceId('m2')}`);
    expect(explorer.body).toMatchObject({ trace_name: 'late-trace', session_id: 's-1', total_tokens: 15 });
  });

  it('recomputes the roll-ups on a rewrite: tokens replaced, not added; the session follows', async () => {
    await ingest(ev('trace-create', { id: 'm3', sessionId: 's-old' }), ev('generation-create', { id: 'g3', traceId: 'm3', model: 'gpt-4o', usageDetails: { input: 100, output: 10 } }));
    await ingest(ev('generation-update', { id: 'g3', traceId: 'm3', usageDetails: { input: 200, output: 20 } }), ev('trace-create', { id: 'm3', sessionId: 's-new' }));
    const explorer = await get(`/api/v1/project/default/otel/traces/${toOtlpTraceId('m3')}`);
    expect(explorer.body).toMatchObject({ total_tokens: 220, session_id: 's-new' });
    expect((await get('/api/v1/project/default/otel/sessions/s-old')).status).toBe(404);
    expect((await get('/api/v1/project/default/otel/sessions/s-new')).status).toBe(200);
  });

  it('refuses an invalid event alone, in the 207 errors', async () => {
    const response = await fetch(`${server.apiUrl}/api/public/ingestion`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ batch: [ev('span-create', { id: 'x1' }), ev('generation-create', { id: 'x2', traceId: 'm4', startTime: 'yesterday' }), ev('event-create', { id: 'x3', traceId: 'm4', name: 'ok' })] }),
    });
    const body = (await response.json()) as { successes: { id: string }[]; errors: { id: string; status: number; message: string }[] };
    expect(body.errors.map((e) => [e.status, e.message.includes('traceId') || e.message.includes('startTime')])).toEqual([[400, true], [400, true]]);
    expect(body.successes).toHaveLength(1);
  });
});

describe('a trace with OTLP spans and direct ones', () => {
  it('keeps the OTLP spans exactly (events, links) and the trace scores through a rewrite', async () => {
    const traceId = 'ab'.repeat(16);
    const otlpSpan = {
      traceId, spanId: 'cd'.repeat(8), name: 'otlp-root', kind: 1, startTimeUnixNano: '1767225600000000000', endTimeUnixNano: '1767225601000000000',
      attributes: [{ key: 'app.kept', value: { stringValue: 'yes' } }], events: [{ name: 'e', timeUnixNano: '1767225600500000000' }],
      links: [{ traceId: 'ef'.repeat(16), spanId: '12'.repeat(8) }],
    };
    const exported = await fetch(`${server.apiUrl}/otel/default/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: [otlpSpan] }] }] }),
    });
    expect(exported.status).toBe(200);
    await ingest(ev('score-create', { id: 'sc-1', traceId, name: 'kept', value: 1 }));
    await ingest(ev('span-create', { id: 'direct-1', traceId, name: 'direct-child' }));
    await ingest(ev('span-update', { id: 'direct-1', traceId, output: 'done' }));
    const spans = await get(`/api/v1/project/default/otel/traces/${traceId}/spans?include_raw_span=true&limit=50`);
    const byName = new Map<string, any>(spans.body.data.map((s: any) => [s.span_name, s]));
    expect(byName.get('otlp-root')).toMatchObject({ event_count: 1, link_count: 1 });
    // Under the OTLP root: no second root appears for a trace that came over OTLP.
    expect(byName.get('direct-child')).toMatchObject({ parent_span_id: 'cd'.repeat(8) });
    expect(spans.body.data).toHaveLength(2);
    const trace = await get(`/api/public/traces/${traceId}`);
    expect(trace.body.scores.map((s: any) => s.id)).toEqual(['sc-1']);
  });
});
