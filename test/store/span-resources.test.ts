// Each distinct span resource is stored once (resources, migration 20) and spans point at
// it; spans stored before the migration keep theirs inline. Every read sees the same
// resource either way: span detail, conversation and observation rows, attribute filters
// (scanned or through the attribute index), and the Langfuse root span.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttributeIndexer } from '../../src/store/write/attribute-indexer.js';
import type { FilterNode } from '../../src/store/shared/filter-ast.js';
import { findTrace } from '../../src/store/read/langfuse-trace-queries.js';
import { applyMigrations } from '../../src/store/schema/migrations.js';
import { listObservationsOfTrace } from '../../src/store/read/observation-queries.js';
import { findSpan, listMessageSpans, listSpans } from '../../src/store/read/span-queries.js';
import { listTraces } from '../../src/store/read/trace-queries.js';
import { UNDO_TAGS_INDEX, UNDO_CLOCK_SKEW, UNDO_COST_COUNTS, UNDO_API_KEYS, UNDO_SCORE_SOURCE_IDS, UNDO_SPAN_TEXTS, UNDO_SPAN_RESOURCES } from '../helpers/schema-rewind.js';
import { newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;
afterEach(() => store.close());

const service = (name: string) => ({ 'service.name': { stringValue: name }, 'host.name': { stringValue: 'h1' } });
const count = (sql: string) => store.db.prepare(sql).pluck().get() as number;
const byService = (name: string): FilterNode => ({ field: { kind: 'attribute', key: 'service.name' }, op: 'eq', value: name });
const list = { page: 1, limit: 100, orderBy: { column: 'start_time', direction: 'asc' as const } };

/** Every way a read hands out the resource of span `spanId` of `traceId`, as parsed JSON. */
function resourcesRead(traceId: string, spanId: string, projectId = 'p'): unknown[] {
  const observation = listObservationsOfTrace(store.db, projectId, traceId).find((o) => o.span_id === spanId);
  return [
    findSpan(store.db, projectId, traceId, spanId, true)?.resource_json,
    listMessageSpans(store.db, projectId, [traceId]).find((s) => s.span_id === spanId)?.resource_json,
    observation?.resource_json,
    JSON.parse(String(findTrace(store.db, projectId, traceId)?.root_span ?? '{}')).resource_json,
  ].map((json) => JSON.parse(String(json)));
}

describe('span resources', () => {
  beforeEach(() => {
    store = openTestStore();
  });

  it('are stored once however many spans, batches and projects share them', () => {
    const traces = [newTraceId(), newTraceId()];
    store.write(traces.map((traceId) => ({ traceId, resource: service('svc-a') })));
    store.write([{ traceId: traces[0]!, resource: service('svc-a') }, { traceId: newTraceId(), resource: service('svc-b') }]);
    store.write([{ traceId: traces[0]!, resource: service('svc-a') }], 'other');
    expect(count('SELECT COUNT(*) FROM resources')).toBe(2);
    expect(count("SELECT COUNT(*) FROM spans WHERE resource_id IS NOT NULL AND resource_json = ''")).toBe(5);
  });

  it('read back the same for every view, in the span’s project only', () => {
    const traceId = newTraceId();
    const [spanId] = store.write([{ traceId, resource: service('svc-a') }]);
    for (const resource of resourcesRead(traceId, spanId!)) expect(resource).toEqual({ 'service.name': 'svc-a', 'host.name': 'h1' });
    expect(findSpan(store.db, 'other', traceId, spanId!, true)).toBeUndefined();
  });

  it('a retried batch adds no resource, and a rolled-back one leaves none behind', () => {
    const traceId = newTraceId();
    const spanIds = store.write([{ traceId, resource: service('svc-a') }]);
    store.write([{ traceId, spanId: spanIds[0], resource: service('svc-retry') }]);
    expect(store.db.prepare('SELECT json FROM resources').pluck().all()).toEqual([JSON.stringify({ 'service.name': 'svc-a', 'host.name': 'h1' })]);
    // The batch's second insert fails after its first span added a new resource: all rolled back.
    store.db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON spans WHEN NEW.span_id = 'ffffffffffffffff' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    expect(() => store.write([{ traceId: newTraceId(), resource: service('svc-c') }, { traceId, spanId: 'ffffffffffffffff' }])).toThrow(/refused/);
    expect(count('SELECT COUNT(*) FROM resources')).toBe(1);
    const [later] = store.write([{ traceId: newTraceId(), resource: service('svc-c') }]);
    expect(count('SELECT COUNT(*) FROM resources')).toBe(2);
    expect(count(`SELECT COUNT(*) FROM spans s JOIN resources r ON r.id = s.resource_id WHERE s.span_id = '${later}'`)).toBe(1);
  });

  it('match attribute filters, scanned and through the attribute index', () => {
    const traceIds = [newTraceId(), newTraceId()];
    store.write([{ traceId: traceIds[0]!, resource: service('svc-a') }, { traceId: traceIds[1]!, resource: service('svc-b') }]);
    const matching = () => [
      listSpans(store.db, { projectId: 'p', ...list, filter: byService('svc-b'), includeRaw: false }).rows.map((r) => r.trace_id),
      listTraces(store.db, { projectId: 'p', ...list, filter: byService('svc-b'), includeNonGenAI: true }).rows.map((r) => r.trace_id),
    ];
    expect(matching()).toEqual([[traceIds[1]], [traceIds[1]]]);
    expect(new AttributeIndexer(store.db).indexNext(100)).toBe(2);
    expect(matching()).toEqual([[traceIds[1]], [traceIds[1]]]);
  });

  it('stored inline before migration 20 stay there, and read the same as new ones', () => {
    const oldTrace = newTraceId();
    const [oldSpan] = store.write([{ traceId: oldTrace, resource: service('svc-old') }]);
    store.db.exec(`${UNDO_TAGS_INDEX} ${UNDO_CLOCK_SKEW} ${UNDO_COST_COUNTS} ${UNDO_API_KEYS} ${UNDO_SCORE_SOURCE_IDS} ${UNDO_SPAN_TEXTS} ${UNDO_SPAN_RESOURCES} PRAGMA user_version = 19;`);
    applyMigrations(store.db);
    expect(count('SELECT COUNT(*) FROM resources')).toBe(0);
    const newTrace = newTraceId();
    const [newSpan] = store.write([{ traceId: newTrace, resource: service('svc-new') }]);
    expect(store.db.prepare('SELECT resource_id IS NULL, resource_json <> \'\' FROM spans ORDER BY id').raw().all()).toEqual([[1, 1], [0, 0]]);
    for (const resource of resourcesRead(oldTrace, oldSpan!)) expect(resource).toMatchObject({ 'service.name': 'svc-old' });
    for (const resource of resourcesRead(newTrace, newSpan!)) expect(resource).toMatchObject({ 'service.name': 'svc-new' });
    expect(listSpans(store.db, { projectId: 'p', ...list, filter: byService('svc-old'), includeRaw: false }).rows.map((r) => r.span_id)).toEqual([oldSpan]);
    new AttributeIndexer(store.db).indexNext(100);
    expect(listTraces(store.db, { projectId: 'p', ...list, filter: byService('svc-old'), includeNonGenAI: true }).rows.map((r) => r.trace_id)).toEqual([oldTrace]);
  });
});
