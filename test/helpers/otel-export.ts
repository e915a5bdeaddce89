// Real OpenTelemetry JS exporters as test clients: record spans with the SDK's tracer,
// then export them over gRPC, HTTP/protobuf or HTTP/JSON exactly as an app would.
import { Metadata } from '@grpc/grpc-js';
import type { Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';

export type ExporterKind = 'grpc' | 'http-protobuf' | 'http-json';

export interface ExporterTarget {
  otlpHttpUrl: string;
  grpcAddress: string;
}

/** Runs `record` against a real SDK tracer and returns the finished spans. */
export async function recordSpans(record: (tracer: Tracer) => void | Promise<void>, resource: Record<string, string> = { 'service.name': 'tracelite-test' }): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [new SimpleSpanProcessor(memory)] });
  await record(provider.getTracer('tracelite-test', '1.0.0'));
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

export function createExporter(kind: ExporterKind, target: ExporterTarget, options: { gzip?: boolean; projectId?: string; path?: string; headers?: Record<string, string> } = {}): SpanExporter {
  const compression = options.gzip ? ('gzip' as never) : ('none' as never);
  const extra = { ...(options.projectId ? { 'x-project-id': options.projectId } : {}), ...options.headers };
  const headers = Object.keys(extra).length > 0 ? extra : undefined;
  const url = `${target.otlpHttpUrl}${options.path ?? '/v1/traces'}`;
  if (kind === 'grpc') {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
    return new GrpcExporter({ url: `http://${target.grpcAddress}`, compression, metadata });
  }
  if (kind === 'http-protobuf') return new ProtoExporter({ url, compression, headers });
  return new JsonExporter({ url, compression, headers });
}

export function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

export async function exportOk(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  const result = await exportSpans(exporter, spans);
  if (result.code !== ExportResultCode.SUCCESS) throw result.error ?? new Error('export failed');
}
