// QUERY CORE: the column allowlist an endpoint exposes to the filter compiler
// (store/read/filter-sql.ts): per field name, its trusted SQL and type, and how a condition
// reaches rows it lives on. Shared by the readers and by store/shared/span-keys.ts.
export type ColumnType = 'string' | 'number' | 'time_ns' | 'bool' | 'json_array' | 'json_object';

export interface ColumnSpec {
  /** Trusted SQL expression. For json_object columns it contains `{path}` where the bound JSON path goes. */
  sql: string;
  type: ColumnType;
  /** The column lives on related rows (e.g. spans of a trace): the condition is wrapped in this
   *  template, `{cond}` replaced by the condition. Negative operators become the NOT of the
   *  positive condition, so "model ne X" means no related row has X. */
  via?: { template: string; params: unknown[] };
  /** The related rows' distinct values of this column, kept on the row itself as a JSON array
   *  (traces.models_json): eq, ne, in and not_in check it instead of the related rows. */
  list?: string;
  /** For an attribute map whose rows are spans: the SQL of the span rowid, so equality
   *  conditions first narrow to the rows the attribute search index names. */
  termIndexRowid?: string;
  /** A text column with a full-text index (store/write/span-text-index.ts): the `search` operator
   *  matches the index for rows up to its watermark and `tailSql` (the text, derived) past it. */
  textIndex?: TextIndexSpec;
}

export type ColumnMap = Record<string, ColumnSpec>;

export type SearchPlan = 'drive' | 'member' | 'probe';

export interface TextIndexSpec {
  index: string;
  column: string;
  rowid: string;
  indexedTo: string;
  tailSql: string;
  /** How a search finds its rows, given its FTS5 query (default 'probe'): store/read/analytics-queries.ts
   *  picks by how many spans match. 'drive': the query starts from the matching rowids (few);
   *  'member': rows walked in sort order are checked against the matches, listed once (some);
   *  'probe': each row walked is looked up in the index (many: a page needs few lookups). */
  planOf?: (ftsQuery: string) => SearchPlan;
}
