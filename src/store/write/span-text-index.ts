// STORE: the full-text index of span conversations, `span_text_fts` (FTS5, contentless: the
// text itself is derived from the raw span whenever it is read, by the read connection's
// tl_span_text function). Filled after commit by the writer, off the ingest path (inline
// indexing cost ~70% of ingest throughput); `search_state.indexed_to` is the last span rowid
// done, and a search matches the derived text of the spans past it instead.
import type Database from 'better-sqlite3';
import { STORED_SPAN_COLUMNS, type StoredSpanColumns } from '../shared/stored-span.js';

export const SPAN_TEXT_INDEX = 'span_text_fts';

export interface SpanText {
  input: string | null;
  output: string | null;
}

/** Derives a stored span's conversation text (src/span-text.ts, injected: the store does not
 *  normalize). */
export type SpanTextDeriver = (row: StoredSpanColumns) => SpanText;

/** SQL: the last span rowid the text index has. */
export const TEXT_INDEXED_TO_SQL = `(SELECT indexed_to FROM search_state WHERE name = '${SPAN_TEXT_INDEX}')`;

/** The stored columns tl_span_text takes, in order (the raw span it derives the text from). */
export const SPAN_TEXT_FUNCTION_ARGS = `s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, CAST(s.start_ns AS TEXT),
  CAST(s.end_ns AS TEXT), s.status_code, s.status_message, s.attributes_json, s.events_json,
  CASE WHEN s.resource_id IS NULL THEN s.resource_json ELSE (SELECT r.json FROM resources r WHERE r.id = s.resource_id) END,
  s.scope_name, s.scope_version`;

/** SQL: the input or output text of span row `s`, derived from the raw span. */
export function spanTextSql(which: 'input' | 'output'): string {
  return `tl_span_text(${which === 'input' ? 0 : 1}, ${SPAN_TEXT_FUNCTION_ARGS})`;
}

export class SpanTextIndexer {
  private readonly readWatermark: Database.Statement;
  private readonly readSpans: Database.Statement;
  private readonly insertIndex: Database.Statement;
  private readonly writeWatermark: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly derive: SpanTextDeriver) {
    this.readWatermark = db.prepare('SELECT indexed_to FROM search_state WHERE name = ?').pluck();
    this.readSpans = db.prepare(`SELECT s.id, ${STORED_SPAN_COLUMNS} FROM spans s WHERE s.id > ? ORDER BY s.id LIMIT ?`);
    this.insertIndex = db.prepare(`INSERT INTO ${SPAN_TEXT_INDEX} (rowid, input_text, output_text) VALUES (?, ?, ?)`);
    this.writeWatermark = db.prepare('UPDATE search_state SET indexed_to = ? WHERE name = ?');
  }

  /** Indexes up to `limit` spans past the watermark in one transaction; returns how many. */
  indexNext(limit: number): number {
    return this.db.transaction(() => {
      const from = this.readWatermark.get(SPAN_TEXT_INDEX) as number;
      const rows = this.readSpans.all(from, limit) as (StoredSpanColumns & { id: number })[];
      for (const row of rows) {
        const text = this.derive(row);
        if (text.input === null && text.output === null) continue;
        this.insertIndex.run(row.id, text.input, text.output);
      }
      if (rows.length > 0) this.writeWatermark.run(rows[rows.length - 1]!.id, SPAN_TEXT_INDEX);
      return rows.length;
    }).immediate();
  }
}

/** Inside a delete transaction, before the spans go: their index entries go too, so a rowid
 *  SQLite hands out again is not found by the old span's words. */
export function deleteSpanTextsInTx(db: Database.Database, spanRowidsSql: string, params: unknown[]): void {
  db.prepare(`DELETE FROM ${SPAN_TEXT_INDEX} WHERE rowid IN (${spanRowidsSql})`).run(...params);
}
