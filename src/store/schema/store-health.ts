// STORE: the health probe behind GET /health. Input: a (read-only) connection. Output:
// whether the store answers a real read — the schema header and a row of `traces` — so a
// closed connection, a missing or corrupt file, or a lost schema all report unhealthy.
import type Database from 'better-sqlite3';

export type StoreHealth = { status: 'healthy' } | { status: 'unhealthy'; error: Error };

export function checkStoreHealth(db: Database.Database): StoreHealth {
  try {
    // `SELECT 1` alone never touches the file; these read the schema and a table page.
    const schemaVersion = db.pragma('schema_version', { simple: true });
    if (typeof schemaVersion !== 'number' || schemaVersion <= 0) throw new Error('the database has no schema');
    db.prepare('SELECT 1 FROM traces LIMIT 1').get();
    return { status: 'healthy' };
  } catch (err) {
    return { status: 'unhealthy', error: err instanceof Error ? err : new Error(String(err)) };
  }
}
