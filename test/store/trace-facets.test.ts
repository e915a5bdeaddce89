// Traces per model (trace_facets): the writer's counts always equal a recount over the
// spans — across batches, retries and deletes, and after the migration's backfill — and
// the trace list filtered by a common or a rare model answers exactly either way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/store/schema/migrations.js';
import { countTracesWithFacet } from '../../src/store/write/trace-facets.js';
import type { FilterOp } from '../../src/store/shared/filter-ast.js';
import { compileFilter } from '../../src/store/read/filter-sql.js';
import { listTraces, traceFilterColumns } from '../../src/store/read/trace-queries.js';
import { chatAttributes, newTraceId, openTestStore, type OtlpValue, type TestStore } from '../helpers/store-spans.js';
import { UNDO_TAGS_INDEX, UNDO_CLOCK_SKEW, UNDO_COST_COUNTS, UNDO_API_KEYS, UNDO_SCORE_SOURCE_IDS, UNDO_SPAN_TEXTS, UNDO_SPAN_KEYS, UNDO_SPAN_RESOURCES } from '../helpers/schema-rewind.js';

let store: TestStore;

beforeEach(() => {
  store = openTestStore();
});

afterEach(() => {
  store.close();
});

function kept(): Record<string, number> {
  const rows = store.db.prepare(`SELECT value, trace_count FROM trace_facets WHERE project_id = 'p' AND facet = 'model' ORDER BY value`).all() as { value: string; trace_count: number }[];
  return Object.fromEntries(rows.map((r) => [r.value, r.trace_count]));
}

function modelsOf(traceId: string, column = 'models_json'): string[] | null {
  const json = store.db.prepare(`SELECT ${column} FROM traces WHERE trace_id = ?`).pluck().get(traceId) as string | null;
  return json === null ? null : (JSON.parse(json) as string[]);
}

/** Every trace's own lists of models, providers and frameworks, sorted. */
function traceLists(): Record<string, string[][]> {
  const rows = store.db.prepare('SELECT trace_id, models_json, providers_json, frameworks_json FROM traces ORDER BY trace_id').all() as Record<string, string | null>[];
  const sorted = (json: string | null) => (json === null ? [] : (JSON.parse(json) as string[]).sort());
  return Object.fromEntries(rows.map((r) => [r.trace_id!, [sorted(r.models_json!), sorted(r.providers_json!), sorted(r.frameworks_json!)]]));
}

/** Every writer-kept count, by facet and value, against a recount over the spans. */
function keptAll(): Record<string, number> {
  const rows = store.db.prepare(`SELECT facet || '=' || value AS k, trace_count AS n FROM trace_facets WHERE project_id = 'p' ORDER BY k`).all() as { k: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

function recountedAll(): Record<string, number> {
  const rows = store.db.prepare(`SELECT k, COUNT(DISTINCT trace_id) AS n FROM (
      SELECT 'model=' || model AS k, trace_id FROM spans WHERE project_id = 'p' AND model IS NOT NULL
      UNION ALL SELECT 'provider=' || provider, trace_id FROM spans WHERE project_id = 'p' AND provider IS NOT NULL
      UNION ALL SELECT 'framework=' || framework, trace_id FROM spans WHERE project_id = 'p' AND framework IS NOT NULL)
    GROUP BY k ORDER BY k`).all() as { k: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

function recounted(): Record<string, number> {
  const rows = store.db.prepare(`SELECT model, COUNT(DISTINCT trace_id) AS n FROM spans WHERE project_id = 'p' AND model IS NOT NULL GROUP BY model ORDER BY model`).all() as { model: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.model, r.n]));
}

describe('trace counts per model', () => {
  it('count each trace once per model across batches, retries and deletes', () => {
    const a = newTraceId();
    const b = newTraceId();
    const [root] = store.write([{ traceId: a, attributes: chatAttributes('gpt-4o') }, { traceId: a, attributes: chatAttributes('gpt-4o') }]);
    expect(kept()).toEqual({ 'gpt-4o': 1 });
    // A later batch of the same trace: one more gpt-4o span (not a new trace for it) and a new model.
    store.write([{ traceId: a, parentSpanId: root, attributes: chatAttributes('gpt-4o') }, { traceId: a, parentSpanId: root, attributes: chatAttributes('claude-3-5-sonnet') }]);
    store.write([{ traceId: b, attributes: chatAttributes('gpt-4o') }]);
    expect(kept()).toEqual({ 'claude-3-5-sonnet': 1, 'gpt-4o': 2 });
    expect(modelsOf(a)?.sort()).toEqual(['claude-3-5-sonnet', 'gpt-4o']);
    expect(modelsOf(a, 'providers_json')?.sort()).toEqual(['anthropic', 'openai']);
    // A client retry re-sends a stored span: nothing changes.
    store.write([{ traceId: a, spanId: root, attributes: chatAttributes('gpt-4o') }]);
    expect(kept()).toEqual(recounted());
    // Providers (and frameworks) are counted per trace the same way.
    expect(keptAll()).toMatchObject({ 'provider=openai': 2, 'provider=anthropic': 1 });
    expect(keptAll()).toEqual(recountedAll());
    store.executor.executeBatch([{ kind: 'deleteTraces', projectId: 'p', ids: [a] }]);
    expect(kept()).toEqual({ 'gpt-4o': 1 });
    expect(kept()).toEqual(recounted());
    expect(keptAll()).toEqual(recountedAll());
  });

  it('are backfilled from existing spans by the migrations (with the time buckets)', () => {
    const ids = Array.from({ length: 5 }, () => newTraceId());
    ids.forEach((traceId, i) => store.write([{ traceId, attributes: chatAttributes(i % 2 ? 'gpt-4o' : 'gpt-4o-mini') }]));
    store.write([{ traceId: ids[0]!, attributes: chatAttributes('o3') }, { traceId: newTraceId() }]);
    const bucketsSql = 'SELECT * FROM trace_time_buckets WHERE trace_count > 0 ORDER BY level, bucket, environment';
    const writerKeptBuckets = store.db.prepare(bucketsSql).all();
    const writerKeptFacets = keptAll();
    const writerKeptLists = traceLists();
    store.db.exec(`DROP TABLE trace_facets; ALTER TABLE traces DROP COLUMN models_json; DROP TABLE trace_time_buckets; DROP INDEX traces_project_errors;
      ALTER TABLE traces DROP COLUMN providers_json; ALTER TABLE traces DROP COLUMN frameworks_json;
      DROP INDEX spans_project_model_start; CREATE INDEX spans_project_model ON spans(project_id, model, provider, framework, trace_id);
      ${UNDO_TAGS_INDEX} ${UNDO_CLOCK_SKEW} ${UNDO_COST_COUNTS} ${UNDO_API_KEYS} ${UNDO_SCORE_SOURCE_IDS} ${UNDO_SPAN_TEXTS} ${UNDO_SPAN_RESOURCES} ${UNDO_SPAN_KEYS} PRAGMA user_version = 9`);
    applyMigrations(store.db);
    expect(kept()).toEqual({ 'gpt-4o': 2, 'gpt-4o-mini': 3, o3: 1 });
    expect(modelsOf(ids[0]!)?.sort()).toEqual(['gpt-4o-mini', 'o3']);
    expect(modelsOf(ids[1]!)).toEqual(['gpt-4o']);
    expect(store.db.prepare('SELECT COUNT(*) FROM traces WHERE models_json IS NULL').pluck().get()).toBe(1);
    // Time buckets (migrations 12, 13) count every trace once per level, as the writer does.
    const perLevel = store.db.prepare('SELECT level, SUM(trace_count) AS traces, SUM(genai_trace_count) AS genai FROM trace_time_buckets GROUP BY level').all();
    expect(perLevel).toEqual([0, 1, 2].map((level) => ({ level, traces: 6, genai: 5 })));
    expect(store.db.prepare(bucketsSql).all()).toEqual(writerKeptBuckets);
    // Traces per provider and framework (migration 14), as the writer keeps them.
    expect(keptAll()).toEqual(writerKeptFacets);
    expect(keptAll()).toEqual(recountedAll());
    // Each trace's provider and framework lists (migration 16), as the writer keeps them.
    expect(traceLists()).toEqual(writerKeptLists);
  });

  it('give a list total only when it is exact', () => {
    store.write([{ traceId: newTraceId(), attributes: chatAttributes('gpt-4o') }]);
    expect(countTracesWithFacet(store.db, 'p', 'model', 'gpt-4o', true)).toBe(1);
    expect(countTracesWithFacet(store.db, 'p', 'model', 'unknown-model', true)).toBe(0);
    // Were some gpt-4o span not a GenAI span, its trace might not be a GenAI trace: no shortcut.
    store.db.exec(`UPDATE span_facets SET span_count = span_count + 1 WHERE facet = 'model' AND value = 'gpt-4o'`);
    expect(countTracesWithFacet(store.db, 'p', 'model', 'gpt-4o', true)).toBeUndefined();
    expect(countTracesWithFacet(store.db, 'p', 'model', 'gpt-4o', false)).toBe(1);
  });
});

describe('trace list filtered by model or provider', () => {
  /** 120 traces a second apart, every third with `common`, the 8th with `rare`; ids newest first per value. */
  function seedTraces(attributesFor: (value: string) => Record<string, OtlpValue>): Record<string, string[]> {
    const expected: Record<string, string[]> = { common: [], rare: [], other: [] };
    for (let i = 0; i < 120; i++) {
      const value = i === 7 ? 'rare' : i % 3 === 0 ? 'common' : 'other';
      const traceId = newTraceId();
      store.write([{ traceId, startMs: Date.UTC(2025, 0, 1) + i * 1000, attributes: attributesFor(value) }]);
      expected[value]!.unshift(traceId);
    }
    return expected;
  }

  const page = (column: string, value: string, n: number) => listTraces(store.db, {
    projectId: 'p', page: n, limit: 10, orderBy: { column: 'start_time', direction: 'desc' }, includeNonGenAI: false,
    filter: { field: { kind: 'column', name: column }, op: 'eq', value },
  });

  it('pages a common model (time-index walk) and a rare one (lookup) exactly', () => {
    const expected = seedTraces((model) => chatAttributes(model));
    expect(page('model', 'common', 1).total).toBe(40);
    expect(page('model', 'common', 1).rows.map((r) => r.trace_id)).toEqual(expected.common!.slice(0, 10));
    expect(page('model', 'common', 4).rows.map((r) => r.trace_id)).toEqual(expected.common!.slice(30, 40));
    expect(page('model', 'rare', 1)).toMatchObject({ total: 1, rows: [{ trace_id: expected.rare![0] }] });
    expect(page('model', 'absent', 1)).toEqual({ total: 0, rows: [] });
  });

  it('pages a common provider and a rare one (both walk the trace lists) exactly, by either column name', () => {
    const expected = seedTraces((provider) => chatAttributes('some-model', { 'gen_ai.provider.name': { stringValue: provider } }));
    expect(page('provider', 'common', 1).total).toBe(40);
    expect(page('provider', 'common', 2).rows.map((r) => r.trace_id)).toEqual(expected.common!.slice(10, 20));
    expect(page('gen_ai_system', 'common', 4).rows.map((r) => r.trace_id)).toEqual(expected.common!.slice(30, 40));
    expect(page('provider', 'rare', 1)).toMatchObject({ total: 1, rows: [{ trace_id: expected.rare![0] }] });
    expect(page('provider', 'absent', 1)).toEqual({ total: 0, rows: [] });
  });
});

describe("a model, provider or framework condition on a trace's own lists", () => {
  it('matches the traces its spans match, for eq, ne, in and not_in', () => {
    const provider = (name: string) => ({ 'gen_ai.provider.name': { stringValue: name } });
    const traces = [
      [chatAttributes('a', provider('x')), chatAttributes('b', provider('y'))],
      [chatAttributes('a', provider('x'))],
      [chatAttributes('c', provider('y'))],
      [{}], // no model, no provider
    ];
    for (const spans of traces) {
      const traceId = newTraceId();
      store.write(spans.map((attributes) => ({ traceId, attributes })));
    }
    const matching = (column: string, op: FilterOp, value: unknown, facets: 'list' | 'spans') => {
      const compiled = compileFilter({ field: { kind: 'column', name: column }, op, value }, traceFilterColumns('p', 'lookup', facets));
      if (facets === 'list') expect(compiled.sql).not.toContain('FROM spans');
      return store.db.prepare(`SELECT trace_id FROM traces t WHERE ${compiled.sql} ORDER BY trace_id`).pluck().all(...compiled.params);
    };
    const cases: [string, FilterOp, unknown][] = [
      ['model', 'eq', 'a'], ['model', 'ne', 'a'], ['model', 'in', ['b', 'c']], ['model', 'not_in', ['a', 'c']],
      ['provider', 'eq', 'y'], ['gen_ai_system', 'ne', 'x'], ['provider', 'in', ['x']], ['provider', 'not_in', ['y']],
      ['framework', 'eq', 'none'], ['framework', 'ne', 'none'],
    ];
    for (const [column, op, value] of cases) {
      const bySpans = matching(column, op, value, 'spans');
      expect(matching(column, op, value, 'list'), `${column} ${op} ${JSON.stringify(value)}`).toEqual(bySpans);
    }
    expect(matching('model', 'ne', 'a', 'spans')).toHaveLength(2); // the trace with only c, and the one without a model
  });
});

