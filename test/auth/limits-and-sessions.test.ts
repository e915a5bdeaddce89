// Auth on, with a small developer rate limit: OTLP exports past it get the OTLP retryable
// answers (HTTP 429 + Retry-After; gRPC RESOURCE_EXHAUSTED with RetryInfo), and the facade's
// sessions: a non-admin sees only sessions whose user is its key's owner.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject } from '../../src/store/read/auth-keys.js';
import { createExporter, exportSpans, recordSpans } from '../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let limited: string;
let alice: string;
let admin: string;

beforeAll(async () => {
  server = await startTestServer({ config: { auth: { mode: 'keys', rate_limits: { admin: 100000, developer: 3, viewer: 1000, billing: 1000 } } } });
  const db = new Database(server.dbPath);
  db.pragma('busy_timeout = 5000');
  createProject(db, 'default');
  limited = createApiKey(db, { projectId: 'default', role: 'developer' }).secretKey;
  alice = createApiKey(db, { projectId: 'default', role: 'viewer', owner: 'alice' }).secretKey;
  admin = createApiKey(db, { projectId: 'default', role: 'admin' }).secretKey;
  db.close();
});
afterAll(async () => {
  await server?.stop();
});

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}`, 'content-type': 'application/json' });

describe('OTLP over its rate limit', () => {
  it('answers HTTP 429 with Retry-After, then gRPC RESOURCE_EXHAUSTED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: bearer(limited), body: '{"resourceSpans":[]}' });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const spans = await recordSpans((tracer) => tracer.startSpan('x').end());
    const grpc = await exportSpans(createExporter('grpc', server, { headers: { authorization: `Bearer ${limited}` } }), spans);
    expect((grpc.error as { code?: number }).code).toBe(8);
  });
});

describe('facade sessions for a non-admin', () => {
  it('lists only the caller’s own sessions; another user’s is a 404 (admins see all)', async () => {
    for (const [user, session] of [['alice', 's-alice'], ['bob', 's-bob']]) {
      const response = await fetch(`${server.apiUrl}/api/v1/observability/traces`, { method: 'POST', headers: bearer(admin), body: JSON.stringify({ name: 't', user_id: user, session_id: session }) });
      expect(response.status).toBe(202);
    }
    const own = await fetch(`${server.apiUrl}/api/v1/observability/sessions`, { headers: bearer(alice) });
    expect(((await own.json()) as { sessions: { session_id: string }[] }).sessions.map((s) => s.session_id)).toEqual(['s-alice']);
    expect((await fetch(`${server.apiUrl}/api/v1/observability/sessions/s-bob`, { headers: bearer(alice) })).status).toBe(404);
    const all = await fetch(`${server.apiUrl}/api/v1/observability/sessions`, { headers: bearer(admin) });
    expect(((await all.json()) as { sessions: unknown[] }).sessions).toHaveLength(2);
  });
});
