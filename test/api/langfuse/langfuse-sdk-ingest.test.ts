// The Langfuse JS SDK's own tracing (@langfuse/tracing + @langfuse/otel's span processor,
// baseUrl pointed at tracelite) exports through POST /api/public/otel/v1/traces; the
// official client then reads the same trace back through the public API.
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { LangfuseOtelSpanAttributes, setLangfuseTracerProvider, startObservation } from '@langfuse/tracing';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { startTestServer } from '../../helpers/test-server.js';
import { createClient } from './langfuse-server.js';


let server: TestServer;
let traceId: string;
let generationId: string;

beforeAll(async () => {
  server = await startTestServer();
  const processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-test', secretKey: 'sk-lf-test', baseUrl: server.apiUrl, exportMode: 'immediate' });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  setLangfuseTracerProvider(provider);
  const root = startObservation('qa-pipeline', { input: { question: 'What is OTLP?' } });
  // What propagateAttributes() writes on every span of the trace (here without a context manager).
  root.otelSpan.setAttributes({
    [LangfuseOtelSpanAttributes.TRACE_NAME]: 'qa-trace',
    [LangfuseOtelSpanAttributes.TRACE_USER_ID]: 'user-otel',
    [LangfuseOtelSpanAttributes.TRACE_SESSION_ID]: 'session-otel',
    [LangfuseOtelSpanAttributes.TRACE_TAGS]: ['sdk'],
  });
  const generation = root.startObservation(
    'answer',
    { model: 'gpt-4o-mini', input: [{ role: 'user', content: 'What is OTLP?' }], usageDetails: { input: 5, output: 7 }, modelParameters: { temperature: 0.2 } },
    { asType: 'generation' },
  );
  generation.update({ output: { role: 'assistant', content: 'A protocol.' } }).end();
  root.update({ output: 'done' }).end();
  traceId = root.traceId;
  generationId = generation.id;
  await processor.forceFlush();
  await provider.shutdown();
  setLangfuseTracerProvider(null);
});

afterAll(async () => {
  await server?.stop();
});

describe('Langfuse SDK -> tracelite -> Langfuse client', () => {
  it('stores the SDK’s observations and serves them back', async () => {
    const client = createClient(server);
    const { data } = await client.api.observations.getMany({ traceId, fields: 'core,basic,model,usage,io' });
    expect(data.map((o) => o.name).sort()).toEqual(['answer', 'qa-pipeline']);
    const generation = data.find((o) => o.id === generationId)!;
    expect(generation).toMatchObject({ type: 'GENERATION', model: 'gpt-4o-mini', parentObservationId: expect.any(String) });
    expect(generation.usageDetails).toMatchObject({ input: 5, output: 7 });
    expect(JSON.parse(generation.output as string)).toEqual({ role: 'assistant', content: 'A protocol.' });
  });

  it('rolls the SDK’s trace attributes up to the trace and session', async () => {
    const client = createClient(server);
    const trace = await client.fetchTrace(traceId);
    expect(trace).toMatchObject({ name: 'qa-trace', userId: 'user-otel', sessionId: 'session-otel', tags: ['sdk'] });
    expect(trace.observations.map((o) => o.id)).toContain(generationId);
    const session = await client.fetchSessions('session-otel');
    expect(session.traces.map((t) => t.id)).toEqual([traceId]);
  });
});
