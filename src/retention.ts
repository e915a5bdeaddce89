// Housekeeping: keeps a laptop's disk safe. Every interval, traces past the retention bounds
// (auth-independent: every project) are deleted whole, oldest arrival first, in small batches
// through the writer — each batch one job in its queue, so ingestion interleaves and never
// waits for a long delete — which also keeps every roll-up (sessions, facet counts, time
// buckets) right. Freed pages are reused by new data; the file does not shrink by itself.
import type Database from 'better-sqlite3';
import { durationToMs, sizeToBytes, type AppConfig } from './config/schema.js';
import type { Logger } from './logger.js';
import { findOldestTraces, listProjectsWithTraces, measureDataBytes } from './store/read/retention-queries.js';
import { countProjectSpans } from './store/write/span-facets.js';
import type { StoreWriter } from './store/write/store-writer.js';

export interface RetentionPolicy {
  maxAgeMs: number | null;
  maxSpans: number | null;
  maxBytes: number | null;
}

/** Traces per delete job: a few hundred spans, a few ms of the writer. */
const BATCH_TRACES = 100;
/** Traces per step while the file is over its size bound. */
const SIZE_STEP_TRACES = 20;
/** Jobs per run at most, so a first run on a huge file spreads over several intervals. */
const MAX_BATCHES_PER_RUN = 200;

export function toRetentionPolicy(config: AppConfig['retention']): RetentionPolicy {
  return {
    maxAgeMs: config.max_age === null ? null : durationToMs(config.max_age),
    maxSpans: config.max_spans,
    maxBytes: config.max_db_size === null ? null : sizeToBytes(config.max_db_size),
  };
}

export function describeRetention(config: AppConfig['retention']): string {
  const parts = [
    config.max_age === null ? null : `traces older than ${config.max_age}`,
    config.max_spans === null ? null : `beyond ${config.max_spans} spans a project`,
    config.max_db_size === null ? null : `beyond ${config.max_db_size} of data`,
  ].filter(Boolean);
  return parts.length === 0 ? 'retention: off (nothing is deleted)' : `retention: deleting the oldest traces ${parts.join(', ')} (config retention.*)`;
}

export class Retention {
  private batches = 0;

  constructor(
    private readonly readDb: Database.Database,
    private readonly writer: Pick<StoreWriter, 'deleteTraces'>,
    private readonly policy: RetentionPolicy,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** One housekeeping pass; returns how many traces it deleted. */
  async runOnce(): Promise<number> {
    this.batches = 0;
    let deleted = 0;
    for (const projectId of listProjectsWithTraces(this.readDb)) {
      if (this.policy.maxAgeMs !== null) deleted += await this.deleteWhile(projectId, () => BATCH_TRACES, this.nowMs() - this.policy.maxAgeMs);
      const maxSpans = this.policy.maxSpans;
      // Just the spans over the bound: the oldest traces that cover the excess, no more.
      if (maxSpans !== null) deleted += await this.deleteWhile(projectId, () => countProjectSpans(this.readDb, projectId) - maxSpans, null, true);
    }
    const maxBytes = this.policy.maxBytes;
    if (maxBytes !== null) {
      // Bytes per trace are not known: small steps, re-measured after each.
      for (const projectId of listProjectsWithTraces(this.readDb)) {
        deleted += await this.deleteWhile(projectId, () => (measureDataBytes(this.readDb) > maxBytes ? SIZE_STEP_TRACES : 0), null);
      }
    }
    return deleted;
  }

  /** Deletes the project's oldest traces while `excess()` is positive: that many traces, or with
   *  `bySpans`, as many traces as cover that many spans. */
  private async deleteWhile(projectId: string, excess: () => number, beforeMs: number | null, bySpans = false): Promise<number> {
    let deleted = 0;
    for (let over = excess(); over > 0 && this.batches < MAX_BATCHES_PER_RUN; over = excess()) {
      const oldest = findOldestTraces(this.readDb, projectId, bySpans ? BATCH_TRACES : Math.min(over, BATCH_TRACES), beforeMs);
      const victims = bySpans ? coveringPrefix(oldest, over) : oldest;
      if (victims.length === 0) break;
      this.batches++;
      deleted += await this.writer.deleteTraces(projectId, victims.map((v) => v.traceId));
    }
    return deleted;
  }
}

/** The shortest prefix of the traces whose spans add up to `spans`. */
function coveringPrefix(traces: { traceId: string; spans: number }[], spans: number): { traceId: string; spans: number }[] {
  let covered = 0;
  const prefix: { traceId: string; spans: number }[] = [];
  for (const trace of traces) {
    if (covered >= spans) break;
    prefix.push(trace);
    covered += trace.spans;
  }
  return prefix;
}

/** Runs the housekeeping now and every `intervalSeconds`; returns the stop function. */
export function startRetention(retention: Retention, intervalSeconds: number, log: Logger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = retention.runOnce().then(
      (deleted) => deleted > 0 && log.info('retention: deleted old traces', { traces: deleted }),
      (err: unknown) => log.warn('retention pass failed; it runs again at the next interval', { error: err instanceof Error ? err.message : String(err) }),
    );
  };
  run();
  const timer = setInterval(run, intervalSeconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
