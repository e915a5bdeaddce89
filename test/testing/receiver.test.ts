// tracelite/testing itself: endpoints and env, waiting (success, late arrival, filters,
// predicate, the timeout message), typed reads, config overrides and close().
import fs from 'node:fs';
import { context, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcEnvExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReceiver, type Receiver } from 'tracelite/testing';
import { createExporter, exportOk, recordSpans } from '../helpers/otel-export.js';

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
});

/** Records one trace named `name` (a root with `children` chat spans) and sends it over OTLP/HTTP. */
async function sendTrace(target: Receiver, name: string, options: { children?: number; genai?: boolean } = {}): Promise<string> {
  let traceId = '';
  const spans = await recordSpans((tracer: Tracer) => {
    const root = tracer.startSpan(name, { attributes: options.genai === false ? {} : { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name } });
    traceId = root.spanContext().traceId;
    const inRoot = trace.setSpan(context.active(), root);
    for (let i = 0; i < (options.children ?? 1); i++) {
      const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10 };
      tracer.startSpan(`chat m${i}`, { attributes }, inRoot).end();
    }
    root.end();
  });
  await exportOk(createExporter('http-protobuf', { otlpHttpUrl: target.otlpHttpEndpoint, grpcAddress: '' }), spans);
  return traceId;
}

describe('endpoints', () => {
  test('ephemeral loopback ports and OTLP env vars for every signal', () => {
    expect(receiver.otlpHttpEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.otlpGrpcEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(receiver.env).toMatchObject({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.otlpHttpEndpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.otlpHttpEndpoint}/v1/traces`,
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.otlpHttpEndpoint}/v1/logs`,
    });
    expect(fs.existsSync(receiver.dbPath)).toBe(true);
  });
});

describe('waitForTraces', () => {
  test('resolves once a trace that arrives later is stored', async () => {
    const waiting = receiver.waitForTraces({ where: [{ key: 'name', op: 'eq', value: 'late-run' }], timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const traceId = await sendTrace(receiver, 'late-run');
    const traces = await waiting;
    expect(traces.map((t) => t.trace_id)).toEqual([traceId]);
  });

  test('counts with an explorer filter or a predicate, oldest first', async () => {
    const first = await sendTrace(receiver, 'count-run', { children: 2 });
    const second = await sendTrace(receiver, 'count-run', { children: 3 });
    const byFilter = await receiver.waitForTraces({ count: 2, where: [{ type: 'string', column: 'trace_name', operator: '=', value: 'count-run' }] });
    expect(byFilter.map((t) => t.trace_id)).toEqual([first, second]);
    const byPredicate = await receiver.waitForTraces({ where: (t) => t.trace_name === 'count-run' && t.span_count === 4 });
    expect(byPredicate.map((t) => t.trace_id)).toEqual([second]);
  });

  test('times out with what was seen', async () => {
    const traceId = await sendTrace(receiver, 'lonely-run');
    const error = await receiver.waitForTraces({ count: 2, where: [{ key: 'name', op: 'eq', value: 'lonely-run' }], timeoutMs: 300 }).catch((err: Error) => err);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/timed out after 300 ms waiting for 2 traces matching .*lonely-run.*; 1 matched; \d+ traces arrived:/);
    expect((error as Error).message).toContain(`${traceId} "lonely-run" 2 spans, 2 observations`);
    await expect(receiver.waitForTraces({ count: 0 })).rejects.toThrow(/count must be a positive integer/);
  });

  test('an invalid filter rejects at once with the API message', async () => {
    await expect(receiver.waitForTraces({ where: [{ key: 'colour', op: 'eq', value: 'red' }], timeoutMs: 5000 })).rejects.toThrow(/tracelite API 400 .*colour/);
  });
});

describe('reads', () => {
  test('traces without GenAI spans are not counted by default, but named when a wait times out', async () => {
    const traceId = await sendTrace(receiver, 'plain-http-request', { genai: false, children: 0 });
    const error = await receiver.waitForTraces({ where: [{ key: 'name', op: 'eq', value: 'plain-http-request' }], timeoutMs: 500 }).catch((err: Error) => err);
    expect((error as Error).message).toContain(`${traceId} "plain-http-request" 1 spans, 0 observations`);
    expect((error as Error).message).toContain('[no GenAI spans: not counted; startReceiver({ includeNonGenAI: true }) counts it]');
    expect((await receiver.traces()).map((t) => t.trace_id)).not.toContain(traceId);
  });

  test('trace() nests spans; observations() filter by type, name and trace', async () => {
    const traceId = await sendTrace(receiver, 'tree-run', { children: 2 });
    await receiver.waitForTraces({ where: (t) => t.trace_id === traceId });
    const detail = await receiver.trace(traceId);
    expect(detail.spans).toHaveLength(1);
    expect(detail.spans[0]!.span_name).toBe('tree-run');
    expect(detail.spans[0]!.children.map((s) => s.span_name).sort()).toEqual(['chat m0', 'chat m1']);
    expect(await receiver.observations({ traceId, type: 'generation' })).toHaveLength(2);
    expect((await receiver.observations({ traceId, name: 'tree-run' })).map((s) => s.observation_type)).toEqual(['agent']);
    expect(await receiver.observations({ traceId, type: 'tool' })).toEqual([]);
  });

  test('trace() of an unknown id rejects with the 404', async () => {
    await expect(receiver.trace('0123456789abcdef0123456789abcdef')).rejects.toThrow(/tracelite API 404/);
  });
});

describe('options and close', () => {
  test('gRPC env, includeNonGenAI, a config override, and close() removing the files', async () => {
    const grpc = await startReceiver({ protocol: 'grpc', includeNonGenAI: true, config: { pricing: { models: { 'gpt-4o-mini': { input: 1_000_000, output: 0 } } } } });
    expect(grpc.env).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: grpc.otlpGrpcEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: grpc.otlpGrpcEndpoint });
    const saved = { ...process.env };
    Object.assign(process.env, grpc.env);
    const exporter = new GrpcEnvExporter(); // reads OTEL_EXPORTER_OTLP_* now
    process.env = saved;
    const spans = await recordSpans((tracer) => tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 7 } }).end());
    await exportOk(exporter, spans);
    await exporter.shutdown();
    const [trace] = await grpc.waitForTraces();
    expect(trace!.total_cost).toBeCloseTo(7); // $1 per input token, from the override
    const plain = await sendTrace(grpc, 'plain-http-request', { genai: false, children: 0 });
    expect((await grpc.waitForTraces({ count: 2 })).map((t) => t.trace_id)).toContain(plain);
    await grpc.close();
    expect(fs.existsSync(grpc.dbPath)).toBe(false);
    await grpc.close();
  });
});
