// The attribute search index: an equality filter on any attribute must give exactly what
// scanning every span gives — whether the spans are indexed yet or not, for every value
// type, for values the index skips, and after deletes hand rowids out again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttributeIndexer } from '../../src/store/write/attribute-indexer.js';
import { attributeTerm, MAX_INDEXED_VALUE_CHARS } from '../../src/store/shared/attribute-terms.js';
import type { FilterNode } from '../../src/store/shared/filter-ast.js';
import { listTraces } from '../../src/store/read/trace-queries.js';
import { listSpans } from '../../src/store/read/span-queries.js';
import { chatAttributes, newTraceId, openTestStore, type OtlpValue, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;
let db: TestStore['db'];
let indexer: AttributeIndexer;

beforeEach(() => {
  store = openTestStore();
  db = store.db;
  indexer = new AttributeIndexer(db);
});

afterEach(() => {
  store.close();
});

/** Writes one GenAI trace of one span with these attributes; returns its trace id. */
function writeTrace(attributes: Record<string, OtlpValue>, resource: Record<string, OtlpValue> = {}): string {
  const traceId = newTraceId();
  store.write([{ traceId, attributes: chatAttributes('gpt-4o', attributes), resource }]);
  return traceId;
}

function tracesMatching(filter: FilterNode): string[] {
  const page = listTraces(db, { projectId: 'p', page: 1, limit: 100, orderBy: { column: 'start_time', direction: 'asc' }, filter, includeNonGenAI: true });
  return page.rows.map((r) => r.trace_id).sort();
}

function spansMatching(filter: FilterNode): number {
  return listSpans(db, { projectId: 'p', page: 1, limit: 100, orderBy: { column: 'start_time', direction: 'asc' }, filter, includeRaw: false }).rows.length;
}

const attr = (key: string, op: 'eq' | 'in' | 'ne' | 'not_in', value: unknown): FilterNode => ({ field: { kind: 'attribute', key }, op, value });
const indexAll = () => {
  while (indexer.indexNext(1000) === 1000);
};

describe('attribute search index', () => {
  it('answers eq / in exactly, for each value type, before and after indexing', () => {
    const a = writeTrace({ 'app.tier': { stringValue: 'gold' }, 'http.status': { intValue: '200' }, 'app.ratio': { doubleValue: 0.5 }, 'app.flag': { boolValue: true } });
    const b = writeTrace({ 'app.tier': { stringValue: 'silver' }, 'http.status': { intValue: '404' }, 'app.ratio': { doubleValue: 2 }, 'app.flag': { boolValue: false } });
    const c = writeTrace({ 'other.tier': { stringValue: 'gold' }, 'app.code': { stringValue: '200' } });
    const cases: [FilterNode, string[]][] = [
      [attr('app.tier', 'eq', 'gold'), [a]],
      [attr('app.tier', 'in', ['gold', 'silver']), [a, b].sort()],
      [attr('http.status', 'eq', 200), [a]],
      [attr('app.ratio', 'eq', 2), [b]], // stored as the double 2.0
      [attr('app.flag', 'eq', true), [a]],
      [attr('app.flag', 'eq', false), [b]],
      [attr('app.code', 'eq', 200), []], // text '200' is not the number 200, as in SQL
      [attr('app.code', 'eq', '200'), [c]],
      [attr('app.tier', 'ne', 'gold'), [b, c].sort()],
      [attr('app.tier', 'not_in', ['gold', 'silver']), [c]],
      [attr('missing.key', 'eq', 'gold'), []],
    ];
    const before = cases.map(([filter]) => tracesMatching(filter));
    expect(db.prepare('SELECT indexed_to FROM search_state').pluck().get()).toBe(0);
    indexAll();
    expect(db.prepare('SELECT indexed_to FROM search_state').pluck().get()).toBe(3);
    const after = cases.map(([filter]) => tracesMatching(filter));
    expect(before).toEqual(cases.map(([, expected]) => expected));
    expect(after).toEqual(before);
    expect(spansMatching(attr('app.tier', 'eq', 'gold'))).toBe(1);
  });

  it('uses the index once built: an indexed span missing from the index is not found', () => {
    // Proves the query really goes through the index (and not a scan that would hide a
    // broken index): delete a span's index entry behind the writer's back.
    const a = writeTrace({ 'app.tier': { stringValue: 'gold' } });
    indexAll();
    expect(tracesMatching(attr('app.tier', 'eq', 'gold'))).toEqual([a]);
    db.exec(`DROP TABLE span_attr_terms; CREATE VIRTUAL TABLE span_attr_terms USING fts5(terms, content='', detail='none', columnsize=0)`);
    expect(tracesMatching(attr('app.tier', 'eq', 'gold'))).toEqual([]);
  });

  it('finds resource attributes, and values too long to index by scanning', () => {
    const long = 'x'.repeat(MAX_INDEXED_VALUE_CHARS + 1);
    const a = writeTrace({ 'app.note': { stringValue: long } }, { 'service.name': { stringValue: 'billing' } });
    indexAll();
    expect(attributeTerm('app.note', long)).toBeNull();
    expect(tracesMatching(attr('app.note', 'eq', long))).toEqual([a]);
    expect(tracesMatching(attr('service.name', 'eq', 'billing'))).toEqual([a]);
  });

  it('indexes each span with its own resource when consecutive spans share one', () => {
    const service = (name: string) => ({ 'service.name': { stringValue: name } });
    const [a1, a2, b, a3] = [service('alpha'), service('alpha'), service('beta'), service('alpha')].map((resource) => writeTrace({}, resource));
    indexAll();
    expect(tracesMatching(attr('service.name', 'eq', 'alpha')).sort()).toEqual([a1, a2, a3].sort());
    expect(tracesMatching(attr('service.name', 'eq', 'beta'))).toEqual([b]);
  });

  it('indexes spans that reuse the rowids of deleted ones', () => {
    writeTrace({ 'app.tier': { stringValue: 'gold' } });
    const doomed = writeTrace({ 'app.tier': { stringValue: 'bronze' } });
    indexAll();
    store.executor.executeBatch([{ kind: 'deleteTraces', projectId: 'p', ids: [doomed] }]);
    const reborn = writeTrace({ 'app.tier': { stringValue: 'platinum' } }); // takes rowid 2 again
    indexAll();
    expect(tracesMatching(attr('app.tier', 'eq', 'platinum'))).toEqual([reborn]);
    expect(tracesMatching(attr('app.tier', 'eq', 'bronze'))).toEqual([]);
  });
});
