// The analytics query cache: the in-memory LRU (TTL, bounds) and the Redis backend against a
// real redis-server, including Redis killed, stuck and restarted under a running cache.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryQueryCache, createQueryCache, type QueryCache } from '../../../src/api/analytics/query-cache.js';
import { getRedisCacheKey } from '../../../src/api/analytics/redis-cache.js';
import { configSchema } from '../../../src/config/schema.js';
import { createLogger } from '../../../src/logger.js';
import { startRedisServer, type TestRedisServer } from '../../helpers/redis-server.js';

const PASSWORD = 'pw-must-not-be-logged';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function captureLog() {
  const lines: Array<{ level: string; msg: string }> = [];
  const raw: string[] = [];
  const log = createLogger('debug', (line) => {
    raw.push(line);
    lines.push(JSON.parse(line));
  });
  return { log, lines, raw };
}

// Bounds in these tests are loose on purpose (a loaded CI machine): what they catch is a call
// that waits for a reconnect (seconds) or pays the 250 ms command timeout on every call.
async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('memory query cache', () => {
  it('is the default backend: a hit for a stored key, a miss otherwise', async () => {
    const cache = createQueryCache({ config: configSchema.parse({}), log: captureLog().log });
    expect(cache.backend).toBe('memory');
    await cache.set('v1:traces?limit=10', '{"data":[]}');
    expect(await cache.get('v1:traces?limit=10')).toBe('{"data":[]}');
    expect(await cache.get('v2:traces?limit=10')).toBeNull();
    expect(await cache.checkHealth()).toBe('healthy');
    await cache.close();
    expect(await cache.get('v1:traces?limit=10')).toBeNull();
  });

  it('misses once an entry is 1 s old', async () => {
    let now = 0;
    const cache = createMemoryQueryCache({ maxEntries: 10, maxChars: 1000, ttlMs: 1000, nowMs: () => now });
    await cache.set('k', 'v');
    now = 999;
    expect(await cache.get('k')).toBe('v');
    now = 1000;
    expect(await cache.get('k')).toBeNull();
  });

  it('applies the 1 s TTL in the configured cache (real clock)', async () => {
    const cache = createQueryCache({ config: configSchema.parse({}), log: captureLog().log });
    await cache.set('k', 'v');
    await sleep(1050);
    expect(await cache.get('k')).toBeNull();
  });

  it('evicts the least recently used entry beyond max_entries', async () => {
    const cache = createQueryCache({ config: configSchema.parse({ cache: { memory: { max_entries: 3 } } }), log: captureLog().log });
    for (const key of ['a', 'b', 'c']) await cache.set(key, key);
    expect(await cache.get('a')).toBe('a'); // now b is the least recently used
    await cache.set('d', 'd');
    expect(await cache.get('b')).toBeNull();
    expect([await cache.get('a'), await cache.get('c'), await cache.get('d')]).toEqual(['a', 'c', 'd']);
  });

  it('bounds the total characters and skips a value larger than the whole budget', async () => {
    const cache = createMemoryQueryCache({ maxEntries: 100, maxChars: 10, ttlMs: 1000 });
    await cache.set('a', 'x'.repeat(6));
    await cache.set('b', 'y'.repeat(4));
    expect(await cache.get('a')).toBe('xxxxxx');
    await cache.set('c', 'z'); // 11 chars: evicts b, the least recently used
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('a')).toBe('xxxxxx');
    await cache.set('a', 'w'.repeat(3)); // replacing frees the old value's characters
    await cache.set('d', 'q'.repeat(6));
    expect([await cache.get('a'), await cache.get('c'), await cache.get('d')]).toEqual(['www', 'z', 'qqqqqq']);
    await cache.set('huge', 'h'.repeat(11));
    expect(await cache.get('huge')).toBeNull();
    expect(await cache.get('d')).toBe('qqqqqq');
  });
});

describe('redis query cache (real redis-server)', () => {
  let redis: TestRedisServer;
  let inspect: Redis;
  const caches: QueryCache[] = [];
  // A new cache connects in the background (queries never wait for it): wait here until it has.
  const openCache = async (log = captureLog().log) => {
    const cache = createQueryCache({ config: configSchema.parse({ cache: { redis: { url: redis.url } } }), log });
    caches.push(cache);
    await waitUntil(async () => (await cache.checkHealth()) === 'healthy', 5000);
    return cache;
  };

  beforeAll(async () => {
    redis = await startRedisServer({ password: PASSWORD });
    inspect = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    inspect.on('error', () => {});
  });
  afterEach(() => redis.resume());
  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    inspect?.disconnect();
    await redis?.stop();
  });

  it('round-trips under a prefixed sha256 key that expires after 1 s', async () => {
    const cache = await openCache();
    expect(cache.backend).toBe('redis');
    const longKey = `v7:traces:${'filter '.repeat(20_000)}`;
    await cache.set(longKey, '{"data":[1]}');
    expect(await cache.get(longKey)).toBe('{"data":[1]}');
    expect(await cache.get('another key')).toBeNull();

    const expected = `tracelite:q:${createHash('sha256').update(longKey).digest('hex')}`;
    expect(getRedisCacheKey(longKey)).toBe(expected);
    expect(await inspect.keys('tracelite:q:*')).toContain(expected);
    const ttlMs = await inspect.pttl(expected);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(1000);
    await sleep(1100);
    expect(await cache.get(longKey)).toBeNull();
  });

  it('shares entries between two instances on the same redis', async () => {
    const [first, second] = await Promise.all([openCache(), openCache()]);
    await first.set('shared', 'from the first instance');
    expect(await second.get('shared')).toBe('from the first instance');
    expect(await second.checkHealth()).toBe('healthy');
  });

  it('keeps answering at once while redis is down, and resumes when it is back', async () => {
    const { log, lines, raw } = captureLog();
    const cache = await openCache(log);
    await cache.set('before', 'cached');

    await redis.kill();
    const first = await timed(() => cache.get('before'));
    expect(first.result).toBeNull();
    expect(first.ms).toBeLessThan(1000);
    const health = await timed(() => cache.checkHealth());
    expect(health.result).toBe('unhealthy');
    expect(health.ms).toBeLessThan(1000);
    const many = await timed(async () => {
      for (let i = 0; i < 50; i++) {
        await cache.set(`k${i}`, 'v');
        expect(await cache.get(`k${i}`)).toBeNull();
      }
    });
    expect(many.ms).toBeLessThan(1000); // 100 calls

    await redis.restart();
    await waitUntil(async () => (await cache.checkHealth()) === 'healthy', 5000);
    await cache.set('after', 'cached again');
    expect(await cache.get('after')).toBe('cached again');

    const notices = lines.filter((line) => line.level === 'warn' || line.level === 'info');
    expect(notices.map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'redis query cache unavailable; analytics queries run uncached until it is back'],
      ['info', 'redis query cache is back'],
    ]);
    expect(raw.join('\n')).not.toContain(PASSWORD);
    expect(raw.join('\n')).toContain(`redis://127.0.0.1:${redis.port}`);
  });

  it('skips a stuck redis instead of making every query wait for it', async () => {
    const { log, lines } = captureLog();
    const cache = await openCache(log);

    redis.pause();
    const first = await timed(() => cache.get('k'));
    expect(first.result).toBeNull();
    expect(first.ms).toBeLessThan(1000); // one command timeout (250 ms)
    const next = await timed(async () => {
      for (let i = 0; i < 20; i++) await cache.set(`k${i}`, 'v');
      return cache.get('k0');
    });
    expect(next.result).toBeNull();
    expect(next.ms).toBeLessThan(1000); // 21 calls: 5 s if each paid the timeout
    const health = await timed(() => cache.checkHealth());
    expect(health.result).toBe('unhealthy');
    expect(health.ms).toBeLessThan(1000);

    redis.resume();
    await waitUntil(async () => {
      await cache.set('resumed', 'yes');
      return (await cache.get('resumed')) === 'yes';
    }, 5000);
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect(lines.filter((line) => line.level === 'info').map((line) => line.msg)).toEqual(['redis query cache is back']);
  });
});
