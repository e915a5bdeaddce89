// Round trip through the real OpenTelemetry JS SDK encoders: ReadableSpans from sdk-trace-base,
// serialized by @opentelemetry/otlp-transformer (protobuf and JSON), decoded by our two codecs.
// Both decodes must be identical and match what the SDK recorded.

import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type HrTime } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.js';
import type { ExportTraceRequest, OtlpSpan } from '../../src/otlp/model.js';

function hrTimeToNanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

function recordSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'codec-test', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const agentTracer = provider.getTracer('agent-lib', '1.2.3');
  const llmTracer = provider.getTracer('llm-lib');

  const root = agentTracer.startSpan('invoke_agent weather', { kind: SpanKind.SERVER });
  const parentContext = trace.setSpan(ROOT_CONTEXT, root);
  const llm = llmTracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.system': 'openai',
        'gen_ai.prompt': 'What is the weather in Paris? ☀️ — réponse en français',
        'llm.is_streaming': false,
        'gen_ai.usage.input_tokens': 1234,
        'big.int': 2 ** 60,
        'negative.int': -42,
        'gen_ai.request.temperature': 0.25,
        'string.array': ['stop', 'length'],
        'number.array': [1, 2.5, -3],
        'bool.array': [true, false],
        'empty.string': '',
      },
      links: [{ context: root.spanContext(), attributes: { 'link.reason': 'follows' } }],
    },
    parentContext,
  );
  llm.addEvent('gen_ai.content.completion', { 'gen_ai.completion': 'Sunny, 21°C', index: 0 });
  llm.addEvent('no-attributes');
  llm.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  llm.end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
  return exporter.getFinishedSpans();
}

function decodeBoth(spans: ReadableSpan[]): [ExportTraceRequest, ExportTraceRequest] {
  const protobufBytes = ProtobufTraceSerializer.serializeRequest(spans);
  const jsonBytes = JsonTraceSerializer.serializeRequest(spans);
  if (!protobufBytes || !jsonBytes) throw new Error('serializer returned nothing');
  return [decodeTraceRequestProtobuf(protobufBytes), decodeTraceRequestJson(new TextDecoder().decode(jsonBytes))];
}

function allSpans(request: ExportTraceRequest): OtlpSpan[] {
  return request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

describe('trace codecs against the OpenTelemetry JS SDK encoders', () => {
  const spans = recordSpans();
  const [fromProtobuf, fromJson] = decodeBoth(spans);

  it('decodes protobuf and JSON to the identical model', () => {
    expect(fromJson).toEqual(fromProtobuf);
    expect(allSpans(fromProtobuf)).toHaveLength(2);
  });

  it('keeps resource, scopes and ids as the SDK recorded them', () => {
    const [resourceSpans] = fromProtobuf.resourceSpans;
    expect(resourceSpans!.resource.attributes['service.name']).toBe('codec-test');
    expect(resourceSpans!.scopeSpans.map((s) => [s.scope.name, s.scope.version]).sort()).toEqual([
      ['agent-lib', '1.2.3'],
      ['llm-lib', ''],
    ]);
    for (const sdkSpan of spans) {
      const decoded = allSpans(fromProtobuf).find((s) => s.spanId === sdkSpan.spanContext().spanId)!;
      expect(decoded.traceId).toBe(sdkSpan.spanContext().traceId);
      expect(decoded.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(decoded.parentSpanId).toBe(sdkSpan.parentSpanContext?.spanId ?? '');
      expect(decoded.startTimeUnixNano).toBe(hrTimeToNanos(sdkSpan.startTime));
      expect(decoded.endTimeUnixNano).toBe(hrTimeToNanos(sdkSpan.endTime));
      expect(decoded.flags & 0xff).toBe(sdkSpan.spanContext().traceFlags);
    }
  });

  it('maps every attribute value type exactly', () => {
    const llm = allSpans(fromProtobuf).find((s) => s.name === 'chat gpt-4o')!;
    expect(llm.kind).toBe(3);
    expect(llm.attributes).toEqual({
      'gen_ai.system': 'openai',
      'gen_ai.prompt': 'What is the weather in Paris? ☀️ — réponse en français',
      'llm.is_streaming': false,
      // The SDK sends integral JS numbers as intValue.
      'gen_ai.usage.input_tokens': 1234n,
      'big.int': 1152921504606846976n,
      'negative.int': -42n,
      'gen_ai.request.temperature': 0.25,
      'string.array': ['stop', 'length'],
      'number.array': [1n, 2.5, -3n],
      'bool.array': [true, false],
      'empty.string': '',
    });
  });

  it('keeps events, links and status', () => {
    const llm = allSpans(fromProtobuf).find((s) => s.name === 'chat gpt-4o')!;
    const root = allSpans(fromProtobuf).find((s) => s.name === 'invoke_agent weather')!;
    expect(llm.events.map((e) => [e.name, e.attributes])).toEqual([
      ['gen_ai.content.completion', { 'gen_ai.completion': 'Sunny, 21°C', index: 0n }],
      ['no-attributes', {}],
    ]);
    expect(llm.events[0]!.timeUnixNano).toBeGreaterThanOrEqual(llm.startTimeUnixNano);
    expect(llm.links).toHaveLength(1);
    expect(llm.links[0]).toMatchObject({ traceId: root.traceId, spanId: root.spanId, attributes: { 'link.reason': 'follows' } });
    expect(llm.status).toEqual({ code: 2, message: 'rate limited' });
    expect(root.status).toEqual({ code: 1, message: '' });
    expect(root.kind).toBe(2);
    expect(root.parentSpanId).toBe('');
  });
});
