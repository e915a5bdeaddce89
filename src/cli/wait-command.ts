// CLI (queries): `tracelite wait --count N`, the step a CI job runs after its agent. Input:
// the trace list's query, a count, a timeout and a poll interval; output: the matching
// traces once there are N (exit 0), or on timeout what was seen and why it was not enough (exit 1).
import type { TraceSummaryDto } from '../api/explorer/dto.js';
import { ApiError, UnreachableError, type QueryClient, type QueryParams } from './query-client.js';
import type { PageDto } from './trace-views.js';

export const WAIT_HELP = `Polls the trace list until at least N traces match the filters, then prints them (a
table, or the trace list's JSON with --json) and exits 0. On timeout it prints what it saw
and exits 1 with a line saying how many traces matched and their names. A server that is
not up yet (connection refused), or a database file not created yet, is retried until the
timeout. Filters as for \`traces list\`; --since makes a run ignore older traces.
  --count N           traces to wait for (required)
  --timeout T         give up after T (default 30s; 250ms, 30s, 2m, …)
  --interval T        time between polls (default 250ms)`;

export interface WaitOptions {
  count: number;
  timeoutMs: number;
  intervalMs: number;
  query: QueryParams;
}

export interface WaitResult {
  ok: boolean;
  /** The last page read (null when nothing answered). */
  page: PageDto<TraceSummaryDto> | null;
  /** Why it did not succeed (on timeout). */
  reason?: string;
}

/** Largest page the explorer serves: a count above it is checked against the list's total. */
const MAX_LIMIT = 500;

export async function waitForTraces(client: QueryClient, options: WaitOptions, sleep = delay): Promise<WaitResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const query = { ...options.query, limit: String(Math.min(MAX_LIMIT, Math.max(options.count, 50))) };
  let page: PageDto<TraceSummaryDto> | null = null;
  let unreachable: string | undefined;
  for (;;) {
    try {
      page = await client.get<PageDto<TraceSummaryDto>>('/traces', query);
      unreachable = undefined;
      if (page.meta.total_items >= options.count) return { ok: true, page };
    } catch (err) {
      // Not up yet, or briefly overloaded: retry. Anything else (a bad filter, a refused key) will not heal.
      if (!(err instanceof UnreachableError) && !(err instanceof ApiError && err.status === 503)) throw err;
      unreachable = err.message;
    }
    const left = deadline - Date.now();
    if (left <= 0) return { ok: false, page, reason: describeTimeout(options, page, unreachable, Date.now() - started) };
    await sleep(Math.min(options.intervalMs, left));
  }
}

function describeTimeout(options: WaitOptions, page: PageDto<TraceSummaryDto> | null, unreachable: string | undefined, elapsedMs: number): string {
  const after = `timed out after ${(elapsedMs / 1000).toFixed(1)}s waiting for ${options.count} trace${options.count === 1 ? '' : 's'}`;
  if (!page) return `${after}: ${unreachable ?? 'no answer'}`;
  const seen = page.meta.total_items;
  if (seen === 0) return `${after}: saw none matching`;
  const names = [...new Set(page.data.map((t) => t.trace_name ?? '(unnamed)'))];
  const listed = names.slice(0, 10).map((n) => JSON.stringify(n)).join(', ');
  return `${after}: saw ${seen} matching (${listed}${names.length > 10 ? `, and ${names.length - 10} more names` : ''})`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
