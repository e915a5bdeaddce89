// GET /health of the analytics API: a real temp SQLite store and a real redis-server, each
// taken down in turn; the body is the spec's HealthResponse plus `cache`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerAnalyticsHealthRoute } from '../../../src/api/analytics/health-route.js';
import { createQueryCache, type QueryCache } from '../../../src/api/analytics/query-cache.js';
import type { ApiDeps } from '../../../src/api/deps.js';
import { configSchema } from '../../../src/config/schema.js';
import { silentLogger } from '../../../src/logger.js';
import { openDatabase, openReadOnly } from '../../../src/store/schema/open-db.js';
import { startRedisServer, type TestRedisServer } from '../../helpers/redis-server.js';

let dir: string;
let writeDb: Database.Database;
let redis: TestRedisServer;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-health-'));
  writeDb = openDatabase(path.join(dir, 'tracelite.db'));
  redis = await startRedisServer();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  writeDb?.close();
  await redis?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface HealthApp {
  app: OpenAPIHono;
  readDb: Database.Database;
  cache: QueryCache;
}

function createHealthApp(redisUrl: string | null = null): HealthApp {
  const config = configSchema.parse({ storage: { path: path.join(dir, 'tracelite.db') }, cache: { redis: { url: redisUrl } } });
  const readDb = openReadOnly(config.storage.path);
  const cache = createQueryCache({ config, log: silentLogger });
  cleanups.push(() => readDb.open && readDb.close(), () => cache.close());
  // The route reads only the store connection and the logger; no writer or live hub is needed.
  const deps = { readDb, config, log: silentLogger } as Pick<ApiDeps, 'readDb' | 'config' | 'log'> as ApiDeps;
  const app = new OpenAPIHono();
  registerAnalyticsHealthRoute(app, deps, cache);
  return { app, readDb, cache };
}

async function getHealth(app: OpenAPIHono) {
  const response = await app.request('/health');
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as Record<string, unknown> };
}

async function waitForStatus(app: OpenAPIHono, status: number, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await getHealth(app);
    if (health.status === status || Date.now() > deadline) return health;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('GET /health', () => {
  it('is 200 healthy with the memory cache, uncacheable, in the spec shape', async () => {
    const { app } = createHealthApp();
    const before = Date.now();
    const health = await getHealth(app);
    expect(health.status).toBe(200);
    expect(health.cacheControl).toBe('no-store');
    expect(health.body).toEqual({ status: 'healthy', database: 'healthy', redis: 'healthy', cache: 'memory', timestamp: expect.any(String) });
    const timestamp = health.body.timestamp as string;
    expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(timestamp)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('is healthy with cache "redis" when a live redis-server is configured', async () => {
    const { app } = createHealthApp(redis.url);
    const health = await waitForStatus(app, 200);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'healthy', database: 'healthy', redis: 'healthy', cache: 'redis' });
  });

  it('is 503 degraded with redis "unhealthy" while redis is down, and recovers when it is back', async () => {
    const { app } = createHealthApp(redis.url);
    expect((await waitForStatus(app, 200)).status).toBe(200);
    await redis.kill();
    try {
      const started = performance.now();
      const health = await getHealth(app);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(health.status).toBe(503);
      expect(health.cacheControl).toBe('no-store');
      expect(health.body).toMatchObject({ status: 'degraded', database: 'healthy', redis: 'unhealthy', cache: 'redis' });
    } finally {
      await redis.restart();
    }
    expect((await waitForStatus(app, 200)).body).toMatchObject({ status: 'healthy', redis: 'healthy' });
  });

  it('is 503 with database "unhealthy" when the store cannot be read', async () => {
    const { app, readDb } = createHealthApp();
    readDb.close();
    const health = await getHealth(app);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', database: 'unhealthy', redis: 'healthy', cache: 'memory' });
  });

  it('is in the OpenAPI document as healthCheck, tagged Health, without auth', () => {
    const { app } = createHealthApp();
    const document = app.getOpenAPIDocument({ openapi: '3.0.3', info: { title: 'test', version: '0' } });
    const operation = document.paths?.['/health']?.get;
    expect(operation).toMatchObject({ operationId: 'healthCheck', tags: ['Health'] });
    expect(operation?.security).toBeUndefined();
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['200', '503']);
    const schema = document.components?.schemas?.HealthResponse as { required?: string[] };
    expect(schema.required?.sort()).toEqual(['cache', 'database', 'redis', 'status', 'timestamp']);
  });
});
