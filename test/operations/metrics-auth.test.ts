// With auth on: /metrics needs an admin's credentials (401 without, 403 for a developer), and
// unauthorized exports — real OTel exporters with no key or a wrong one — are counted as
// refused and logged once per episode, not once per request, each log entry one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ExportResultCode } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { mergeConfig } from '../../src/config/merge-config.js';
import { createLogger } from '../../src/logger.js';
import { startTracelite, type RunningTracelite } from '../../src/main.js';
import { createApiKey, createProject } from '../../src/store/read/auth-keys.js';
import { createExporter, exportOk, exportSpans, recordSpans } from '../helpers/otel-export.js';
import { parsePrometheusText, sumOf } from './prometheus-text.js';

let running: RunningTracelite;
let dir: string;
const logLines: string[] = [];
const auth: Record<'admin' | 'developer', string> = { admin: '', developer: '' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-ops-auth-'));
  const dbPath = path.join(dir, 'tracelite.db');
  const config = configSchema.parse(mergeConfig({
    receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:0' }, http: { endpoint: '127.0.0.1:0' } } } },
    api: { endpoint: '127.0.0.1:0' },
    storage: { path: dbPath },
  }, { auth: { mode: 'keys', key_cache_seconds: 0 } }));
  running = await startTracelite(config, createLogger('info', (line) => logLines.push(line)));
  const db = new Database(dbPath);
  db.pragma('busy_timeout = 5000');
  createProject(db, 'ops');
  for (const role of ['admin', 'developer'] as const) {
    const key = createApiKey(db, { projectId: 'ops', role });
    auth[role] = 'Basic ' + Buffer.from(`${key.publicKey}:${key.secretKey}`).toString('base64');
  }
  db.close();
});
afterAll(async () => {
  await running?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const target = () => ({ otlpHttpUrl: `http://${running.endpoints.http}`, grpcAddress: running.endpoints.grpc! });
const scrape = (authorization?: string) => fetch(`http://${running.endpoints.api}/metrics`, { headers: authorization ? { authorization } : {} });

describe('/metrics with auth on', () => {
  it('refuses a scrape without credentials (401) and a non-admin key (403)', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(auth.developer)).status).toBe(403);
    expect((await scrape('Bearer sk-not-a-key')).status).toBe(401);
  });

  it('counts unauthorized exports per transport, logs them once per episode, and serves an admin', async () => {
    const spans = await recordSpans((tracer) => tracer.startSpan('refused').end());
    const logsBefore = logLines.length;
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${target().otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
      expect(response.status).toBe(401);
    }
    const grpc = createExporter('grpc', target(), { headers: { authorization: 'Bearer sk-wrong' } });
    const refused = await exportSpans(grpc, spans);
    expect(refused.code).toBe(ExportResultCode.FAILED);
    await grpc.shutdown();
    const allowed = createExporter('http-protobuf', target(), { headers: { authorization: auth.developer } });
    await exportOk(allowed, spans);
    await allowed.shutdown();

    const response = await scrape(auth.admin);
    expect(response.status).toBe(200);
    const samples = parsePrometheusText(await response.text());
    expect(sumOf(samples, 'tracelite_receiver_refused_requests_total', { transport: 'http/json', signal: 'traces', reason: 'unauthorized' })).toBe(4);
    expect(sumOf(samples, 'tracelite_receiver_refused_requests_total', { transport: 'grpc', reason: 'unauthorized' })).toBe(1);
    // Refused before decoding: no span was counted as refused, and none as accepted.
    expect(sumOf(samples, 'tracelite_receiver_refused_spans_total')).toBe(0);
    expect(sumOf(samples, 'tracelite_receiver_accepted_spans_total', { transport: 'http/protobuf' })).toBe(1);

    const entries = logLines.slice(logsBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusals = entries.filter((entry) => entry.msg === 'OTLP exports refused');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ level: 'warn', reason: 'unauthorized', transport: 'http/json' });
    expect(JSON.stringify(entries)).not.toContain(auth.developer.slice(6));
  });

  it('keeps every log entry on one line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain('\n');
      expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  it('keeps health open without credentials', async () => {
    for (const route of ['/api/v1/health', '/api/v1/health/live', '/api/v1/health/ready']) {
      expect((await fetch(`http://${running.endpoints.api}${route}`)).status).toBe(200);
    }
  });
});
