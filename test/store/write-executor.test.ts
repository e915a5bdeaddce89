// The writer's batches: when one job of a shared transaction fails, the others are retried
// alone and stored exactly, including the texts a span batch sends once (resource, scope).
import { afterEach, describe, expect, it } from 'vitest';
import { buildSpanRow } from '../../src/ingest-rows.js';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.js';
import type { MetricPointRow } from '../../src/store/shared/rows.js';
import { toSpanBatch } from '../../src/store/write/span-writer.js';
import { newTraceId, openTestStore, type TestStore } from '../helpers/store-spans.js';
import { spanResourceJson } from '../../src/store/shared/span-resources.js';

let store: TestStore;
afterEach(() => store?.close());

/** Two resources with two spans each, all under one scope. */
function spanBatch() {
  const resourceSpans = ['svc-a', 'svc-b'].map((service) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{ scope: { name: 'lib', version: '1.2' , attributes: [{ key: 'k', value: { stringValue: 'v' } }] }, spans: [0, 1].map(() => ({
      traceId: newTraceId(), spanId: newTraceId().slice(0, 16), name: 'chat', kind: 3, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000',
    })) }],
  }));
  const request = decodeTraceRequestJson(JSON.stringify({ resourceSpans }));
  return request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => buildSpanRow('p', rs, ss, s, {}, Date.now()))));
}

describe('write executor', () => {
  it('sends each resource and scope text once per batch and stores each resource once, for every span', () => {
    store = openTestStore();
    const rows = spanBatch();
    const batch = toSpanBatch(rows);
    expect(batch.shared.filter((text) => text?.includes('service.name'))).toHaveLength(2);
    const badJob = { kind: 'metrics' as const, rows: [{} as MetricPointRow] }; // NOT NULL fails the shared transaction
    const result = store.executor.executeBatch([{ kind: 'spans', batch }, badJob, { kind: 'spans', batch: toSpanBatch(spanBatch()) }]);
    expect(result.results.map((r) => r.ok)).toEqual([true, false, true]);
    const stored = store.db.prepare(`SELECT s.span_id, ${spanResourceJson('s')} AS resource_json, s.scope_json FROM spans s WHERE s.span_id = ?`);
    for (const row of rows) {
      expect(stored.get(row.span_id)).toEqual({ span_id: row.span_id, resource_json: row.resource_json, scope_json: row.scope_json });
    }
    // Each resource is stored once; the spans point at it (their own column stays empty).
    expect(store.db.prepare('SELECT COUNT(*) FROM resources').pluck().get()).toBe(2);
    expect(store.db.prepare("SELECT COUNT(DISTINCT resource_id) || ' ' || MAX(resource_json) FROM spans").pluck().get()).toBe('2 ');
    expect(store.db.prepare('SELECT COUNT(*) FROM spans').pluck().get()).toBe(8);
  });

  it('a span batch that fails midway leaves nothing behind in the next batch’s counts', () => {
    store = openTestStore();
    const withModel = (model: string) => spanBatch().map((row) => ({ ...row, model, environment: 'prod' }));
    const failing = toSpanBatch(withModel('stale-model'));
    failing.tuples[2]![5] = { not: 'bindable' }; // the third insert throws, after two were counted
    const failed = store.executor.executeBatch([{ kind: 'spans', batch: failing }]);
    expect(failed.results.map((r) => r.ok)).toEqual([false]);
    const ok = store.executor.executeBatch([{ kind: 'spans', batch: toSpanBatch(withModel('good-model')) }]);
    expect(ok.results.map((r) => r.ok)).toEqual([true]);
    const count = (sql: string) => store.db.prepare(sql).pluck().all();
    expect(count("SELECT value || '=' || span_count FROM span_facets WHERE facet = 'model'")).toEqual(['good-model=4']);
    expect(count("SELECT value || '=' || trace_count FROM trace_facets WHERE facet = 'model'")).toEqual(['good-model=4']);
    expect(count('SELECT trace_count FROM trace_counts')).toEqual([4]);
    expect(count('SELECT SUM(trace_count) FROM trace_time_buckets GROUP BY level')).toEqual([4, 4, 4]);
  });
});
