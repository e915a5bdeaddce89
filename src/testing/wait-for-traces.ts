// TESTING (tracelite/testing): wait until enough matching traces exist. Input: functions that
// list the matching traces and every trace, and the wait options; output: the matching traces,
// or an Error naming what did arrive, because "timed out" alone leaves a failed CI job a puzzle.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TraceSummary, TraceWhere, WaitForTracesOptions } from './types.js';

export interface TraceLister {
  /** The traces the receiver counts (GenAI ones unless it was told otherwise), filtered. */
  list(where?: TraceWhere): Promise<TraceSummary[]>;
  /** Every trace, GenAI or not, for the timeout message. */
  listEverything(): Promise<TraceSummary[]>;
}

/** Traces listed in a timeout message; more would drown the one line that matters. */
const MAX_LISTED = 20;

export async function waitForMatchingTraces(traces: TraceLister, options: WaitForTracesOptions): Promise<TraceSummary[]> {
  const count = options.count ?? 1;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  if (!Number.isInteger(count) || count < 1) throw new Error(`waitForTraces: count must be a positive integer, got ${count}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = await traces.list(options.where);
    if (matching.length >= count) return matching;
    if (Date.now() >= deadline) throw await createTimeoutError(traces, options.where, count, timeoutMs, matching);
    await sleep(Math.min(pollIntervalMs, Math.max(0, deadline - Date.now())));
  }
}

async function createTimeoutError(traces: TraceLister, where: TraceWhere | undefined, count: number, timeoutMs: number, matching: TraceSummary[]): Promise<Error> {
  const all = await traces.listEverything();
  const counted = new Set((where === undefined ? matching : await traces.list()).map((t) => t.trace_id));
  const matchedIds = new Set(matching.map((t) => t.trace_id));
  const lines = all.slice(0, MAX_LISTED).map((t) => `  ${describeTrace(t)}${describeStatus(t, where !== undefined && matchedIds.has(t.trace_id), counted.has(t.trace_id))}`);
  if (all.length > MAX_LISTED) lines.push(`  … and ${all.length - MAX_LISTED} more`);
  const wanted = `${count} trace${count === 1 ? '' : 's'}${describeWhere(where)}`;
  const seen = all.length === 0 ? 'no traces arrived' : `${matching.length} matched; ${all.length} trace${all.length === 1 ? '' : 's'} arrived:`;
  return new Error([`waitForTraces: timed out after ${timeoutMs} ms waiting for ${wanted}; ${seen}`, ...lines].join('\n'));
}

function describeStatus(t: TraceSummary, matched: boolean, counted: boolean): string {
  if (!counted) return ' [no GenAI spans: not counted; startReceiver({ includeNonGenAI: true }) counts it]';
  return matched ? ' [matches]' : '';
}

function describeWhere(where: TraceWhere | undefined): string {
  if (where === undefined) return '';
  return typeof where === 'function' ? ' matching the predicate' : ` matching ${JSON.stringify(where)}`;
}

function describeTrace(t: TraceSummary): string {
  const name = t.trace_name === null ? '(unnamed)' : JSON.stringify(t.trace_name);
  return `${t.trace_id} ${name} ${t.span_count} spans, ${t.observation_count} observations, started ${t.start_time}${t.has_error ? ', has errors' : ''}`;
}
