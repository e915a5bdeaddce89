// Langfuse's batch ingestion events from the real Langfuse JS SDK v3 (`langfuse`), which sends
// trace-create, span-create/-update, generation-create/-update, event-create and score-create
// to POST /api/public/ingestion (updates often ahead of their creates in a batch). Read back
// with the official client, through the explorer and the analytics API.
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpTraceId } from '../../../src/direct-ingest/ids.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { createClient, getJson } from './langfuse-server.js';

let server: TestServer;
const TRACE_ID = 't1';

beforeAll(async () => {
  server = await startTestServer();
  const langfuse = new Langfuse({ publicKey: 'pk-lf-test', secretKey: 'sk-lf-test', baseUrl: server.apiUrl, flushAt: 100, fetchRetryCount: 0 });
  const trace = langfuse.trace({ id: TRACE_ID, name: 'qa-run', userId: 'user-1', sessionId: 'session-1', tags: ['ci'], input: 'What is 2+2?' });
  const span = trace.span({ id: 'retrieve', name: 'retrieve-docs', input: { query: '2+2' } });
  span.event({ name: 'cache-miss', metadata: { key: 'q:2+2' } });
  span.end({ output: { docs: 2 } });
  const generation = trace.generation({ id: 'llm-call', name: 'answer', model: 'gpt-4o', input: [{ role: 'user', content: 'What is 2+2?' }], modelParameters: { temperature: 0 } });
  generation.end({ output: { role: 'assistant', content: '4' }, usage: { input: 100, output: 20 } });
  trace.update({ output: '4', metadata: { run: 7 } });
  trace.score({ name: 'correct', value: 1 });
  await langfuse.shutdownAsync();
});

afterAll(async () => {
  await server?.stop();
});

describe('Langfuse JS SDK v3 ingestion events', () => {
  it('serves the trace and its observations back to the official client under the SDK ids', async () => {
    const client = createClient(server);
    const trace = await client.fetchTrace(TRACE_ID);
    expect(trace).toMatchObject({ id: TRACE_ID, name: 'qa-run', userId: 'user-1', sessionId: 'session-1', output: '4' });
    expect(trace.tags).toEqual(['ci']);
    const byName = new Map(trace.observations.map((o) => [o.name, o]));
    expect(byName.get('retrieve-docs')).toMatchObject({ id: 'retrieve', traceId: TRACE_ID, type: 'SPAN' });
    expect(byName.get('cache-miss')).toMatchObject({ type: 'EVENT', parentObservationId: 'retrieve' });
    const generation = byName.get('answer')!;
    expect(generation).toMatchObject({ id: 'llm-call', type: 'GENERATION', model: 'gpt-4o' });
    expect(generation.usageDetails).toMatchObject({ input: 100, output: 20 });
    expect((generation as { calculatedTotalCost?: number }).calculatedTotalCost).toBeGreaterThan(0);
    expect(trace.scores.map((s) => [s.name, s.traceId])).toEqual([['correct', TRACE_ID]]);
  });

  it('is a first-class trace for the explorer (conversation, tokens, cost) and the analytics API', async () => {
    const otlpId = toOtlpTraceId(TRACE_ID);
    const detail = await getJson(server, `/api/v1/project/default/otel/traces/${otlpId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ trace_name: 'qa-run', user_id: 'user-1', session_id: 'session-1', total_tokens: 120 });
    expect(detail.body.total_cost).toBeGreaterThan(0);
    const messages = await getJson(server, `/api/v1/project/default/otel/traces/${otlpId}/messages`);
    const texts = JSON.stringify(messages.body);
    expect(texts).toContain('What is 2+2?');
    const analytics = await getJson(server, `/api/v1/traces?project_id=default&model=gpt-4o`);
    expect(analytics.body.data).toHaveLength(1);
    expect(analytics.body.data[0]).toMatchObject({ trace_id: otlpId, prompt_tokens: 100, completion_tokens: 20 });
  });
});
