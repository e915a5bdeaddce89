// STORE: the writer's deferred work: the search indexes built after commit, off the ingest
// path — attribute terms (store/write/attribute-indexer.ts) and span conversation text
// (store/write/span-text-index.ts) — as one IdleWork for the writer's job queue.
import type Database from 'better-sqlite3';
import { AttributeIndexer } from './attribute-indexer.js';
import type { IdleWork } from './job-queue.js';
import { SpanTextIndexer, type SpanTextDeriver } from './span-text-index.js';

/** Spans per idle slice: ~30 ms of writer time, the most a new export may wait for it. */
const SLICE_SPANS = 1000;
const LOAD_SLICE_SPANS = 250;

/** The indexer as the writer queue's deferred work. */
export function attributeIndexIdleWork(db: Database.Database): IdleWork {
  const indexer = new AttributeIndexer(db);
  return {
    run: () => indexer.indexNext(SLICE_SPANS) === SLICE_SPANS,
    delayMs: 20,
    // Sustained ingest never leaves the queue idle for 20 ms: measured, the index stayed at
    // span 0 through 300k spans at ~10k spans/s. 250 spans take ~5 ms. 5% of the batch
    // time, not more: at full load no share keeps up (15% indexed ~2.7k of ~11k spans/s and
    // cost ~6% of the writer's time per span), and once the load pauses the idle slices
    // (1000 spans in ~21 ms, 20 ms apart) catch up at ~24k spans/s. Until then, filters
    // check the unindexed spans directly.
    underLoad: { run: () => indexer.indexNext(LOAD_SLICE_SPANS) === LOAD_SLICE_SPANS, share: 0.05 },
  };
}

/** Spans per text slice: deriving a span's conversation and indexing it costs ~20-60 µs, so
 *  an idle slice stays near the attribute index's ~30 ms and a slice under load near 5 ms. */
const TEXT_SLICE_SPANS = 500;
const TEXT_LOAD_SLICE_SPANS = 100;

export function searchIndexesIdleWork(db: Database.Database, deriveText: SpanTextDeriver): IdleWork {
  const attributes = attributeIndexIdleWork(db);
  const text = new SpanTextIndexer(db, deriveText);
  return {
    // Both advance in every slice; more remains while either has more.
    run: () => [attributes.run(), text.indexNext(TEXT_SLICE_SPANS) === TEXT_SLICE_SPANS].some(Boolean),
    delayMs: attributes.delayMs,
    // Under sustained load the text index gets 3% of the batch time beside the attribute
    // index's 5% (measured in docs/analytics-api.md): enough to move, not enough to cost
    // ingest more than the 10% budget. It catches up in the idle slices once the load pauses.
    underLoad: {
      run: () => [attributes.underLoad!.run(), text.indexNext(TEXT_LOAD_SLICE_SPANS) === TEXT_LOAD_SLICE_SPANS].some(Boolean),
      share: attributes.underLoad!.share + 0.03,
    },
  };
}
