// OPERATIONS: the receiver's own counters and histograms, in one prom-client registry per
// server (tests run several in one process). Input: one call per export (never per span)
// from the transports, one per committed write batch from the writer. Output: the registry
// that /metrics renders. Names mirror the OpenTelemetry Collector's receiverhelper metrics
// (otelcol_receiver_{accepted,refused}_{spans,log_records,metric_points}) under `tracelite_`.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Signal } from '../otlp/model.js';

/** How an export arrived: the otelcol `transport` label, with HTTP split by encoding. */
export type OtlpTransport = 'grpc' | 'http/protobuf' | 'http/json' | 'http';

/** Why items or a request were refused (the `reason` label). */
export type RefusalReason = 'invalid' | 'too_large' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'write_fault' | 'internal';

/** One committed (or failed) write transaction, as the writer thread reports it. */
export interface WriteBatchStats {
  rows: number;
  durationMs: number;
}

const RECEIVER = 'otlp';

const MAIN_TRANSPORTS: OtlpTransport[] = ['grpc', 'http/protobuf', 'http/json'];

const ITEM_NAMES: Record<Signal, string> = { traces: 'spans', logs: 'log_records', metrics: 'metric_points' };

// Rows per transaction: from a lone small export up to max_batch_spans (default 8192) and beyond.
const BATCH_ROW_BUCKETS = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 25_000];
// Seconds per transaction: ~1-5 ms for a small batch, ~50 ms for a full one, seconds when the disk stalls.
const COMMIT_SECOND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export class ReceiverMetrics {
  readonly registry = new Registry();
  private readonly accepted: Record<Signal, Counter<'receiver' | 'transport'>>;
  private readonly refused: Record<Signal, Counter<'receiver' | 'transport' | 'reason'>>;
  private readonly refusedRequests: Counter<'receiver' | 'transport' | 'signal' | 'reason'>;
  private readonly batchRows: Histogram;
  private readonly commitSeconds: Histogram;
  /** Label-bound children by signal and transport: prom-client hashes the labels on every
   *  inc() otherwise, a cost paid per export on the ingest path. */
  private readonly acceptedChildren = new Map<string, { inc(value: number): void }>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter({ name, help, labelNames, registers: [this.registry] });
    this.accepted = mapSignals((signal) => counter(`tracelite_receiver_accepted_${ITEM_NAMES[signal]}_total`, `OTLP ${ITEM_NAMES[signal].replace('_', ' ')} stored (acknowledged after commit).`, ['receiver', 'transport']));
    this.refused = mapSignals((signal) => counter(`tracelite_receiver_refused_${ITEM_NAMES[signal]}_total`, `OTLP ${ITEM_NAMES[signal].replace('_', ' ')} not stored, by reason (counted when the request could be decoded).`, ['receiver', 'transport', 'reason']));
    this.refusedRequests = counter('tracelite_receiver_refused_requests_total', 'OTLP export requests refused as a whole (including those refused before their items could be counted).', ['receiver', 'transport', 'signal', 'reason']);
    this.batchRows = new Histogram({ name: 'tracelite_write_batch_size', help: 'Rows per write transaction of the writer thread.', buckets: BATCH_ROW_BUCKETS, registers: [this.registry] });
    this.commitSeconds = new Histogram({ name: 'tracelite_write_commit_duration_seconds', help: 'Time the writer thread spent on one write transaction, commit included.', buckets: COMMIT_SECOND_BUCKETS, registers: [this.registry] });
    // Present from the first scrape, so rate() and absent-series checks work before traffic.
    for (const signal of Object.keys(ITEM_NAMES) as Signal[]) for (const transport of MAIN_TRANSPORTS) this.accepted[signal].inc({ receiver: RECEIVER, transport }, 0);
  }

  /** An export answered 200: `accepted` items stored, `rejected` refused one by one (partial_success). */
  recordExport(signal: Signal, transport: OtlpTransport, accepted: number, rejected: number): void {
    if (accepted > 0) this.acceptedChild(signal, transport).inc(accepted);
    if (rejected > 0) this.refused[signal].inc({ receiver: RECEIVER, transport, reason: 'invalid' }, rejected);
  }

  /** An export refused as a whole; `items` is 0 when it was refused before it was decoded. */
  recordRefusal(signal: Signal, transport: OtlpTransport, reason: RefusalReason, items: number): void {
    this.refusedRequests.inc({ receiver: RECEIVER, transport, signal, reason });
    if (items > 0) this.refused[signal].inc({ receiver: RECEIVER, transport, reason }, items);
  }

  private acceptedChild(signal: Signal, transport: OtlpTransport): { inc(value: number): void } {
    const key = `${signal} ${transport}`;
    let child = this.acceptedChildren.get(key);
    if (!child) this.acceptedChildren.set(key, (child = this.accepted[signal].labels({ receiver: RECEIVER, transport })));
    return child;
  }

  recordWriteBatch(stats: WriteBatchStats): void {
    this.batchRows.observe(stats.rows);
    this.commitSeconds.observe(stats.durationMs / 1000);
  }

  /** The Prometheus text exposition of everything registered. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function mapSignals<T>(make: (signal: Signal) => T): Record<Signal, T> {
  return { traces: make('traces'), logs: make('logs'), metrics: make('metrics') };
}
