// GET /metrics on a real server after real exports: the OpenTelemetry JS exporters over
// gRPC, HTTP/protobuf and HTTP/JSON, the SDK's logs exporter, SDK metrics serialized by
// otlp-transformer, a malformed body and a partly invalid one. The scrape is read as a
// Prometheus server reads it, and every counter must have moved by exactly what was sent.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk, recordSpans, type ExporterKind } from '../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { has, parsePrometheusText, sumOf, type Sample } from './prometheus-text.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/operations/trace-one-invalid-span.json');

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${server.apiUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

/** The writer thread reports a batch right after acknowledging its exports: wait for it. */
async function scrapeUntil(ready: (samples: Sample[]) => boolean): Promise<Sample[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const samples = await scrape();
    if (ready(samples) || Date.now() > deadline) return samples;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function exportTraces(kind: ExporterKind, count: number): Promise<void> {
  const spans = await recordSpans((tracer) => {
    for (let i = 0; i < count; i++) tracer.startSpan(`${kind} span ${i}`).end();
  });
  const exporter = createExporter(kind, server);
  await exportOk(exporter, spans);
  await exporter.shutdown();
}

async function exportLogs(count: number): Promise<void> {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'operations-test' }), processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  for (let i = 0; i < count; i++) provider.getLogger('operations-test').emit({ body: `log ${i}` });
  const records: ReadableLogRecord[] = memory.getFinishedLogRecords();
  const exporter = new OTLPLogExporter({ url: `${server.otlpHttpUrl}/v1/logs` });
  const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(records, resolve));
  expect(result.code).toBe(0);
  await exporter.shutdown();
  await provider.shutdown();
}

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** A counter with two attribute sets (two points) and a histogram with one (one point). */
async function exportThreeMetricPoints(): Promise<void> {
  const reader = new ManualReader();
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'operations-test' }), readers: [reader] });
  const meter = provider.getMeter('operations-test');
  const requests = meter.createCounter('gen_ai.client.requests');
  requests.add(1, { 'gen_ai.request.model': 'a' });
  requests.add(2, { 'gen_ai.request.model': 'b' });
  meter.createHistogram('gen_ai.client.operation.duration', { unit: 's' }).record(0.5, { 'gen_ai.request.model': 'a' });
  const { resourceMetrics } = await reader.collect();
  const body = ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!;
  const response = await fetch(`${server.otlpHttpUrl}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
  expect(response.status).toBe(200);
  await provider.shutdown();
}

it('exposes the accepted counters at 0 before any traffic (so rate() and alerts have a series)', async () => {
  const samples = await scrape();
  for (const transport of ['grpc', 'http/protobuf', 'http/json']) {
    const series = samples.find((s) => s.name === 'tracelite_receiver_accepted_spans_total' && s.labels.transport === transport);
    expect(series).toMatchObject({ labels: { receiver: 'otlp' }, value: 0 });
  }
});

describe('GET /metrics after real exports', () => {
  let samples: Sample[];

  beforeAll(async () => {
    await exportTraces('grpc', 3);
    await exportTraces('http-protobuf', 2);
    await exportTraces('http-json', 4);
    await exportLogs(2);
    await exportThreeMetricPoints();
    // Not protobuf at all: refused whole, before any span could be counted.
    const malformed = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]) });
    expect(malformed.status).toBe(400);
    // One valid span, one with the all-zero span id: partial success.
    const partial = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(JSON.parse(fs.readFileSync(FIXTURE, 'utf8')).body) });
    expect(partial.status).toBe(200);
    expect(await partial.json()).toMatchObject({ partialSuccess: { rejectedSpans: '1' } }); // int64: a string in OTLP/JSON
    // 10 spans + 2 log records + 3 metric points committed.
    samples = await scrapeUntil((s) => sumOf(s, 'tracelite_write_batch_size_sum') >= 15);
  });

  it('counts accepted spans, log records and metric points per transport, as sent', () => {
    const accepted = (name: string, transport: string) => sumOf(samples, name, { receiver: 'otlp', transport });
    expect(accepted('tracelite_receiver_accepted_spans_total', 'grpc')).toBe(3);
    expect(accepted('tracelite_receiver_accepted_spans_total', 'http/protobuf')).toBe(2);
    expect(accepted('tracelite_receiver_accepted_spans_total', 'http/json')).toBe(4 + 1);
    expect(accepted('tracelite_receiver_accepted_log_records_total', 'http/json')).toBe(2);
    expect(accepted('tracelite_receiver_accepted_metric_points_total', 'http/protobuf')).toBe(3);
    expect(sumOf(samples, 'tracelite_receiver_accepted_spans_total')).toBe(10);
  });

  it('counts refusals by transport and reason: the invalid span, and the malformed request', () => {
    expect(sumOf(samples, 'tracelite_receiver_refused_spans_total', { transport: 'http/json', reason: 'invalid' })).toBe(1);
    expect(sumOf(samples, 'tracelite_receiver_refused_spans_total')).toBe(1);
    expect(sumOf(samples, 'tracelite_receiver_refused_requests_total', { transport: 'http/protobuf', signal: 'traces', reason: 'invalid' })).toBe(1);
    expect(sumOf(samples, 'tracelite_receiver_refused_requests_total')).toBe(1);
    expect(sumOf(samples, 'tracelite_receiver_refused_log_records_total') + sumOf(samples, 'tracelite_receiver_refused_metric_points_total')).toBe(0);
  });

  it('has write batch and commit latency histograms holding every committed row', () => {
    expect(sumOf(samples, 'tracelite_write_batch_size_sum')).toBe(15);
    const batches = sumOf(samples, 'tracelite_write_batch_size_count');
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(7); // one export per transaction at most, here
    expect(sumOf(samples, 'tracelite_write_commit_duration_seconds_count')).toBe(batches);
    expect(sumOf(samples, 'tracelite_write_commit_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sumOf(samples, 'tracelite_write_batch_size_bucket', { le: '+Inf' })).toBe(batches);
  });

  it('reads the gauges at scrape time: queue, files, index lag, subscribers, faults, process', () => {
    expect(sumOf(samples, 'tracelite_write_queue_size')).toBe(0);
    expect(sumOf(samples, 'tracelite_write_queue_capacity')).toBe(server.config.storage.max_queue_spans);
    expect(sumOf(samples, 'tracelite_database_size_bytes', { file: 'main' })).toBe(fs.statSync(server.dbPath).size);
    expect(samples.some((s) => s.name === 'tracelite_database_size_bytes' && s.labels.file === 'wal')).toBe(true);
    for (const index of ['attributes', 'text']) {
      const lag = samples.find((s) => s.name === 'tracelite_search_index_lag_spans' && s.labels.index === index);
      expect(lag?.value).toBeGreaterThanOrEqual(0);
      expect(lag?.value).toBeLessThanOrEqual(10);
    }
    expect(sumOf(samples, 'tracelite_sse_subscribers')).toBe(0);
    expect(sumOf(samples, 'tracelite_write_fault')).toBe(0);
    expect(samples.filter((s) => s.name === 'tracelite_write_fault').map((s) => s.labels.kind)).toContain('disk_full');
    expect(has(samples, 'tracelite_write_fault_episodes_total')).toBe(true);
    expect(sumOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(has(samples, 'nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('is open without credentials when auth is off, and listed in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.apiUrl}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/metrics', '/api/v1/health', '/api/v1/health/live', '/api/v1/health/ready']));
  });
});

describe('input limits', () => {
  it('counts a value cut at limits.max_attribute_value_bytes and the bytes cut away', async () => {
    const limit = server.config.limits.max_attribute_value_bytes;
    const before = await scrape();
    const span = recordSpans((tracer) => tracer.startSpan('huge attribute', { attributes: { 'input.value': 'x'.repeat(limit + 5000) } }).end());
    const exporter = createExporter('http-json', server);
    await exportOk(exporter, await span);
    await exporter.shutdown();
    const after = await scrape();
    const moved = (name: string, labels?: Record<string, string>) => sumOf(after, name, labels) - sumOf(before, name, labels);
    expect(moved('tracelite_input_truncated_total', { what: 'value' })).toBe(1);
    // The cut keeps whole characters and adds its marker; at least the 5000 extra bytes went.
    expect(moved('tracelite_input_truncated_bytes_total')).toBeGreaterThanOrEqual(5000);
    expect(has(after, 'tracelite_http_body_bytes_in_flight')).toBe(true);
  });
});
