// QUERY/SERVE: the analytics API's result cache. Input: a caller-built key (it holds the
// store's data version, so invalidation is by key) and the response's JSON text. Output:
// that text for up to 1 s — in process memory by default, or in Redis when configured.
import type { AppConfig } from '../../config/schema.js';
import type { Logger } from '../../logger.js';
import { createRedisQueryCache } from './redis-cache.js';

export interface QueryCache {
  readonly backend: 'memory' | 'redis';
  /** The cached JSON text for `key`, or null on a miss or when the backend is unavailable. Never throws. */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key`. Never throws (a down Redis just means no caching). */
  set(key: string, value: string): Promise<void>;
  /** 'healthy' when the backend answers (memory: always), 'unhealthy' otherwise; bounded by a short timeout (<= 500 ms). */
  checkHealth(): Promise<'healthy' | 'unhealthy'>;
  close(): Promise<void>;
}

/** "A newly committed span is visible within 1 s" must hold even for a key that forgot the version. */
export const QUERY_CACHE_TTL_MS = 1000;
/** Total cached text kept in memory (JS strings: ~1-2 bytes a character). At 64 MiB the
 *  1M-span query benchmark took the server from ~170 to ~460 MB RSS (budget: 300). */
export const MEMORY_CACHE_MAX_CHARS = 16 * 1024 * 1024;

export function createQueryCache(options: { config: AppConfig; log: Logger }): QueryCache {
  const { cache } = options.config;
  if (cache.redis.url !== null) return createRedisQueryCache({ url: cache.redis.url, ttlMs: QUERY_CACHE_TTL_MS, log: options.log });
  return createMemoryQueryCache({ maxEntries: cache.memory.max_entries, maxChars: MEMORY_CACHE_MAX_CHARS, ttlMs: QUERY_CACHE_TTL_MS });
}

export interface MemoryCacheOptions {
  maxEntries: number;
  maxChars: number;
  ttlMs: number;
  /** A monotonic clock (tests pass their own). */
  nowMs?: () => number;
}

interface MemoryEntry {
  value: string;
  storedAtMs: number;
}

/** LRU by entry count and total characters; an entry older than ttlMs is a miss. */
export function createMemoryQueryCache(options: MemoryCacheOptions): QueryCache {
  const nowMs = options.nowMs ?? (() => performance.now());
  // A Map iterates in insertion order: re-inserting on each hit keeps the least recently used first.
  const entries = new Map<string, MemoryEntry>();
  let totalChars = 0;
  const remove = (key: string, entry: MemoryEntry) => {
    entries.delete(key);
    totalChars -= entry.value.length;
  };
  const get = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry) return null;
    remove(key, entry);
    if (nowMs() - entry.storedAtMs >= options.ttlMs) return null;
    entries.set(key, entry);
    totalChars += entry.value.length;
    return entry.value;
  };
  // Entries past their TTL are dead weight (every commit makes the keys before it unreachable
  // too): drop them, at most a few times per TTL, before they crowd the budget.
  let sweptAtMs = nowMs();
  const sweepExpired = () => {
    const now = nowMs();
    if (now - sweptAtMs < options.ttlMs / 4) return;
    sweptAtMs = now;
    for (const [oldKey, oldEntry] of entries) if (now - oldEntry.storedAtMs >= options.ttlMs) remove(oldKey, oldEntry);
  };
  const set = (key: string, value: string): void => {
    sweepExpired();
    const existing = entries.get(key);
    if (existing) remove(key, existing);
    // One response larger than the whole budget would evict everything and still not fit.
    if (value.length > options.maxChars) return;
    entries.set(key, { value, storedAtMs: nowMs() });
    totalChars += value.length;
    for (const [oldKey, oldEntry] of entries) {
      if (entries.size <= options.maxEntries && totalChars <= options.maxChars) break;
      remove(oldKey, oldEntry);
    }
  };
  return {
    backend: 'memory',
    get: async (key) => get(key),
    set: async (key, value) => set(key, value),
    checkHealth: async () => 'healthy',
    close: async () => {
      entries.clear();
      totalChars = 0;
    },
  };
}
