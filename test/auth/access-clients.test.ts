// Auth on, with real clients: the OpenTelemetry gRPC and HTTP exporters sending a key
// (authorization or x-api-key; missing or revoked: UNAUTHENTICATED / 401, which exporters do
// not retry), and the official Langfuse client with a valid and an invalid key pair.
import Database from 'better-sqlite3';
import { ExportResultCode } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject } from '../../src/store/read/auth-keys.js';
import { createExporter, exportSpans, recordSpans } from '../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { createClient } from '../api/langfuse/langfuse-server.js';
import { LangfuseClient } from '@langfuse/client';

let server: TestServer;
let key: { publicKey: string; secretKey: string };

beforeAll(async () => {
  server = await startTestServer({ config: { auth: { mode: 'keys', key_cache_seconds: 0 } } });
  const db = new Database(server.dbPath);
  db.pragma('busy_timeout = 5000');
  createProject(db, 'gamma');
  key = createApiKey(db, { projectId: 'gamma', role: 'developer' });
  db.close();
});
afterAll(async () => {
  await server?.stop();
});

const spans = () => recordSpans((tracer) => tracer.startSpan('authed').end());

describe('OTLP exporters with keys', () => {
  it('gRPC: authorization or x-api-key metadata decides the project; none is UNAUTHENTICATED', async () => {
    const ok = await exportSpans(createExporter('grpc', server, { headers: { authorization: `Bearer ${key.secretKey}` } }), await spans());
    expect(ok.code).toBe(ExportResultCode.SUCCESS);
    const viaApiKey = await exportSpans(createExporter('grpc', server, { headers: { 'x-api-key': key.secretKey } }), await spans());
    expect(viaApiKey.code).toBe(ExportResultCode.SUCCESS);
    const refused = await exportSpans(createExporter('grpc', server), await spans());
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect((refused.error as { code?: number }).code).toBe(16);
    const list = await fetch(`${server.apiUrl}/api/v1/project/gamma/otel/spans?limit=10`, { headers: { authorization: `Bearer ${key.secretKey}` } });
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(2);
  });

  it('HTTP/protobuf: a Basic key pair is accepted, a wrong one is a 401', async () => {
    const basic = 'Basic ' + Buffer.from(`${key.publicKey}:${key.secretKey}`).toString('base64');
    expect((await exportSpans(createExporter('http-protobuf', server, { headers: { authorization: basic } }), await spans())).code).toBe(ExportResultCode.SUCCESS);
    const wrong = 'Basic ' + Buffer.from(`${key.publicKey}:sk-tl-nope`).toString('base64');
    const refused = await exportSpans(createExporter('http-protobuf', server, { headers: { authorization: wrong } }), await spans());
    expect(refused.code).toBe(ExportResultCode.FAILED);
  });
});

describe('the official Langfuse client', () => {
  it('reads with a valid key pair and is refused with an invalid one', async () => {
    const client = new LangfuseClient({ publicKey: key.publicKey, secretKey: key.secretKey, baseUrl: server.apiUrl });
    const traces = await client.api.trace.list();
    expect(traces.data.length).toBeGreaterThan(0);
    await expect(createClient(server).api.trace.list()).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('revoked keys and OTLP rate limits', () => {
  it('refuses an export with a revoked key (gRPC UNAUTHENTICATED, HTTP 401)', async () => {
    const db = new Database(server.dbPath);
    db.pragma('busy_timeout = 5000');
    const revoked = createApiKey(db, { projectId: 'gamma', role: 'developer' });
    const { revokeApiKey } = await import('../../src/store/read/auth-keys.js');
    revokeApiKey(db, revoked.publicKey);
    db.close();
    const grpc = await exportSpans(createExporter('grpc', server, { headers: { authorization: `Bearer ${revoked.secretKey}` } }), await spans());
    expect((grpc.error as { code?: number }).code).toBe(16);
    const http = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${revoked.secretKey}` }, body: '{"resourceSpans":[]}' });
    expect(http.status).toBe(401);
  });
});
