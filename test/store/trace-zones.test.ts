// Numeric thresholds on the trace list ("total_tokens gt X") read only the time buckets whose
// writer-kept maximum reaches X. The answer must equal checking every trace, whatever X is;
// a threshold above everything answers without reading traces; the maxima follow traces that
// grow in later batches and are rebuilt exactly by the migration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FilterNode, FilterOp } from '../../src/store/shared/filter-ast.js';
import { applyMigrations } from '../../src/store/schema/migrations.js';
import { listTraces } from '../../src/store/read/trace-queries.js';
import { ZONE_COLUMNS, zoneRangesForFilter } from '../../src/store/write/trace-zones.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';
import { UNDO_TAGS_INDEX, UNDO_CLOCK_SKEW, UNDO_COST_COUNTS, UNDO_API_KEYS, UNDO_SCORE_SOURCE_IDS, UNDO_SPAN_TEXTS, UNDO_SPAN_KEYS, UNDO_SPAN_RESOURCES } from '../helpers/schema-rewind.js';

let store: TestStore;
beforeEach(() => {
  store = openTestStore();
});
afterEach(() => store.close());

const DAY_MS = 86_400_000;
const usage = (input: number, output: number) => chatAttributes('gpt-4o', {
  'gen_ai.usage.input_tokens': { intValue: String(input) }, 'gen_ai.usage.output_tokens': { intValue: String(output) },
});

/** 60 traces over 30 days; trace i has 10*i input and i output tokens. Returns ids by tokens. */
function seed(): Map<string, number> {
  const tokens = new Map<string, number>();
  for (let i = 0; i < 60; i++) {
    const traceId = newTraceId();
    store.write([{ traceId, startMs: Date.UTC(2025, 0, 1) + i * (DAY_MS / 2), attributes: usage(10 * i, i) }]);
    tokens.set(traceId, 11 * i);
  }
  return tokens;
}

const threshold = (name: string, op: FilterOp, value: unknown): FilterNode => ({ field: { kind: 'column', name }, op, value });
const list = (filter: FilterNode) => listTraces(store.db, { projectId: 'p', page: 1, limit: 100, orderBy: { column: 'start_time', direction: 'desc' }, includeNonGenAI: false, filter });

describe('numeric thresholds through time-bucket maxima', () => {
  it('answer exactly what checking every trace answers', () => {
    const tokens = seed();
    for (const [op, x] of [['gt', 0], ['gt', 300], ['gte', 539], ['gt', 549], ['eq', 649], ['gt', 649], ['gte', 1e9]] as [FilterOp, number][]) {
      const expected = [...tokens].filter(([, t]) => (op === 'gt' ? t > x : op === 'gte' ? t >= x : t === x)).map(([id]) => id).sort();
      const page = list(threshold('total_tokens', op, x));
      expect(page.rows.map((r) => r.trace_id).sort(), `${op} ${x}`).toEqual(expected);
      expect(page.total).toBe(expected.length);
    }
    // Combined with other conditions, and the typed value as text.
    const combined = list({ and: [threshold('environment', 'is_null', undefined), threshold('total_tokens', 'gt', '600')] });
    expect(combined.total).toBe(5);
  });

  it('read only the buckets that reach the threshold, and none above every trace', () => {
    seed();
    expect(zoneRangesForFilter(store.db, 'p', threshold('total_tokens', 'gt', 1e9))).toEqual([]);
    const top = zoneRangesForFilter(store.db, 'p', threshold('total_tokens', 'gte', 640))!;
    expect(top.length).toBeGreaterThan(0);
    const span = top.reduce((sum, [from, to]) => sum + (to - from), 0n);
    expect(span).toBeLessThan(BigInt(DAY_MS) * 1_000_000n); // the newest trace's bucket, not the month
    expect(zoneRangesForFilter(store.db, 'p', threshold('total_tokens', 'lt', 5))).toBeUndefined(); // not a threshold: no narrowing
    expect(zoneRangesForFilter(store.db, 'p', threshold('duration_ms', 'gt', 6))).toEqual([]); // every span lasts 5 ms
    expect(list(threshold('duration_ms', 'gte', 5)).total).toBe(60);
  });

  it('follow a trace that grows in a later batch, within its bucket', () => {
    const traceId = newTraceId();
    const startMs = Date.UTC(2025, 0, 1);
    store.write([{ traceId, startMs, attributes: usage(1, 1) }]);
    expect(list(threshold('total_tokens', 'gt', 1000)).total).toBe(0);
    store.write([{ traceId, startMs: startMs + 1, attributes: usage(5000, 5) }]);
    expect(list(threshold('total_tokens', 'gt', 1000)).rows.map((r) => r.trace_id)).toEqual([traceId]);
  });

  it('are rebuilt by the migration exactly as the writer keeps them', () => {
    seed();
    const bucketsSql = 'SELECT * FROM trace_time_buckets ORDER BY level, bucket, environment';
    const writerKept = store.db.prepare(bucketsSql).all();
    store.db.exec(ZONE_COLUMNS.map((zone) => `ALTER TABLE trace_time_buckets DROP COLUMN ${zone.column};`).join('\n')
      + `${UNDO_TAGS_INDEX} ${UNDO_CLOCK_SKEW} ${UNDO_COST_COUNTS} ${UNDO_API_KEYS} ${UNDO_SCORE_SOURCE_IDS} ${UNDO_SPAN_TEXTS} ${UNDO_SPAN_RESOURCES} ${UNDO_SPAN_KEYS} PRAGMA user_version = 17;`);
    applyMigrations(store.db);
    expect(store.db.prepare(bucketsSql).all()).toEqual(writerKept);
  });
});
