// The analytics query core: full-text search (indexed and not yet indexed spans answer alike),
// regex, the keyset cursor (stable across inserts, tamper-proof, bound to its query) and
// reading every project at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchAnalyticsSpans, type AnalyticsSearch } from '../../src/store/read/analytics-queries.js';
import type { FilterNode } from '../../src/store/shared/filter-ast.js';
import { registerQueryFunctions } from '../../src/store/read/query-functions.js';
import { SpanTextIndexer } from '../../src/store/write/span-text-index.js';
import { deleteTracesInTx } from '../../src/store/write/delete-traces.js';
import { deriveSpanText } from '../../src/span-text.js';
import { ANALYTICS_COLUMNS } from '../../src/store/read/analytics-fields.js';
import { compileFilter } from '../../src/store/read/filter-sql.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;

beforeEach(() => {
  store = openTestStore();
  registerQueryFunctions(store.db, deriveSpanText);
});
afterEach(() => store.close());

const messages = (role: string, text: string) => JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]);

/** One chat span per text pair; returns trace ids in write order. */
function writeChats(pairs: [string, string][], projectId = 'p', startMs = Date.now()): string[] {
  return pairs.map(([input, output], i) => {
    const traceId = newTraceId();
    store.write([{ traceId, startMs: startMs + i, attributes: chatAttributes('gpt-4o', {
      'gen_ai.input.messages': { stringValue: messages('user', input) },
      'gen_ai.output.messages': { stringValue: messages('assistant', output) },
    }) }], projectId);
    return traceId;
  });
}

function search(filter: FilterNode | null, extra: Partial<AnalyticsSearch> = {}) {
  return searchAnalyticsSpans(store.db, { projectIds: ['p'], filter, sortBy: 'ts', sortDesc: true, limit: 100, cursor: null, ...extra });
}
/** The query picks the 'drive' plan for these few rows: check the 'probe' plan gives the same. */
function traceIdsOf(filter: FilterNode | null): string[] {
  const ids = search(filter).rows.map((r) => r.trace_id).sort();
  if (filter) {
    const probe = compileFilter(filter, ANALYTICS_COLUMNS);
    const probed = store.db.prepare(`SELECT s.trace_id FROM spans s WHERE ${probe.sql}`).pluck().all(...probe.params) as string[];
    expect(probed.sort()).toEqual(ids);
  }
  return ids;
}
const textSearch = (field: string, value: string): FilterNode => ({ field: { kind: 'column', name: field }, op: 'search', value });
const indexAll = () => {
  const indexer = new SpanTextIndexer(store.db, deriveSpanText);
  while (indexer.indexNext(100) === 100);
};

const CORPUS: [string, string][] = [
  ['How do I fix an authentication error in my login flow?', 'Check the token expiry and refresh it.'],
  ['Generate code for authentication with OAuth', 'Here is a snippet using PKCE.'],
  ['Translate "café crème" to English', 'Coffee with cream.'],
  ['Explain the error: ECONNREFUSED 127.0.0.1:5432', 'Your Postgres server is not running.'],
  ['日本語のテキストを要約して', '要約: テキストは短いです。'],
  ['What does NEAR(a b) mean in FTS5?', 'It is a proximity query "operator".'],
];

describe('full-text search', () => {
  const cases: [string, string, number[]][] = [
    ['input_text', 'authentication', [0, 1]],
    ['input_text', 'authentication error', [0]],
    ['input_text', '"authentication error"', [0]],
    ['input_text', '"error authentication"', []],
    ['input_text', 'authent*', [0, 1]],
    ['input_text', 'cafe', [2]],
    ['input_text', 'CAFÉ Crème', [2]],
    ['input_text', '127.0.0.1:5432', [3]],
    ['input_text', 'NEAR(a b)', [5]],
    ['input_text', '"unterminated phrase', []],
    ['input_text', 'a OR b - c:d ^e', []],
    ['output_text', '"proximity query"', [5]],
    ['output_text', 'authentication', []],
    ['input_text', '日本語のテキストを要約して', [4]],
  ];

  it('answers the same before and after the spans are indexed', () => {
    const ids = writeChats(CORPUS);
    const expected = (indexes: number[]) => indexes.map((i) => ids[i]!).sort();
    for (const [field, text, want] of cases) expect(traceIdsOf(textSearch(field, text)), `${field} ${text} (tail)`).toEqual(expected(want));
    indexAll();
    for (const [field, text, want] of cases) expect(traceIdsOf(textSearch(field, text)), `${field} ${text} (indexed)`).toEqual(expected(want));
    const half = writeChats([['another authentication question', 'ok']]);
    expect(traceIdsOf(textSearch('input_text', 'authentication'))).toEqual([...expected([0, 1]), ...half].sort());
  });

  it('refuses a search with no words, and search on a field without text', () => {
    writeChats(CORPUS);
    expect(() => search(textSearch('input_text', '*** "" ::'))).toThrow(/at least one word/);
    expect(() => search(textSearch('provider', 'openai'))).toThrow(/operator 'search' is not supported/);
  });

  it('drops deleted spans from the index, and indexes re-used rowids', () => {
    const ids = writeChats(CORPUS.slice(0, 2));
    indexAll();
    store.db.transaction(() => deleteTracesInTx(store.db, 'p', [ids[1]!]))();
    expect(traceIdsOf(textSearch('input_text', 'authentication'))).toEqual([ids[0]]);
    const again = writeChats([['authentication once more', 'fine']]);
    expect(traceIdsOf(textSearch('input_text', 'authentication'))).toEqual([ids[0]!, ...again].sort());
    indexAll();
    expect(traceIdsOf(textSearch('input_text', 'authentication'))).toEqual([ids[0]!, ...again].sort());
    expect(store.db.prepare(`SELECT count(*) FROM span_text_fts WHERE span_text_fts MATCH 'authentication'`).pluck().get()).toBe(2);
  });

  it('filters input_text with the string operators, indexed or not', () => {
    const ids = writeChats(CORPUS);
    const contains: FilterNode = { field: { kind: 'column', name: 'input_text' }, op: 'contains', value: 'ECONNREFUSED' };
    expect(traceIdsOf(contains)).toEqual([ids[3]]);
    indexAll();
    expect(traceIdsOf(contains)).toEqual([ids[3]]);
    expect(deriveSpanText(search(null).rows.find((r) => r.trace_id === ids[2])!).input).toBe('Translate "café crème" to English');
  });
});

describe('relevance', () => {
  it('orders the matches of the required search best first, unindexed ones last, and pages them', () => {
    const [weak] = writeChats([['a long question that mentions refund once among many other words about the order and delivery', 'x']]);
    const [strong] = writeChats([['refund refund refund', 'y']]);
    writeChats([['nothing to see', 'z']]);
    indexAll();
    const [late] = writeChats([['refund requested again', 'w']]);
    const filter: FilterNode = { and: [textSearch('input_text', 'refund'), { field: { kind: 'column', name: 'model' }, op: 'eq', value: 'gpt-4o' }] };
    const ranked = search(filter, { sortBy: 'relevance' }).rows.map((r) => r.trace_id);
    expect(ranked).toEqual([strong, weak, late]);
    const first = search(filter, { sortBy: 'relevance', limit: 2 });
    expect(first.rows.map((r) => r.trace_id)).toEqual([strong, weak]);
    expect(search(filter, { sortBy: 'relevance', limit: 2, cursor: first.nextCursor }).rows.map((r) => r.trace_id)).toEqual([late]);
    expect(() => search({ or: [textSearch('input_text', 'refund')] }, { sortBy: 'relevance' })).toThrow(/needs a 'search' condition/);
    expect(() => search(null, { sortBy: 'relevance' })).toThrow(/needs a 'search' condition/);
  });
});

describe('regex', () => {
  it('matches with RE2 semantics and refuses invalid patterns', () => {
    const ids = writeChats(CORPUS);
    const regex = (value: string): FilterNode => ({ field: { kind: 'column', name: 'input_text' }, op: 'regex', value });
    expect(traceIdsOf(regex('^(How|Generate)\\b'))).toEqual([ids[0]!, ids[1]!].sort());
    expect(traceIdsOf(regex('(?i)CAFÉ'))).toEqual([ids[2]]);
    expect(traceIdsOf({ field: { kind: 'column', name: 'model' }, op: 'regex', value: 'gpt-4o?' })).toHaveLength(CORPUS.length);
    expect(() => search(regex('(unclosed'))).toThrow(/invalid regex/);
    expect(() => search(regex('(a)\\1'))).toThrow(/invalid regex/);
    // Catastrophic for a backtracking engine; RE2 is linear.
    writeChats([['a'.repeat(5000) + 'b', 'x']]);
    expect(traceIdsOf(regex('^(a+)+$'))).toEqual([]);
  });
});

describe('cursor', () => {
  it('pages through every span once, while spans keep arriving', () => {
    const base = Date.now() - 100_000;
    const first = writeChats(Array.from({ length: 25 }, (_, i): [string, string] => [`q${i}`, `a${i}`]), 'p', base);
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page = search(null, { limit: 7, cursor });
      seen.push(...page.rows.map((r) => r.trace_id));
      cursor = page.nextCursor;
      // Newer spans (before the cursor) and older-than-everything spans arrive between pages.
      writeChats([[`new${round}`, 'x']], 'p', Date.now() + round);
      round++;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of first) expect(seen).toContain(id);
  });

  it('sorts by another field with ties, and merges projects', () => {
    writeChats([['a', 'b'], ['c', 'd'], ['e', 'f']], 'p');
    writeChats([['g', 'h'], ['i', 'j']], 'q');
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = searchAnalyticsSpans(store.db, { projectIds: null, filter: null, sortBy: 'model', sortDesc: false, limit: 2, cursor });
      all.push(...page.rows.map((r) => `${r.project_id}:${r.trace_id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(5);
  });

  it('refuses a tampered, garbage or foreign cursor', () => {
    writeChats(Array.from({ length: 5 }, (_, i): [string, string] => [`q${i}`, `a${i}`]));
    const cursor = search(null, { limit: 2 }).nextCursor!;
    const flipped = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
    expect(() => search(null, { limit: 2, cursor: flipped })).toThrow(/Invalid cursor/);
    expect(() => search(null, { limit: 2, cursor: 'garbage' })).toThrow(/Invalid cursor/);
    expect(() => search({ field: { kind: 'column', name: 'model' }, op: 'eq', value: 'x' }, { limit: 2, cursor })).toThrow(/different query/);
    expect(() => search(null, { limit: 2, cursor, sortBy: 'duration_ms' })).toThrow(/different query/);
    expect(search(null, { limit: 2, cursor }).rows).toHaveLength(2);
  });
});
