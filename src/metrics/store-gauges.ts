// OPERATIONS: the gauges read at scrape time (prom-client collect callbacks), so nothing on
// the ingest path pays for them. Input: where each figure lives (the write queue, the fault
// tracker, the database files, the search state, the live hub). Output: gauges registered
// in the receiver's registry.
import fs from 'node:fs';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { WriteFaults } from '../store/write-faults.js';
import { WRITE_FAULT_KINDS } from '../store/write-faults.js';

export interface StoreGaugeSources {
  dbPath: string;
  queueDepth: () => { rows: number; capacity: number };
  /** Spans not yet indexed, by index (store/read/search-index-lag.ts); may throw when the store cannot be read. */
  searchIndexLag: () => Record<string, number>;
  sseSubscribers: () => number;
  writeFaults?: WriteFaults | undefined;
}

/** search_state names as the `index` label. */
const INDEX_LABELS: Record<string, string> = { span_attr_terms: 'attributes', span_text_fts: 'text' };

export function registerStoreGauges(registry: Registry, sources: StoreGaugeSources): void {
  const registers = [registry];
  new Gauge({ name: 'tracelite_write_queue_size', help: 'Rows accepted and waiting for their write transaction to commit.', registers, collect() {
    this.set(sources.queueDepth().rows);
  } });
  new Gauge({ name: 'tracelite_write_queue_capacity', help: 'Rows that may wait before exports are refused as unavailable (storage.max_queue_spans).', registers, collect() {
    this.set(sources.queueDepth().capacity);
  } });
  new Gauge({ name: 'tracelite_database_size_bytes', help: 'Size of the SQLite database file.', labelNames: ['file'], registers, collect() {
    this.set({ file: 'main' }, fileSize(sources.dbPath));
    this.set({ file: 'wal' }, fileSize(`${sources.dbPath}-wal`));
  } });
  new Gauge({ name: 'tracelite_search_index_lag_spans', help: 'Spans stored but not yet in a search index (filters check those directly; text search misses them).', labelNames: ['index'], registers, collect() {
    this.reset();
    for (const [name, lag] of Object.entries(readOrEmpty(sources.searchIndexLag))) this.set({ index: INDEX_LABELS[name] ?? name }, lag);
  } });
  new Gauge({ name: 'tracelite_sse_subscribers', help: 'Open live (SSE) subscriptions.', registers, collect() {
    this.set(sources.sseSubscribers());
  } });
  if (sources.writeFaults) registerWriteFaultMetrics(registers, sources.writeFaults);
}

function registerWriteFaultMetrics(registers: Registry[], faults: WriteFaults): void {
  new Gauge({ name: 'tracelite_write_fault', help: '1 while a write fault (full disk, read-only or missing directory, permission denied, I/O error) refuses writes, by kind.', labelNames: ['kind'], registers, collect() {
    const kind = faults.current()?.kind;
    for (const each of WRITE_FAULT_KINDS) this.set({ kind: each }, each === kind ? 1 : 0);
  } });
  new Counter({ name: 'tracelite_write_fault_episodes_total', help: 'Write-fault episodes since the process started.', registers, collect() {
    this.reset();
    this.inc(faults.episodes());
  } });
  new Counter({ name: 'tracelite_write_errors_total', help: 'Write transactions refused by a write fault, by kind (each a retryable refusal for its exports).', labelNames: ['kind'], registers, collect() {
    this.reset();
    for (const [kind, count] of Object.entries(faults.refusalsByKind())) this.inc({ kind }, count);
  } });
}

/** 0 for a file that is not there (no WAL between checkpoints on some systems). */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function readOrEmpty(read: () => Record<string, number>): Record<string, number> {
  try {
    return read();
  } catch {
    return {};
  }
}
