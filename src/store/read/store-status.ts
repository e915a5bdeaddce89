// STORE (read): figures about the store itself for /metrics and the health routes: how far
// each deferred search index (attribute terms, span text) is behind the newest span, and
// which schema version the file is at. Both are indexed lookups, cheap at every scrape.
import type Database from 'better-sqlite3';

/** Spans not yet indexed, by index name (search_state.name: span_attr_terms, span_text_fts).
 *  Watermarks are span rowids, so the lag is the newest rowid minus the watermark. */
export function findSearchIndexLag(db: Database.Database): Record<string, number> {
  const rows = db.prepare('SELECT name, MAX(0, (SELECT COALESCE(MAX(id), 0) FROM spans) - indexed_to) AS lag FROM search_state').all() as { name: string; lag: number }[];
  return Object.fromEntries(rows.map((row) => [row.name, row.lag]));
}

/** The last migration applied to the file (PRAGMA user_version, see schema/migrations.ts). */
export function readAppliedSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
