// Deep pages of the start-time ordered trace list start at their time bucket (writer-kept
// counts) instead of stepping over every newer trace: every page must be exactly what
// plain OFFSET paging gives — newest or oldest first, GenAI only or not, by environment —
// also after traces move between buckets and after deletes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTraces, type ListTracesOptions } from '../../src/store/read/trace-queries.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;
const BASE_MS = Date.UTC(2025, 0, 1);
/** Spaced 0.4 s apart, with gaps of days after the 800th and 1200th: the 1600 traces span
 *  ~600 fine, ~5 middle and 3 coarse buckets. */
const TRACES = 1600;
const traces: { id: string; startMs: number; genai: boolean; env: string }[] = [];
const DAY_MS = 86_400_000;
const startMsOf = (i: number) => BASE_MS + i * 400 + (i >= 800 ? 3 * DAY_MS : 0) + (i >= 1200 ? 2 * DAY_MS : 0);

beforeAll(() => {
  store = openTestStore();
  for (let batch = 0; batch < TRACES / 100; batch++) {
    const spans = Array.from({ length: 100 }, (_, j) => {
      const i = batch * 100 + j;
      const trace = { id: newTraceId(), startMs: startMsOf(i), genai: i % 7 !== 0, env: i % 3 === 0 ? 'prod' : 'dev' };
      traces.push(trace);
      const env = { 'deployment.environment.name': { stringValue: trace.env } };
      return { traceId: trace.id, startMs: trace.startMs, resource: env, attributes: trace.genai ? chatAttributes('gpt-4o') : { 'http.method': { stringValue: 'GET' } } };
    });
    store.write(spans);
  }
});

afterAll(() => store.close());

function listIds(options: Partial<ListTracesOptions>): string[] {
  return listTraces(store.db, { projectId: 'p', page: 1, limit: 50, orderBy: { column: 'start_time', direction: 'desc' }, includeNonGenAI: false, ...options }).rows.map((r) => r.trace_id);
}

function expected(options: { newestFirst: boolean; genaiOnly: boolean; env?: string }, offset: number): string[] {
  const kept = traces.filter((t) => (!options.genaiOnly || t.genai) && (!options.env || t.env === options.env)).sort((a, b) => a.startMs - b.startMs);
  if (options.newestFirst) kept.reverse();
  return kept.slice(offset, offset + 50).map((t) => t.id);
}

describe('deep pages of the trace list', () => {
  it.each([
    ['newest first, GenAI only', { newestFirst: true, genaiOnly: true }],
    ['oldest first, every trace', { newestFirst: false, genaiOnly: false }],
    ['newest first, one environment', { newestFirst: true, genaiOnly: true, env: 'prod' }],
  ])('%s: equal to OFFSET paging on every page', (_name, o: { newestFirst: boolean; genaiOnly: boolean; env?: string }) => {
    const total = traces.filter((t) => (!o.genaiOnly || t.genai) && (!o.env || t.env === o.env)).length;
    for (let page = 1; page <= Math.ceil(total / 50) + 1; page++) {
      const ids = listIds({ page, includeNonGenAI: !o.genaiOnly, environments: o.env ? [o.env] : undefined, orderBy: { column: 'start_time', direction: o.newestFirst ? 'desc' : 'asc' } });
      expect(ids, `page ${page}`).toEqual(expected(o, (page - 1) * 50));
    }
  });

  it('stays exact when a trace moves to an earlier bucket, turns GenAI, or is deleted', () => {
    // An earlier span arrives for a late trace (its start moves ~10 min back) and a GenAI span
    // arrives for a non-GenAI trace; then a few traces are deleted.
    const late = traces[TRACES - 2]!;
    store.write([{ traceId: late.id, startMs: BASE_MS - 600_000, attributes: chatAttributes('gpt-4o') }]);
    late.startMs = BASE_MS - 600_000;
    const plain = traces.find((t) => !t.genai && t.startMs > BASE_MS + 200_000)!;
    store.write([{ traceId: plain.id, startMs: plain.startMs + 1, attributes: chatAttributes('gpt-4o') }]);
    plain.genai = true;
    const doomed = traces.splice(100, 5);
    store.executor.executeBatch([{ kind: 'deleteTraces', projectId: 'p', ids: doomed.map((t) => t.id) }]);
    for (const page of [21, 25, 29, 30, 31]) {
      expect(listIds({ page }), `page ${page}`).toEqual(expected({ newestFirst: true, genaiOnly: true }, (page - 1) * 50));
    }
  });
});
