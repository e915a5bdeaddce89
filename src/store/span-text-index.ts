// STORE: the full-text index of span conversations. `span_texts` holds each span's input and
// output text (only spans that have some), `span_text_fts` indexes it (FTS5, external
// content). Filled after commit by the writer, off the ingest path (inline indexing cost
// ~70% of ingest throughput); `search_state.indexed_to` is the last span rowid done, and a
// query derives the text of spans past it (the read connection's tl_span_text function).
import type Database from 'better-sqlite3';
import { STORED_SPAN_COLUMNS, type StoredSpanColumns } from './stored-span.js';

export const SPAN_TEXTS_TABLE = 'span_texts';
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

/** SQL: the input or output text of span row `s`, from the index where it has the span,
 *  else derived from the raw span. */
export function spanTextSql(which: 'input' | 'output'): string {
  const column = `${which}_text`;
  return `(CASE WHEN s.id <= ${TEXT_INDEXED_TO_SQL} THEN (SELECT st.${column} FROM ${SPAN_TEXTS_TABLE} st WHERE st.id = s.id)
    ELSE tl_span_text(${which === 'input' ? 0 : 1}, ${SPAN_TEXT_FUNCTION_ARGS}) END)`;
}

export class SpanTextIndexer {
  private readonly readWatermark: Database.Statement;
  private readonly readSpans: Database.Statement;
  private readonly insertText: Database.Statement;
  private readonly insertIndex: Database.Statement;
  private readonly writeWatermark: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly derive: SpanTextDeriver) {
    this.readWatermark = db.prepare('SELECT indexed_to FROM search_state WHERE name = ?').pluck();
    this.readSpans = db.prepare(`SELECT s.id, ${STORED_SPAN_COLUMNS} FROM spans s WHERE s.id > ? ORDER BY s.id LIMIT ?`);
    this.insertText = db.prepare(`INSERT OR REPLACE INTO ${SPAN_TEXTS_TABLE} (id, input_text, output_text) VALUES (?, ?, ?)`);
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
        this.insertText.run(row.id, text.input, text.output);
        this.insertIndex.run(row.id, text.input, text.output);
      }
      if (rows.length > 0) this.writeWatermark.run(rows[rows.length - 1]!.id, SPAN_TEXT_INDEX);
      return rows.length;
    }).immediate();
  }
}

/** Inside a delete transaction, before the spans go: their text and index entries go too
 *  (an external-content FTS5 row is removed with its old values), and the watermark comes
 *  back to the highest remaining span so re-used rowids get indexed. `spanRowidsSql` selects
 *  the rowids with `params`. */
export function deleteSpanTextsInTx(db: Database.Database, spanRowidsSql: string, params: unknown[]): void {
  db.prepare(`INSERT INTO ${SPAN_TEXT_INDEX} (${SPAN_TEXT_INDEX}, rowid, input_text, output_text)
    SELECT 'delete', id, input_text, output_text FROM ${SPAN_TEXTS_TABLE} WHERE id IN (${spanRowidsSql})`).run(...params);
  db.prepare(`DELETE FROM ${SPAN_TEXTS_TABLE} WHERE id IN (${spanRowidsSql})`).run(...params);
}
