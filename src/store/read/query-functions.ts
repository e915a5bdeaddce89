// STORE (read side): the SQL functions the read connection's queries call. tl_regex matches
// with RE2 semantics (re2js: linear time, so no pattern can hang the process);
// tl_span_text derives a span's conversation text for spans the text index has not reached;
// tl_text_match applies a parsed search (store/read/text-search.ts) to such a text.
import type Database from 'better-sqlite3';
import { RE2JS } from 're2js';
import { AppError } from '../../errors.js';
import type { StoredSpanColumns } from '../shared/stored-span.js';
import type { SpanText, SpanTextDeriver } from '../write/span-text-index.js';
import { matchesSearch, parseSearchText, type SearchTerm } from './text-search.js';

/** Longest pattern accepted: RE2 compiles in time linear in the pattern, but a huge one is
 *  still memory and never a real filter. */
const MAX_PATTERN_CHARS = 1000;
const CACHE_LIMIT = 100;

const patterns = new Map<string, RE2JS>();
const searches = new Map<string, SearchTerm[]>();

/** Compiles (and caches) a user's pattern; an invalid one is a 400 naming the problem. */
export function compileRegex(pattern: string): RE2JS {
  let compiled = patterns.get(pattern);
  if (compiled) return compiled;
  if (pattern.length > MAX_PATTERN_CHARS) throw new AppError('INVALID_FILTER', `regex is too long (${pattern.length} characters; at most ${MAX_PATTERN_CHARS})`);
  try {
    compiled = RE2JS.compile(pattern);
  } catch (err) {
    throw new AppError('INVALID_FILTER', `invalid regex '${pattern}': ${err instanceof Error ? err.message : String(err)}`);
  }
  if (patterns.size >= CACHE_LIMIT) patterns.clear();
  patterns.set(pattern, compiled);
  return compiled;
}

function parsedSearch(text: string): SearchTerm[] {
  let terms = searches.get(text);
  if (!terms) {
    if (searches.size >= CACHE_LIMIT) searches.clear();
    searches.set(text, (terms = parseSearchText(text)));
  }
  return terms;
}

export function registerQueryFunctions(db: Database.Database, deriveText: SpanTextDeriver): void {
  db.function('tl_regex', { deterministic: true }, (value: unknown, pattern: unknown) => {
    if (value === null || value === undefined || typeof pattern !== 'string') return null;
    return compileRegex(pattern).matcher(String(value)).find() ? 1 : 0;
  });
  db.function('tl_text_match', { deterministic: true }, (query: unknown, text: unknown) => {
    if (typeof query !== 'string' || typeof text !== 'string') return 0;
    return matchesSearch(parsedSearch(query), text) ? 1 : 0;
  });
  const derive = lastSpanMemo(deriveText);
  db.function('tl_span_text', { deterministic: true, varargs: true }, (which: unknown, ...columns: unknown[]) => {
    const text = derive(columns);
    return which === 0 ? text.input : text.output;
  });
}

/** A row's input and output are asked for one after the other: derive once per span. */
function lastSpanMemo(deriveText: SpanTextDeriver): (columns: unknown[]) => SpanText {
  let lastKey: unknown[] | null = null;
  let last: SpanText = { input: null, output: null };
  return (columns) => {
    if (lastKey && lastKey.length === columns.length && lastKey.every((v, i) => v === columns[i])) return last;
    const [trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, status_code, status_message, attributes_json, events_json, resource_json, scope_name, scope_version] = columns;
    const row = { trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, status_code, status_message, attributes_json, events_json, resource_json, scope_name, scope_version } as StoredSpanColumns;
    last = deriveText(row);
    lastKey = columns;
    return last;
  };
}
