// STORE: fills the attribute search index (span_attr_terms) after commit, off the ingest
// path: the writer thread calls it only when its queue is idle, a slice at a time, so an
// export is never waiting for it. `search_state.indexed_to` is the last span rowid indexed;
// queries treat every span past it as not yet indexed and check those rows directly.
import type Database from 'better-sqlite3';
import { ATTRIBUTE_INDEX, ResourceTerms, spanTerms } from '../shared/attribute-terms.js';
import { spanResourceJson } from '../shared/span-resources.js';

export class AttributeIndexer {
  private readonly readWatermark: Database.Statement;
  private readonly readSpans: Database.Statement;
  private readonly insertTerms: Database.Statement;
  private readonly writeWatermark: Database.Statement;
  private readonly resources = new ResourceTerms();

  constructor(private readonly db: Database.Database) {
    this.readWatermark = db.prepare('SELECT indexed_to FROM search_state WHERE name = ?').pluck();
    this.readSpans = db.prepare(`SELECT s.id, s.attributes_json, ${spanResourceJson('s')} AS resource_json FROM spans s WHERE s.id > ? ORDER BY s.id LIMIT ?`);
    this.insertTerms = db.prepare(`INSERT INTO ${ATTRIBUTE_INDEX} (rowid, terms) VALUES (?, ?)`);
    this.writeWatermark = db.prepare('UPDATE search_state SET indexed_to = ? WHERE name = ?');
  }

  /** Indexes up to `limit` spans past the watermark in one transaction; returns how many. */
  indexNext(limit: number): number {
    return this.db.transaction(() => {
      const from = this.readWatermark.get(ATTRIBUTE_INDEX) as number;
      const rows = this.readSpans.all(from, limit) as { id: number; attributes_json: string; resource_json: string | null }[];
      for (const row of rows) {
        const terms = spanTerms(row.attributes_json, row.resource_json, this.resources);
        if (terms) this.insertTerms.run(row.id, terms);
      }
      if (rows.length > 0) this.writeWatermark.run(rows[rows.length - 1]!.id, ATTRIBUTE_INDEX);
      return rows.length;
    }).immediate();
  }
}

/** After spans are deleted: SQLite may hand the highest rowids out again, so no search index's
 *  watermark (attribute terms, span text) may stay past the highest remaining span, or re-used
 *  rowids would never be indexed. (Attribute entries of deleted spans stay: they only add
 *  candidates the exact check drops; span text entries are deleted with their spans.) */
export function rewindSearchIndexesInTx(db: Database.Database): void {
  db.prepare(`UPDATE search_state SET indexed_to = MIN(indexed_to, COALESCE((SELECT MAX(id) FROM spans), 0))`).run();
}
