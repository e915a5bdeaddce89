// The writer-kept span total of a project (the Langfuse observations total without a filter)
// always equals a recount: across batches, client retries, other projects and deletes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countProjectSpans } from '../../src/store/write/span-facets.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;

beforeEach(() => {
  store = openTestStore();
});

afterEach(() => {
  store.close();
});

const recount = (projectId: string) => store.db.prepare('SELECT COUNT(*) FROM spans WHERE project_id = ?').pluck().get(projectId);

describe('span total per project', () => {
  it('equals a recount across batches, retries, projects and deletes', () => {
    const a = newTraceId();
    const b = newTraceId();
    const spanIds = store.write([{ traceId: a, attributes: chatAttributes('gpt-4o') }, { traceId: a }, { traceId: b }]);
    store.write([{ traceId: a, spanId: spanIds[0] }, { traceId: b, spanId: spanIds[2] }]); // a retry stores nothing
    store.write([{ traceId: newTraceId() }, { traceId: newTraceId(), attributes: chatAttributes('o3') }], 'other');
    expect(countProjectSpans(store.db, 'p')).toBe(3);
    expect(countProjectSpans(store.db, 'other')).toBe(2);
    store.executor.executeBatch([{ kind: 'deleteTraces', projectId: 'p', ids: [a] }]);
    expect(countProjectSpans(store.db, 'p')).toBe(1);
    expect(countProjectSpans(store.db, 'p')).toBe(recount('p'));
    expect(countProjectSpans(store.db, 'other')).toBe(recount('other'));
    expect(countProjectSpans(store.db, 'nobody')).toBe(0);
  });
});
