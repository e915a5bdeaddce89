// The trace list's `search` in the store: conversation text of spans the full-text index has not
// reached yet matches by the same rule as indexed ones, and service names stored inline (spans
// written before migration 20) match like those in the resources table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTraces, type ListTracesOptions } from '../../src/store/read/trace-queries.js';
import { registerQueryFunctions } from '../../src/store/read/query-functions.js';
import { SpanTextIndexer } from '../../src/store/write/span-text-index.js';
import { deriveSpanText } from '../../src/span-text.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;

beforeEach(() => {
  store = openTestStore();
  registerQueryFunctions(store.db, deriveSpanText);
});
afterEach(() => store.close());

const messages = (role: string, text: string) => JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]);

function writeChat(input: string, output: string, service: string): string {
  const traceId = newTraceId();
  store.write([{ traceId, startMs: Date.now(), resource: { 'service.name': { stringValue: service } }, attributes: chatAttributes('gpt-4o', {
    'gen_ai.input.messages': { stringValue: messages('user', input) },
    'gen_ai.output.messages': { stringValue: messages('assistant', output) },
  }) }], 'p');
  return traceId;
}

function listFor(text: string, extra: Partial<ListTracesOptions> = {}) {
  const options: ListTracesOptions = { projectId: 'p', page: 1, limit: 50, orderBy: { column: 'start_time', direction: 'asc' }, includeNonGenAI: false, search: text, ...extra };
  return listTraces(store.db, options);
}

/** The trace ids a search finds, checked to be the same with every span counted as a common match
 *  (each trace looked up in the index instead of listed from the matches). */
function searchIds(text: string): string[] {
  const ids = listFor(text).rows.map((r) => r.trace_id).sort();
  const probed = listFor(text, { searchLimits: { fewTextMatches: 0, countCap: 1000 } }).rows.map((r) => r.trace_id).sort();
  expect(probed).toEqual(ids);
  return ids;
}

const indexAll = () => {
  const indexer = new SpanTextIndexer(store.db, deriveSpanText);
  while (indexer.indexNext(100) === 100);
};

describe('trace search over conversation text', () => {
  it('answers alike before and after the index reaches the spans', () => {
    const egg = writeChat('How long do I boil an egg?', 'Nine minutes.', 'kitchen');
    const notes = writeChat('Summarize the notes', 'The weather report was discussed.', 'office');
    const cases: [string, string[]][] = [
      ['boil', [egg]], ['egg nine', [egg]], ['"weather report"', [notes]], ['"report weather"', []],
      ['summ*', [notes]], ['egg weather', []], ['kitchen', [egg]],
    ];
    const before = cases.map(([text]) => searchIds(text));
    indexAll();
    expect(store.db.prepare(`SELECT indexed_to FROM search_state WHERE name = 'span_text_fts'`).pluck().get()).toBeGreaterThan(0);
    const after = cases.map(([text]) => searchIds(text));
    const expected = cases.map(([, ids]) => [...ids].sort());
    expect(before).toEqual(expected);
    expect(after).toEqual(expected);
  });
});

describe('trace search over service names', () => {
  it('matches a resource stored inline on the span (written before migration 20)', () => {
    const a = writeChat('hello', 'hi', 'legacy-service');
    const b = writeChat('hello', 'hi', 'modern-service');
    store.db.prepare(`UPDATE spans SET resource_json = (SELECT json FROM resources r WHERE r.id = spans.resource_id), resource_id = NULL
      WHERE trace_id = ?`).run(a);
    store.db.prepare(`DELETE FROM resources WHERE json LIKE '%legacy-service%'`).run();
    expect(searchIds('legacy')).toEqual([a]);
    expect(searchIds('modern')).toEqual([b]);
    expect(searchIds('service').sort()).toEqual([a, b].sort());
  });
});

describe('trace search over common words', () => {
  it('stops counting at the cap, says so, and still pages past it', () => {
    const ids = Array.from({ length: 5 }, (_, i) => writeChat(`question ${i} about latency`, 'an answer', 'svc'));
    indexAll(); // a common match is decided by the index's count
    const limits = { fewTextMatches: 2, countCap: 3 };
    const first = listFor('latency', { limit: 2, searchLimits: limits });
    expect(first).toMatchObject({ total: 3, totalCapped: true });
    const pages = [1, 2, 3].flatMap((page) => listFor('latency', { page, limit: 2, searchLimits: limits }).rows.map((r) => r.trace_id));
    expect(pages.sort()).toEqual([...ids].sort());
    // Under the threshold the count is exact and not capped.
    expect(listFor('latency', { limit: 2 })).toMatchObject({ total: 5 });
    expect(listFor('latency', { limit: 2 }).totalCapped).toBeUndefined();
  });
});
