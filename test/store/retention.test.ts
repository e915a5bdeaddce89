// Retention housekeeping (src/retention.ts): the oldest traces by arrival go whole — never half
// a trace — by age, by spans per project and by data size; the roll-ups stay right (list
// totals, sessions, facet counts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Retention, type RetentionPolicy } from '../../src/retention.js';
import { listTraces } from '../../src/store/read/trace-queries.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';

let store: TestStore;
beforeEach(() => {
  store = openTestStore();
});
afterEach(() => store.close());

const writer = () => ({
  deleteTraces: async (projectId: string, ids: string[]) => {
    const result = store.executor.executeBatch([{ kind: 'deleteTraces', projectId, ids }]).results[0]!;
    if (!result.ok) throw new Error(result.message);
    return result.value;
  },
});

/** A trace of `spans` spans in session `session`; returns its id. */
function writeTrace(spans: number, session: string): string {
  const traceId = newTraceId();
  store.write(Array.from({ length: spans }, () => ({ traceId, attributes: chatAttributes('gpt-4o', { 'session.id': { stringValue: session } }) })));
  return traceId;
}

const spanCount = (traceId?: string) => store.db.prepare(`SELECT COUNT(*) FROM spans${traceId ? ' WHERE trace_id = ?' : ''}`).pluck().get(...(traceId ? [traceId] : [])) as number;
const traceIds = () => (store.db.prepare('SELECT trace_id FROM traces ORDER BY created_at_ms').pluck().all() as string[]);
const policy = (p: Partial<RetentionPolicy>): RetentionPolicy => ({ maxAgeMs: null, maxSpans: null, maxBytes: null, ...p });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectRollupsConsistent(): void {
  const counted = store.db.prepare(`SELECT COALESCE(SUM(span_count), 0) FROM span_facets WHERE project_id = 'p' AND facet = 'status_code'`).pluck().get();
  expect(counted).toBe(spanCount());
  const total = listTraces(store.db, { projectId: 'p', page: 1, limit: 100, orderBy: { column: 'start_time', direction: 'desc' }, includeNonGenAI: true }).total;
  expect(total).toBe(traceIds().length);
  const sessions = store.db.prepare('SELECT session_id, trace_count FROM sessions ORDER BY session_id').all();
  const expected = store.db.prepare('SELECT session_id, COUNT(*) AS trace_count FROM traces GROUP BY session_id ORDER BY session_id').all();
  expect(sessions).toEqual(expected);
}

describe('retention', () => {
  it('deletes traces that arrived before max_age, whole, and keeps the roll-ups right', async () => {
    const old = writeTrace(3, 's-old');
    await sleep(30);
    const cutoff = Date.now();
    await sleep(10);
    const fresh = writeTrace(2, 's-new');
    const maxAgeMs = 7 * 86_400_000;
    const deleted = await new Retention(store.db, writer(), policy({ maxAgeMs }), () => cutoff + maxAgeMs).runOnce();
    expect(deleted).toBe(1);
    expect(traceIds()).toEqual([fresh]);
    expect(spanCount(old)).toBe(0);
    expect(spanCount(fresh)).toBe(2);
    expectRollupsConsistent();
  });

  it('keeps a project under max_spans by deleting its oldest traces', async () => {
    const ids = [writeTrace(2, 's1'), writeTrace(2, 's1'), writeTrace(2, 's2')];
    await new Retention(store.db, writer(), policy({ maxSpans: 3 })).runOnce();
    expect(traceIds()).toEqual([ids[2]]);
    expectRollupsConsistent();
  });

  it('deletes the oldest traces while the data is over max_db_size, and nothing when under', async () => {
    writeTrace(2, 's1');
    writeTrace(2, 's1');
    expect(await new Retention(store.db, writer(), policy({ maxBytes: 1024 ** 3 })).runOnce()).toBe(0);
    expect(await new Retention(store.db, writer(), policy({ maxBytes: 1 })).runOnce()).toBe(2);
    expect(traceIds()).toEqual([]);
    expectRollupsConsistent();
  });
});
