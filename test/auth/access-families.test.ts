// Auth on (auth.mode keys) across every API family and the OTLP receivers: credentials
// required (401 in each family's own shape), a key's project is the only one it reaches (404
// for another's, whatever the path, header or filter says), roles enforced, rate-limit headers
// on every authenticated response, 429 past the limit, revoked keys refused.
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject, revokeApiKey } from '../../src/store/read/auth-keys.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
const keys: Record<string, { basic: string; secret: string; publicKey: string }> = {};
const JWT_SECRET = 'test-secret-of-at-least-32-characters!!';

const span = (traceId: string, name: string) => ({
  resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: [{
    traceId, spanId: traceId.slice(0, 16), name, kind: 1, startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    endTimeUnixNano: String(BigInt(Date.now() + 5) * 1_000_000n),
    attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }, { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      { key: 'gen_ai.input.messages', value: { stringValue: JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `secret text of ${name}` }] }]) } }],
  }] }] }],
});

beforeAll(async () => {
  server = await startTestServer({ config: { auth: { mode: 'keys', key_cache_seconds: 0, jwt: { secret: JWT_SECRET }, rate_limits: { admin: 100000, developer: 10000, viewer: 1000, billing: 5 } } } });
  const db = new Database(server.dbPath);
  db.pragma('busy_timeout = 5000');
  createProject(db, 'alpha');
  createProject(db, 'beta');
  for (const [name, project, role] of [['alpha', 'alpha', 'developer'], ['beta', 'beta', 'developer'], ['viewer', 'alpha', 'viewer'], ['billing', 'alpha', 'billing'], ['revoked', 'alpha', 'developer']] as const) {
    const key = createApiKey(db, { projectId: project, role, owner: `user-${name}` });
    keys[name] = { basic: 'Basic ' + Buffer.from(`${key.publicKey}:${key.secretKey}`).toString('base64'), secret: key.secretKey, publicKey: key.publicKey };
  }
  db.close();
  for (const [key, traceId] of [['alpha', 'a'.repeat(32)], ['beta', 'b'.repeat(32)]] as const) {
    const response = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: keys[key]!.basic }, body: JSON.stringify(span(traceId, key)) });
    expect(response.status).toBe(200);
  }
});
afterAll(async () => {
  await server?.stop();
});

async function call(path: string, auth?: string, init: RequestInit = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}), ...(init.headers as Record<string, string> | undefined) };
  const response = await fetch(server.apiUrl + path, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

describe('credentials', () => {
  it('answers 401 without them, in each family’s own error shape', async () => {
    expect(await call('/api/v1/project/alpha/otel/traces')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await call('/api/public/traces')).toMatchObject({ status: 401, body: { error: 'UnauthorizedError' } });
    expect(await call('/api/v1/traces')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(await call('/api/v1/observability/traces')).toMatchObject({ status: 401, body: { detail: expect.any(String) } });
    const otlp = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(span('c'.repeat(32), 'anon')) });
    expect(otlp.status).toBe(401);
    expect((await call('/health')).status).toBe(200);
    expect((await call('/api/public/health')).status).toBe(200);
  });

  it('takes Basic pk:sk, Bearer sk-… and a JWT; refuses a revoked key', async () => {
    expect((await call('/api/v1/project/alpha/otel/traces', keys.alpha!.basic)).status).toBe(200);
    expect((await call('/api/v1/project/alpha/otel/traces', `Bearer ${keys.alpha!.secret}`)).status).toBe(200);
    const jwt = await new SignJWT({ role: 'viewer', projects: ['beta'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));
    expect((await call('/api/v1/project/beta/otel/traces', `Bearer ${jwt}`)).status).toBe(200);
    expect((await call('/api/v1/project/alpha/otel/traces', `Bearer ${jwt}`)).status).toBe(404);
    expect((await call('/api/v1/project/alpha/otel/traces', keys.revoked!.basic)).status).toBe(200);
    const db = new Database(server.dbPath);
    revokeApiKey(db, keys.revoked!.publicKey);
    db.close();
    expect((await call('/api/v1/project/alpha/otel/traces', keys.revoked!.basic)).status).toBe(401);
    expect((await call('/api/v1/project/alpha/otel/traces', 'Basic ' + Buffer.from(`${keys.alpha!.publicKey}:sk-wrong`).toString('base64'))).status).toBe(401);
  });
});

describe('project isolation', () => {
  it('lists only the projects the caller may open (GET /api/v1/projects)', async () => {
    expect(await call('/api/v1/projects')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    const ids = async (auth: string) => ((await call('/api/v1/projects', auth)).body.data as { id: string }[]).map((p) => p.id);
    expect(await ids(keys.alpha!.basic)).toEqual(['alpha']);
    expect(await ids(keys.beta!.basic)).toEqual(['beta']);
    const jwt = await new SignJWT({ role: 'viewer', projects: ['beta'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));
    expect((await call('/api/v1/projects', `Bearer ${jwt}`)).body.data).toEqual([{ id: 'beta', trace_count: 1, created_at: expect.any(String) }]);
    const admin = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('root').setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));
    expect(await ids(`Bearer ${admin}`)).toEqual(expect.arrayContaining(['default', 'alpha', 'beta']));
  });

  it('a key reaches its own project only, through every family', async () => {
    const a = keys.alpha!.basic;
    expect((await call(`/api/v1/project/beta/otel/traces/${'b'.repeat(32)}`, a)).status).toBe(404);
    expect((await call('/api/v1/project/beta/otel/traces', a)).status).toBe(404);
    const own = await call('/api/v1/project/alpha/otel/traces', a);
    expect(own.body.data.map((t: { trace_id: string }) => t.trace_id)).toEqual(['a'.repeat(32)]);
    expect((await call('/api/public/traces', a, { headers: { 'x-project-id': 'beta' } })).status).toBe(404);
    expect((await call(`/api/public/traces/${'b'.repeat(32)}`, a)).status).toBe(404);
    const analytics = await call('/api/v1/traces', a);
    expect(analytics.body.data.map((r: { trace_id: string }) => r.trace_id)).toEqual(['a'.repeat(32)]);
    expect((await call('/api/v1/traces?project_id=beta', a)).status).toBe(404);
    expect((await call(`/api/v1/traces/${'b'.repeat(32)}`, a)).status).toBe(404);
    expect((await call('/api/v1/observability/traces', a, { headers: { 'x-project-id': 'beta' } })).status).toBe(404);
  });

  it('an OTLP export goes to the key’s project; a path or header naming another is a 404', async () => {
    const post = (url: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: keys.alpha!.basic, ...headers }, body: JSON.stringify(span('d'.repeat(32), 'x')) });
    expect((await post(`${server.apiUrl}/otel/beta/v1/traces`, {})).status).toBe(404);
    expect((await post(`${server.otlpHttpUrl}/v1/traces`, { 'x-project-id': 'beta' })).status).toBe(404);
    expect((await post(`${server.apiUrl}/otel/alpha/v1/traces`, {})).status).toBe(200);
    expect((await call(`/api/v1/project/beta/otel/traces/${'d'.repeat(32)}`, keys.beta!.basic)).status).toBe(404);
  });
});

describe('roles and rate limits', () => {
  it('a viewer reads but does not write; billing reads usage without content', async () => {
    expect((await call('/api/v1/project/alpha/otel/traces', keys.viewer!.basic)).status).toBe(200);
    const write = await call('/api/public/ingestion', keys.viewer!.basic, { method: 'POST', body: JSON.stringify({ batch: [] }) });
    expect(write).toMatchObject({ status: 403, body: { error: 'ForbiddenError' } });
    expect((await call('/api/v1/project/alpha/otel/traces', keys.billing!.basic)).status).toBe(403);
    const usage = await call('/api/v1/traces', keys.billing!.basic);
    expect(usage.status).toBe(200);
    expect(usage.body.data[0]).toMatchObject({ total_tokens: null, model: 'gpt-4o' });
    expect(usage.body.data[0]).not.toHaveProperty('input_text');
    expect(usage.body.data[0]).not.toHaveProperty('attributes');
    const probe = await call('/api/v1/traces/search', keys.billing!.basic, { method: 'POST', body: JSON.stringify({ filter: { field: 'input_text', operator: 'search', value: 'secret' } }) });
    expect(probe).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('puts X-RateLimit-* on authenticated responses and answers 429 with Retry-After past the limit', async () => {
    const first = await call('/api/v1/traces', keys.developer?.basic ?? keys.alpha!.basic);
    expect(first.headers.get('x-ratelimit-limit')).toBe('10000');
    expect(Number(first.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    let last = first;
    for (let i = 0; i < 8 && last.status !== 429; i++) last = await call('/api/v1/traces', keys.billing!.basic);
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});
