// The health routes on real servers: ok when all is well; degraded (200, with the reason)
// when the analytics cache's Redis does not answer — a Redis URL on a port nothing listens
// on; not ready (503) while the database file is at another schema version than this build
// (set by a second connection, as a newer tracelite migrating the file would leave it).
// Write faults (a full disk) are made for real in the write-fault tests, not here.
import net from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/schema/migrations.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

async function getJson(server: TestServer, route: string) {
  const response = await fetch(`${server.apiUrl}${route}`);
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as { status: string; reasons: { component: string; message: string }[] } };
}

/** A port that was free a moment ago and that nothing listens on now. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a healthy server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is ok, live and ready, and says so uncached', async () => {
    const health = await getJson(server, '/api/v1/health');
    expect(health).toMatchObject({ status: 200, cacheControl: 'no-store', body: { status: 'ok', reasons: [], schema_version: SCHEMA_VERSION } });
    expect(await getJson(server, '/api/v1/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await getJson(server, '/api/v1/health/ready')).toMatchObject({ status: 200, cacheControl: 'no-store', body: { status: 'ok', reasons: [] } });
  });

  it('is not ready while the file is at another schema version, and ready again after', async () => {
    const other = new Database(server.dbPath);
    try {
      other.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      const ready = await getJson(server, '/api/v1/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('unavailable');
      expect(ready.body.reasons).toEqual([expect.objectContaining({ component: 'schema', message: expect.stringContaining(`${SCHEMA_VERSION + 1}`) })]);
      expect(await getJson(server, '/api/v1/health')).toMatchObject({ status: 200, body: { status: 'degraded', reasons: [{ component: 'schema' }] } });
      expect((await getJson(server, '/api/v1/health/live')).status).toBe(200);
    } finally {
      other.pragma(`user_version = ${SCHEMA_VERSION}`);
      other.close();
    }
    expect((await getJson(server, '/api/v1/health/ready')).status).toBe(200);
  });
});

describe('a server whose Redis cache does not answer', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { cache: { redis: { url: `redis://127.0.0.1:${await closedPort()}` } } } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is degraded with the reason, yet ready: the cache is optional', async () => {
    const health = await getJson(server, '/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.reasons).toEqual([expect.objectContaining({ component: 'cache', message: expect.stringContaining('redis') })]);
    expect(await getJson(server, '/api/v1/health/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
