// RECEIVE: how each OTLP export ended, told once per export by the transports. Input: the
// ingest result or the AppError it was refused with. Output: the receiver's counters, and
// one log line per refusal episode (its start, then its count when it has been quiet for a
// while) instead of one per request: a misconfigured exporter retrying every second would
// otherwise flood the log.
import type { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OtlpTransport, ReceiverMetrics, RefusalReason } from '../metrics/receiver-metrics.js';
import type { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest, Signal } from './model.js';

export interface ExportOutcomes {
  accepted(signal: Signal, transport: OtlpTransport, accepted: number, rejected: number): void;
  /** `items`: how many the request held, 0 when it was refused before it was decoded. */
  refused(signal: Signal, transport: OtlpTransport, error: AppError, items: number): void;
}

/** Whether a write fault (full disk, read-only directory…) is going on right now. */
export type WriteFaultNow = () => boolean;

/** An episode ends after this long without a refusal of its reason. */
const QUIET_MS = 60_000;

export function createExportOutcomes(metrics: ReceiverMetrics, log: Logger, writeFaultNow: WriteFaultNow = () => false, quietMs = QUIET_MS): ExportOutcomes {
  const episodes = new RefusalEpisodes(log, quietMs);
  return {
    accepted: (signal, transport, accepted, rejected) => metrics.recordExport(signal, transport, accepted, rejected),
    refused(signal, transport, error, items) {
      const reason = classifyRefusal(error, writeFaultNow);
      metrics.recordRefusal(signal, transport, reason, items);
      // Write faults log their own episodes (the store's fault tracker); unknown errors log each
      // one with its cause where they are caught.
      if (reason !== 'write_fault' && reason !== 'internal') episodes.record(reason, signal, transport, error.message);
    },
  };
}

export function classifyRefusal(error: AppError, writeFaultNow: WriteFaultNow): RefusalReason {
  switch (error.code) {
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
    case 'NOT_FOUND': // a project the caller may not write to
      return 'unauthorized';
    case 'TOO_MANY_REQUESTS':
      return 'rate_limited';
    case 'PAYLOAD_TOO_LARGE':
      return 'too_large';
    case 'UNAVAILABLE':
      return writeFaultNow() ? 'write_fault' : 'unavailable';
    case 'INTERNAL':
      return 'internal';
    default:
      return 'invalid';
  }
}

/** How many items an export held, kept for when it is refused after decoding (a write fault). */
export interface ItemTally {
  items: number;
}

/** Notes in `tally` (when counting is on) the spans, log records or metric points of a decoded
 *  request and hands the request on: a loop over resources and scopes, never over the items. */
export function countItems<R extends ExportTraceRequest | ExportLogsRequest | ExportMetricsRequest>(request: R, tally: ItemTally | null): R {
  if (!tally) return request;
  let items = 0;
  if ('resourceSpans' in request) for (const r of request.resourceSpans) for (const s of r.scopeSpans) items += s.spans.length;
  else if ('resourceLogs' in request) for (const r of request.resourceLogs) for (const s of r.scopeLogs) items += s.logRecords.length;
  else for (const r of (request as ExportMetricsRequest).resourceMetrics) for (const s of r.scopeMetrics) for (const m of s.metrics) items += m.points.length;
  tally.items = items;
  return request;
}

interface Episode {
  requests: number;
  items: Set<string>;
  lastMs: number;
  timer: NodeJS.Timeout;
}

class RefusalEpisodes {
  private readonly open = new Map<RefusalReason, Episode>();

  constructor(private readonly log: Logger, private readonly quietMs: number) {}

  record(reason: RefusalReason, signal: Signal, transport: OtlpTransport, message: string): void {
    const episode = this.open.get(reason);
    if (episode) {
      episode.requests++;
      episode.lastMs = Date.now();
      if (episode.items.size < 8) episode.items.add(`${signal} over ${transport}`);
      return;
    }
    this.log.warn('OTLP exports refused', { reason, signal, transport, error: message, note: `further ${reason} refusals are counted and logged once the episode ends` });
    const timer = setTimeout(() => this.closeIfQuiet(reason), this.quietMs);
    timer.unref();
    this.open.set(reason, { requests: 1, items: new Set([`${signal} over ${transport}`]), lastMs: Date.now(), timer });
  }

  private closeIfQuiet(reason: RefusalReason): void {
    const episode = this.open.get(reason)!;
    const quietForMs = Date.now() - episode.lastMs;
    if (quietForMs < this.quietMs) {
      episode.timer = setTimeout(() => this.closeIfQuiet(reason), this.quietMs - quietForMs);
      episode.timer.unref();
      return;
    }
    this.open.delete(reason);
    this.log.info('OTLP refusal episode ended', { reason, refused_requests: episode.requests, exports: [...episode.items], quiet_for_ms: quietForMs });
  }
}
