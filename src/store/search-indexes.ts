// STORE: the writer's deferred work: the search indexes built after commit, off the ingest
// path — attribute terms (store/attribute-indexer.ts) and span conversation text
// (store/span-text-index.ts) — as one IdleWork for the writer's job queue.
import type Database from 'better-sqlite3';
import { attributeIndexIdleWork } from './attribute-indexer.js';
import type { IdleWork } from './job-queue.js';
import { SpanTextIndexer, type SpanTextDeriver } from './span-text-index.js';

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
