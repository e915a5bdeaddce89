// A span's identity is keyed by its trace's arrival (span_keys, migration 19): spans of a
// trace are found through traces -> span_keys, retries insert nothing, deletes leave no keys
// behind, the migration builds the same keys the writer keeps, and no lookup scans spans.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteTracesInTx } from '../../src/store/write/delete-traces.js';
import { applyMigrations } from '../../src/store/schema/migrations.js';
import { findObservation, listObservationIdsOfTraces, listObservationsOfTrace, listObservationsPage } from '../../src/store/read/observation-queries.js';
import { findSpan, listMessageSpans, listSpans, listTraceSpans } from '../../src/store/read/span-queries.js';
import { chatAttributes, newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';
import { UNDO_TAGS_INDEX, UNDO_CLOCK_SKEW, UNDO_COST_COUNTS, UNDO_API_KEYS, UNDO_SCORE_SOURCE_IDS, UNDO_SPAN_TEXTS, UNDO_SPAN_KEYS, UNDO_SPAN_RESOURCES } from '../helpers/schema-rewind.js';

let store: TestStore;
let traceA: string;
let traceB: string;
let aSpans: string[];

beforeEach(() => {
  store = openTestStore();
  traceA = newTraceId();
  traceB = newTraceId();
  // Trace A arrives in two batches (children first, then more), B beside it, and a trace in
  // another project reuses A's trace id.
  aSpans = store.write([{ traceId: traceA, attributes: chatAttributes('m1') }, { traceId: traceB }]).slice(0, 1);
  aSpans.push(...store.write([{ traceId: traceA, attributes: chatAttributes('m2') }, { traceId: traceA }]));
  store.write([{ traceId: traceA }], 'other');
});
afterEach(() => store.close());

const count = (sql: string, ...params: unknown[]) => store.db.prepare(sql).pluck().get(...params) as number;
const spanIds = (rows: { span_id: string }[]) => rows.map((r) => r.span_id).sort();

/** The SQL of every statement `run` prepares. */
function statementsPreparedBy(run: () => void): string[] {
  const prepared: string[] = [];
  const prepare = store.db.prepare.bind(store.db);
  store.db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof store.db.prepare;
  try {
    run();
  } finally {
    store.db.prepare = prepare;
  }
  return prepared;
}

/** SQLite's query plan of a statement (parameters bound to null), as one line. */
function planOf(sql: string): string {
  const marks = (sql.match(/\?/g) ?? []).length;
  return (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(marks).fill(null)) as { detail: string }[]).map((p) => p.detail).join('; ');
}

describe('span keys', () => {
  it('find every span of a trace across its batches, in its own project only', () => {
    expect(spanIds(listTraceSpans(store.db, 'p', traceA, false))).toEqual([...aSpans].sort());
    expect(spanIds(listObservationsOfTrace(store.db, 'p', traceA))).toEqual([...aSpans].sort());
    expect(listObservationIdsOfTraces(store.db, 'p', [traceA, traceB]).get(traceA)?.sort()).toEqual([...aSpans].sort());
    expect(spanIds(listMessageSpans(store.db, 'p', [traceA]))).toEqual([...aSpans].sort());
    expect(findSpan(store.db, 'p', traceA, aSpans[1]!, false)?.span_id).toBe(aSpans[1]);
    expect(findSpan(store.db, 'p', traceB, aSpans[1]!, false)).toBeUndefined();
    expect(listTraceSpans(store.db, 'other', traceA, false)).toHaveLength(1);
  });

  it('are written once per span, under the trace row’s first arrival', () => {
    expect(count('SELECT COUNT(*) FROM span_keys')).toBe(count('SELECT COUNT(*) FROM spans'));
    const mismatched = `SELECT COUNT(*) FROM span_keys k JOIN spans s ON s.id = k.span_rowid
      JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id
      WHERE k.project_id != s.project_id OR k.trace_id != s.trace_id OR k.span_id != s.span_id OR k.trace_created_ms != t.created_at_ms`;
    expect(count(mismatched)).toBe(0);
  });

  it('make a retried export a no-op: no span, no key, no roll-up change', () => {
    const before = count('SELECT span_count FROM traces WHERE project_id = ? AND trace_id = ?', 'p', traceA);
    store.write([{ traceId: traceA, spanId: aSpans[0] }, { traceId: traceA, spanId: aSpans[2] }]);
    expect(count('SELECT COUNT(*) FROM spans WHERE project_id = ?', 'p')).toBe(4);
    expect(count('SELECT COUNT(*) FROM span_keys')).toBe(5);
    expect(count('SELECT span_count FROM traces WHERE project_id = ? AND trace_id = ?', 'p', traceA)).toBe(before);
  });

  it('go with their trace when it is deleted, and the trace can arrive again', () => {
    store.db.transaction(() => deleteTracesInTx(store.db, 'p', [traceA]))();
    expect(count('SELECT COUNT(*) FROM spans WHERE project_id = ?', 'p')).toBe(1);
    expect(count('SELECT COUNT(*) FROM span_keys WHERE project_id = ?', 'p')).toBe(1);
    expect(listTraceSpans(store.db, 'other', traceA, false)).toHaveLength(1);
    store.write([{ traceId: traceA, spanId: aSpans[0] }]);
    expect(spanIds(listTraceSpans(store.db, 'p', traceA, false))).toEqual([aSpans[0]]);
  });

  it('are built by the migration exactly as the writer keeps them', () => {
    const keysSql = 'SELECT * FROM span_keys ORDER BY project_id, trace_created_ms, trace_id, span_id';
    const writerKept = store.db.prepare(keysSql).all();
    store.db.exec(`${UNDO_TAGS_INDEX} ${UNDO_CLOCK_SKEW} ${UNDO_COST_COUNTS} ${UNDO_API_KEYS} ${UNDO_SCORE_SOURCE_IDS} ${UNDO_SPAN_TEXTS} ${UNDO_SPAN_RESOURCES} ${UNDO_SPAN_KEYS} PRAGMA user_version = 18;`);
    applyMigrations(store.db);
    expect(store.db.prepare(keysSql).all()).toEqual(writerKept);
    expect(count("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'spans_identity'")).toBe(0);
  });

  it('find an observation by its id alone through the project’s keys, not its spans', () => {
    expect(findObservation(store.db, 'p', aSpans[1]!)?.span_id).toBe(aSpans[1]);
    expect(findObservation(store.db, 'other', aSpans[1]!)).toBeUndefined();
    const [plan] = statementsPreparedBy(() => findObservation(store.db, 'p', aSpans[1]!)).map(planOf);
    expect(plan).toMatch(/SEARCH k USING PRIMARY KEY \(project_id=\?\)/);
    expect(plan).toMatch(/SEARCH s USING INTEGER PRIMARY KEY/);
    expect(plan).not.toMatch(/(SCAN|SEARCH) s USING (COVERING )?INDEX/);
  });

  it('look spans up by key and rowid, never by walking the project', () => {
    // Every statement the reads below prepare that reaches spans through the keys.
    const byTrace = { field: { kind: 'column' as const, name: 'trace_id' }, op: 'eq' as const, value: traceA };
    const list = { page: 1, limit: 1, orderBy: { column: 'start_time', direction: 'desc' as const }, includeRaw: false };
    const prepared = statementsPreparedBy(() => {
      listSpans(store.db, { projectId: 'p', ...list, traceId: traceA });
      listSpans(store.db, { projectId: 'p', ...list, filter: byTrace });
      listObservationsPage(store.db, 'p', { ...byTrace, field: { kind: 'column', name: 'traceId' } }, { page: 1, limit: 1 });
      listTraceSpans(store.db, 'p', traceA, false);
      findSpan(store.db, 'p', traceA, aSpans[0]!, false);
      listMessageSpans(store.db, 'p', [traceA, traceB]);
      listObservationIdsOfTraces(store.db, 'p', [traceA, traceB]);
    });
    const plans = prepared.filter((sql) => sql.includes('span_keys')).map(planOf);
    // The trace_id filter compiles to the same statement as the traceId option; a count too
    // (the observations' count has its own: it leaves direct-ingestion trace spans out).
    expect(plans).toHaveLength(8);
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH s USING INTEGER PRIMARY KEY/);
      expect(plan).toMatch(/SEARCH k USING PRIMARY KEY \(project_id=\? AND trace_created_ms=\? AND trace_id=\?/);
      expect(plan).not.toMatch(/(SCAN|SEARCH) s USING (COVERING )?INDEX/);
    }
  });
});
