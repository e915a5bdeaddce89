// STORE (read side): memoizes expensive aggregate reads (COUNT totals, distinct-value
// lists) per read connection until any other connection commits. SQLite's
// `PRAGMA data_version` changes on this connection exactly when another connection
// (the writer) committed, so a cached answer is never stale.
import type Database from 'better-sqlite3';

interface Entry {
  version: number;
  value: unknown;
  computedAtMs: number;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly versionStatement: Database.Statement;

  constructor(db: Database.Database, private readonly maxEntries = 500) {
    this.versionStatement = db.prepare('PRAGMA data_version').pluck();
  }

  /** Returns the cached value for `key`, computing it when missing or when the data changed
   *  (or, with `maxStaleMs`, only once the cached answer is that old: for dropdown values that
   *  may lag a busy ingest by seconds rather than be recomputed on every commit). */
  /** `mayServeStale`: whether a value may be served up to `maxStaleMs` after a commit. */
  get<T>(key: string, compute: () => T, maxStaleMs = 0, mayServeStale: (value: T) => boolean = () => true): T {
    const version = this.versionStatement.get() as number;
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && (hit.version === version || (now - hit.computedAtMs < maxStaleMs && mayServeStale(hit.value as T)))) return hit.value as T;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { version, value, computedAtMs: now });
    return value;
  }
}

const cachesByDb = new WeakMap<Database.Database, ReadCache>();

/** The one cache of a read connection. */
export function getReadCache(db: Database.Database): ReadCache {
  let cache = cachesByDb.get(db);
  if (!cache) cachesByDb.set(db, (cache = new ReadCache(db)));
  return cache;
}

/** A cache key from SQL and its bound parameters (bigints included). */
export function cacheKey(sql: string, params: readonly unknown[]): string {
  return sql + '\u0000' + JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

const statementsByDb = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepares `sql` once per connection (list queries are built from a small set of shapes). */
export function prepareCached(db: Database.Database, sql: string): Database.Statement {
  let statements = statementsByDb.get(db);
  if (!statements) statementsByDb.set(db, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= 1000) statements.clear();
    statements.set(sql, (statement = db.prepare(sql)));
  }
  return statement;
}

/** Changes whenever another connection (the writer) has committed since this connection's
 *  last look: a cache key that includes it is never stale. */
export function currentDataVersion(db: Database.Database): number {
  return prepareCached(db, 'PRAGMA data_version').pluck().get() as number;
}
