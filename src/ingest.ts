// INGEST: the one entry both transports (gRPC, HTTP) and every OTLP path call.
// Decoded request -> validate ids -> normalize (src/genai) -> rows -> StoreWriter.
// Resolves only after the rows are committed; a span that cannot be accepted (bad id)
// is counted as rejected (OTLP partial_success), never a reason to fail the batch.
import type { ExportLogsRequest, ExportMetricsRequest, ExportTraceRequest } from './otlp/model.js';
import type { NormalizeOptions } from './genai/normalize-span.js';
import type { StoreWriter } from './store/write/store-writer.js';
import { buildLogRow, buildMetricPointRows, buildSpanRow, isValidSpanId, isValidTraceId } from './ingest-rows.js';
import type { LogRow, MetricPointRow, SpanRow } from './store/shared/rows.js';

export interface IngestDeps {
  writer: StoreWriter;
  normalize: NormalizeOptions;
}

export interface IngestResult {
  accepted: number;
  rejected: number;
  /** Why items were rejected (OTLP partial_success.error_message); '' when none were. */
  errorMessage: string;
}

// These three are deliberately not `async`: an async function keeps its parameters alive
// across its await, so the whole decoded request stayed reachable until the commit ~60 ms
// later, long enough for V8 to promote it to the old generation (~1.2 MB per young-generation
// collection on the main thread at ~12k spans/s). Rows are built synchronously; only the
// writer's promise is waited on.

/** SQLite integers are signed 64-bit: a later time (OTLP's fixed64 allows up to 2^64-1) cannot
 *  be stored, and would fail the whole batch; such a span is refused alone (partial success). */
const MAX_STORED_NS = 2n ** 63n - 1n;

export function ingestTraces(deps: IngestDeps, projectId: string, request: ExportTraceRequest): Promise<IngestResult> {
  return afterCommit(() => {
    const rows: SpanRow[] = [];
    const problems = new ProblemCounter();
    const nowMs = Date.now();
    for (const resourceSpans of request.resourceSpans) {
      for (const scopeSpans of resourceSpans.scopeSpans) {
        for (const span of scopeSpans.spans) {
          if (!isValidTraceId(span.traceId)) problems.add(`invalid trace id ${JSON.stringify(span.traceId)} (want 32 hex digits, not all zero)`);
          else if (!isValidSpanId(span.spanId)) problems.add(`invalid span id ${JSON.stringify(span.spanId)} (want 16 hex digits, not all zero)`);
          else if (span.startTimeUnixNano > MAX_STORED_NS || span.endTimeUnixNano > MAX_STORED_NS) problems.add(`span ${span.spanId}: time ${span.startTimeUnixNano > MAX_STORED_NS ? span.startTimeUnixNano : span.endTimeUnixNano} ns is past the latest storable time (2^63-1 ns, in the year 2262)`);
          else rows.push(buildSpanRow(projectId, resourceSpans, scopeSpans, span, deps.normalize, nowMs));
        }
      }
    }
    return { write: rows.length > 0 ? deps.writer.writeSpans(rows) : null, result: problems.result(rows.length) };
  });
}

export function ingestLogs(deps: IngestDeps, projectId: string, request: ExportLogsRequest): Promise<IngestResult> {
  return afterCommit(() => {
    const rows: LogRow[] = [];
    const problems = new ProblemCounter();
    const nowMs = Date.now();
    for (const resourceLogs of request.resourceLogs) {
      for (const scopeLogs of resourceLogs.scopeLogs) {
        for (const log of scopeLogs.logRecords) {
          // Logs may be uncorrelated (no ids); only a malformed id is a rejection.
          if (log.traceId !== '' && !isValidTraceId(log.traceId)) problems.add(`invalid trace id ${JSON.stringify(log.traceId)} on a log record`);
          else if (log.spanId !== '' && !isValidSpanId(log.spanId)) problems.add(`invalid span id ${JSON.stringify(log.spanId)} on a log record`);
          else if (log.timeUnixNano > MAX_STORED_NS || log.observedTimeUnixNano > MAX_STORED_NS) problems.add(`a log record's time is past the latest storable time (2^63-1 ns, in the year 2262)`);
          else rows.push(buildLogRow(projectId, resourceLogs, scopeLogs, log, nowMs));
        }
      }
    }
    return { write: rows.length > 0 ? deps.writer.writeLogs(rows) : null, result: problems.result(rows.length) };
  });
}

export function ingestMetrics(deps: IngestDeps, projectId: string, request: ExportMetricsRequest): Promise<IngestResult> {
  return afterCommit(() => {
    const rows: MetricPointRow[] = [];
    const nowMs = Date.now();
    for (const resourceMetrics of request.resourceMetrics) {
      for (const scopeMetrics of resourceMetrics.scopeMetrics) {
        for (const metric of scopeMetrics.metrics) rows.push(...buildMetricPointRows(projectId, resourceMetrics, scopeMetrics, metric, nowMs));
      }
    }
    return { write: rows.length > 0 ? deps.writer.writeMetricPoints(rows) : null, result: { accepted: rows.length, rejected: 0, errorMessage: '' } };
  });
}

/** Runs `hand` (which builds rows and hands them to the writer) now; resolves with its result
 *  once the write committed. A throw becomes a rejection, as from an async function. */
function afterCommit(hand: () => { write: Promise<void> | null; result: IngestResult }): Promise<IngestResult> {
  try {
    const { write, result } = hand();
    return write ? write.then(() => result) : Promise.resolve(result);
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Counts rejections and keeps the first few reasons for the partial_success message. */
class ProblemCounter {
  private count = 0;
  private readonly reasons: string[] = [];

  add(reason: string): void {
    this.count++;
    if (this.reasons.length < 3) this.reasons.push(reason);
  }

  result(accepted: number): IngestResult {
    if (this.count === 0) return { accepted, rejected: 0, errorMessage: '' };
    const more = this.count > this.reasons.length ? ` (and ${this.count - this.reasons.length} more)` : '';
    return { accepted, rejected: this.count, errorMessage: `${this.count} item(s) rejected: ${this.reasons.join('; ')}${more}` };
  }
}
