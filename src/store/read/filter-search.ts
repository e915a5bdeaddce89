// QUERY CORE: the full-text `search` operator of the filter compiler (store/read/filter-sql.ts):
// a text column's FTS5 index for the rows it has, the same matching rule on the derived text
// of the rows past its watermark, and the plan the caller picked for how the rows are found.
import { AppError } from '../../errors.js';
import { parseSearchText, toFtsQuery } from './text-search.js';
import type { TextIndexSpec } from '../shared/column-spec.js';

/** Indexed rows through the FTS5 index, rows past its watermark by matching their derived text
 *  with the same rule (store/read/text-search.ts): correct while the index lags. */
export function compileSearch(index: TextIndexSpec, value: unknown, label: string, params: unknown[]): string {
  if (typeof value !== 'string') throw new AppError('INVALID_FILTER', `operator 'search' on ${label} needs a string value`);
  const ftsQuery = toFtsQuery(parseSearchText(value), index.column);
  params.push(ftsQuery, value);
  const tail = `${index.rowid} > ${index.indexedTo} AND tl_text_match(?, ${index.tailSql})`;
  const plan = index.planOf?.(ftsQuery) ?? 'probe';
  if (plan === 'probe') return `(EXISTS (SELECT 1 FROM ${index.index} WHERE ${index.index} MATCH ? AND rowid = ${index.rowid}) OR (${tail}))`;
  // The inner `s` (the tail's spans) shadows the outer one inside the subquery; a unary + keeps
  // SQLite from starting at the list (it then only checks membership).
  return `${plan === 'member' ? '+' : ''}${index.rowid} IN (SELECT rowid FROM ${index.index} WHERE ${index.index} MATCH ? UNION ALL SELECT s.id FROM spans s WHERE ${tail})`;
}
