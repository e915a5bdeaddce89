// "has_error eq true" lists read a partial index of the traces with errors (usually a few
// percent of a project) for their page and their total; the answer is the same as a scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTraces } from '../../src/store/read/trace-queries.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;
const BASE_MS = Date.UTC(2025, 0, 1);
const failed: string[] = [];
const fine: string[] = [];

beforeAll(() => {
  store = openTestStore();
  for (let i = 0; i < 60; i++) {
    const traceId = newTraceId();
    const error = i % 7 === 3;
    // The error sits on a second span of the trace, in a later batch: the trace turns failed.
    store.write([{ traceId, startMs: BASE_MS + i * 1000, attributes: chatAttributes('gpt-4o') }]);
    if (error) store.write([{ traceId, startMs: BASE_MS + i * 1000 + 1, error: true }]);
    (error ? failed : fine).unshift(traceId); // newest first
  }
});

afterAll(() => store.close());

const list = (value: boolean, page = 1) => listTraces(store.db, {
  projectId: 'p', page, limit: 5, orderBy: { column: 'start_time', direction: 'desc' }, includeNonGenAI: false,
  filter: { field: { kind: 'column', name: 'has_error' }, op: 'eq', value },
});

describe('has_error lists', () => {
  it('page and count the traces with errors exactly, newest first', () => {
    expect(failed).toHaveLength(9);
    expect(list(true, 1)).toEqual({ total: 9, rows: expect.any(Array) });
    expect([1, 2].flatMap((page) => list(true, page).rows.map((r) => r.trace_id))).toEqual(failed);
    expect(list(false, 1).total).toBe(51);
    expect(list(false, 3).rows.map((r) => r.trace_id)).toEqual(fine.slice(10, 15));
  });

  it('read the partial index of failed traces, not the project', () => {
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM traces t WHERE t.project_id = ? AND t.genai_span_count > 0 AND (t.error_count > 0)`).all('p') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('traces_project_errors');
  });
});
