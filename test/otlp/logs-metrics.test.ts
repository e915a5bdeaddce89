// Logs and metrics through the real transports, and the API port's OTLP paths:
// log records keep their trace/span correlation and GenAI event records carry SideML
// messages; metric points of every type are stored; /otel/{project}/v1/* routes by path.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk, recordSpans } from '../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let db: Database.Database;

beforeAll(async () => {
  server = await startTestServer();
  db = new Database(server.dbPath, { readonly: true });
});
afterAll(async () => {
  db?.close();
  await server?.stop();
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

describe('logs', () => {
  it('stores log records from the real OTel log exporter with correlation, severity, body and GenAI messages', async () => {
    const exporter = new OTLPLogExporter({ url: `${server.otlpHttpUrl}/v1/logs`, headers: { 'x-project-id': 'logs' } });
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'log-test' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('opentelemetry.instrumentation.openai_v2', '2.0.0');
    const context = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
    logger.emit({ eventName: 'gen_ai.user.message', severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: { content: 'What is the capital of France?' }, attributes: { 'gen_ai.system': 'openai' }, context });
    logger.emit({ severityNumber: SeverityNumber.ERROR, body: 'plain log line', attributes: { 'http.route': '/x' } });
    await provider.forceFlush();
    await provider.shutdown();

    const rows = db.prepare("SELECT * FROM logs WHERE project_id = 'logs' ORDER BY id").all() as Record<string, any>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ trace_id: TRACE_ID, span_id: SPAN_ID, severity_number: 9, severity_text: 'INFO', event_name: 'gen_ai.user.message', scope_name: 'opentelemetry.instrumentation.openai_v2' });
    expect(JSON.parse(rows[0]!.body_json)).toEqual({ content: 'What is the capital of France?' });
    const messages = JSON.parse(rows[0]!.messages_json);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] });
    expect(rows[1]).toMatchObject({ trace_id: null, span_id: null, severity_number: 17, messages_json: null });
    expect(JSON.parse(rows[1]!.body_json)).toBe('plain log line');
  });
});

describe('metrics', () => {
  it('stores every metric type posted as OTLP/JSON', async () => {
    const body = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/otlp/metrics-all-types.json'), 'utf8');
    const r = await fetch(`${server.otlpHttpUrl}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'metrics' }, body });
    expect(r.status).toBe(200);
    const types = db.prepare("SELECT DISTINCT type FROM metric_points WHERE project_id = 'metrics' ORDER BY type").all().map((row: any) => row.type);
    expect(types).toEqual(['exponential_histogram', 'gauge', 'histogram', 'sum', 'summary']);
  });
});

describe('API-port OTLP paths', () => {
  it('routes /otel/{project_id}/v1/traces into the path project (over the real exporter)', async () => {
    const spans = await recordSpans((tracer) => tracer.startSpan('via-api-port').end());
    const exporter = createExporter('http-protobuf', { otlpHttpUrl: server.apiUrl, grpcAddress: '' }, { path: '/otel/from-path/v1/traces', projectId: 'ignored-header' });
    await exportOk(exporter, spans);
    await exporter.shutdown();
    const row = db.prepare("SELECT project_id FROM spans WHERE name = 'via-api-port'").get() as { project_id: string };
    expect(row.project_id).toBe('from-path');
  });

  it('answers a bad project id in the path with 400', async () => {
    const r = await fetch(`${server.apiUrl}/otel/bad%20id/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain('invalid project id');
  });

  it('answers a malformed Authorization on the Langfuse OTLP path with 401', async () => {
    const r = await fetch(`${server.apiUrl}/api/public/otel/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' }, body: '{}' });
    expect(r.status).toBe(401);
  });
});
