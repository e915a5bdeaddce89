// A write fault as health and /metrics report it, made for real: the database's directory is
// deleted while the server runs (the fault tests cover the refusals themselves; this one
// checks what an operator's probes and dashboards see): /api/v1/health degraded with the
// reason, /ready 503, /live 200; the fault gauge, its kind's error counter, and the refused
// spans counted under `write_fault`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { parsePrometheusText, sumOf } from './prometheus-text.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const post = (spans: number) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: buildJsonTraceRequest(spans).body });
const getJson = async (route: string) => {
  const response = await fetch(`${server.apiUrl}${route}`);
  return { status: response.status, body: (await response.json()) as { status: string; reasons: { component: string; message: string }[] } };
};

describe('a database directory deleted while serving', () => {
  beforeAll(async () => {
    expect((await post(2)).status).toBe(200);
    expect((await getJson('/api/v1/health/ready')).status).toBe(200);
    fs.rmSync(path.dirname(server.dbPath), { recursive: true });
    expect((await post(5)).status).toBe(503);
    expect((await post(3)).status).toBe(503);
  });

  it('makes health degraded with the reason, readiness fail, liveness hold', async () => {
    const health = await getJson('/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.reasons).toEqual([expect.objectContaining({ component: 'writes', message: expect.stringMatching(/^missing_directory since .*vanished.*\(2 exports refused/) })]);
    const ready = await getJson('/api/v1/health/ready');
    expect(ready).toMatchObject({ status: 503, body: { status: 'unavailable', reasons: [{ component: 'writes' }] } });
    expect((await getJson('/api/v1/health/live')).status).toBe(200);
  });

  it('shows the fault and what it refused in /metrics', async () => {
    const samples = parsePrometheusText(await (await fetch(`${server.apiUrl}/metrics`)).text());
    expect(sumOf(samples, 'tracelite_write_fault', { kind: 'missing_directory' })).toBe(1);
    expect(sumOf(samples, 'tracelite_write_fault')).toBe(1);
    expect(sumOf(samples, 'tracelite_write_fault_episodes_total')).toBe(1);
    expect(sumOf(samples, 'tracelite_write_errors_total', { kind: 'missing_directory' })).toBe(2);
    expect(sumOf(samples, 'tracelite_receiver_refused_spans_total', { transport: 'http/json', reason: 'write_fault' })).toBe(5 + 3);
    expect(sumOf(samples, 'tracelite_receiver_refused_requests_total', { reason: 'write_fault' })).toBe(2);
    expect(sumOf(samples, 'tracelite_receiver_accepted_spans_total')).toBe(2);
  });
});
