// QUERY/SERVE: the Redis backend of the analytics query cache, so instances sharing one Redis
// share results. Input: caller keys (hashed) and JSON text. Output: the text for ttlMs, or null
// while Redis is down or stuck: a cache outage never fails a query and delays it at most ~250 ms.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../../logger.js';
import type { QueryCache } from './query-cache.js';

const KEY_PREFIX = 'tracelite:q:';
const CONNECT_TIMEOUT_MS = 500;
const COMMAND_TIMEOUT_MS = 250;
const HEALTH_TIMEOUT_MS = 500;
const MAX_RECONNECT_DELAY_MS = 2000;
/** A timed-out command means Redis holds the TCP connection but does not answer (paused, swapping):
 *  ioredis will not reconnect, so skip Redis for a while instead of every query paying the timeout. */
const SKIP_AFTER_TIMEOUT_MS = 1000;
const CONNECTING = new Set(['wait', 'connecting', 'connect']);

/** sha256 keeps keys short whatever the caller's key holds (filters, long search text). */
export function getRedisCacheKey(key: string): string {
  return KEY_PREFIX + createHash('sha256').update(key).digest('hex');
}

/** The URL without its user and password, for logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable redis url)';
  }
}

export function createRedisQueryCache(options: { url: string; ttlMs: number; log: Logger }): QueryCache {
  const client = new Redis(options.url, {
    // While disconnected a command fails at once instead of waiting in a queue for a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // Reconnect in the background forever, at most every 2 s (attempt starts at 1).
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
  const state = trackAvailability(client, options.log, describeRedisUrl(options.url));
  const run = async <T>(command: () => Promise<T>): Promise<T | null> => {
    if (!state.usable()) return null;
    try {
      const result = await command();
      state.answered();
      return result;
    } catch (err) {
      state.failed(err);
      return null;
    }
  };
  return {
    backend: 'redis',
    get: (key) => run(() => client.get(getRedisCacheKey(key))),
    set: async (key, value) => {
      await run(() => client.set(getRedisCacheKey(key), value, 'PX', options.ttlMs));
    },
    checkHealth: () => checkRedisHealth(client, state),
    close: async () => {
      state.closing = true;
      client.disconnect();
    },
  };
}

interface Availability {
  closing: boolean;
  usable(): boolean;
  answered(): void;
  failed(err: unknown): void;
}

/** Logs once when Redis goes away and once when it is back, however many commands fail between. */
function trackAvailability(client: Redis, log: Logger, target: string): Availability {
  let down = false;
  let skipUntilMs = 0;
  const markDown = (reason: unknown) => {
    if (down || state.closing) return;
    down = true;
    log.warn('redis query cache unavailable; analytics queries run uncached until it is back', { redis: target, error: reason instanceof Error ? reason.message : String(reason) });
  };
  const markUp = () => {
    skipUntilMs = 0;
    if (!down) return;
    down = false;
    log.info('redis query cache is back', { redis: target });
  };
  const state: Availability = {
    closing: false,
    usable: () => client.status === 'ready' && performance.now() >= skipUntilMs,
    answered: markUp,
    failed: (err) => {
      // A reply error (e.g. WRONGTYPE: someone else's key) says Redis is up.
      if (err instanceof Error && err.name === 'ReplyError') return log.debug('redis query cache command failed', { error: err.message });
      if (err instanceof Error && /timed out/i.test(err.message)) skipUntilMs = performance.now() + SKIP_AFTER_TIMEOUT_MS;
      markDown(err);
    },
  };
  // Without an 'error' listener ioredis prints every failed reconnect to the console.
  client.on('error', markDown);
  client.on('close', () => markDown('connection closed'));
  client.on('ready', markUp);
  return state;
}

async function checkRedisHealth(client: Redis, state: Availability): Promise<'healthy' | 'unhealthy'> {
  if (state.closing) return 'unhealthy';
  const startedMs = performance.now();
  try {
    // Just after start-up the first connection may still be on its way: give it the budget.
    if (!(await waitForReady(client, HEALTH_TIMEOUT_MS))) return 'unhealthy';
    const leftMs = Math.max(1, HEALTH_TIMEOUT_MS - (performance.now() - startedMs));
    const reply = await withDeadline(client.ping(), leftMs);
    state.answered();
    return reply === 'PONG' ? 'healthy' : 'unhealthy';
  } catch (err) {
    state.failed(err);
    return 'unhealthy';
  }
}

/** true once the client is ready; false after ms, or at once when it is between reconnects. */
function waitForReady(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  if (!CONNECTING.has(client.status)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('close', onClose);
      resolve(ready);
    };
    const onReady = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    client.on('ready', onReady);
    client.on('close', onClose);
  });
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${Math.round(ms)} ms (timed out)`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
