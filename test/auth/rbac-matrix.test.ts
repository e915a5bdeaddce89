// The role matrix (docs/auth.md, src/auth/rbac.ts), cell by cell: each role against a read, a
// write and a usage endpoint of every API family and the OTLP receiver. Allowed cells answer
// anything but 401/403 (a 404 for a missing id is still "allowed"); refused cells answer 403.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createProject, type Role } from '../../src/store/read/auth-keys.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
const auth: Partial<Record<Role, string>> = {};
const ROLES: Role[] = ['admin', 'developer', 'viewer', 'billing'];
const TRACE = 'e'.repeat(32);

beforeAll(async () => {
  server = await startTestServer({ config: { auth: { mode: 'keys' } } });
  const db = new Database(server.dbPath);
  db.pragma('busy_timeout = 5000');
  createProject(db, 'p1');
  for (const role of ROLES) {
    const key = createApiKey(db, { projectId: 'p1', role });
    auth[role] = 'Basic ' + Buffer.from(`${key.publicKey}:${key.secretKey}`).toString('base64');
  }
  db.close();
});
afterAll(async () => {
  await server?.stop();
});

type Cell = [name: string, method: string, path: string, body: unknown, allowed: Role[]];
const READERS: Role[] = ['admin', 'developer', 'viewer'];
const WRITERS: Role[] = ['admin', 'developer'];
const EVERYONE: Role[] = ROLES;
const otlpBody = { resourceSpans: [] };

const CELLS: Cell[] = [
  ['explorer: list traces', 'GET', '/api/v1/project/p1/otel/traces', undefined, READERS],
  ['explorer: delete a trace', 'DELETE', `/api/v1/project/p1/otel/traces/${TRACE}`, undefined, WRITERS],
  ['langfuse: list traces', 'GET', '/api/public/traces', undefined, READERS],
  ['langfuse: create a score', 'POST', '/api/public/scores', { traceId: TRACE, name: 'x', value: 1 }, WRITERS],
  ['langfuse: ingestion', 'POST', '/api/public/ingestion', { batch: [] }, WRITERS],
  ['analytics: list (usage)', 'GET', '/api/v1/traces', undefined, EVERYONE],
  ['analytics: search (usage)', 'POST', '/api/v1/traces/search', { limit: 5 }, EVERYONE],
  ['analytics: one trace (read)', 'GET', `/api/v1/traces/${TRACE}`, undefined, READERS],
  ['facade: list traces', 'GET', '/api/v1/observability/traces', undefined, READERS],
  ['facade: create a trace', 'POST', '/api/v1/observability/traces', { name: 'x' }, WRITERS],
  ['facade: flush', 'POST', '/api/v1/observability/flush', {}, WRITERS],
  ['otlp: export over the API port', 'POST', '/otel/p1/v1/traces', otlpBody, WRITERS],
];

describe('role matrix', () => {
  for (const [name, method, path, body, allowed] of CELLS) {
    for (const role of ROLES) {
      it(`${role} × ${name}: ${allowed.includes(role) ? 'allowed' : 'refused'}`, async () => {
        const response = await fetch(server.apiUrl + path, {
          method, headers: { authorization: auth[role]!, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (allowed.includes(role)) expect([401, 403]).not.toContain(response.status);
        else expect(response.status).toBe(403);
      });
    }
  }
});
