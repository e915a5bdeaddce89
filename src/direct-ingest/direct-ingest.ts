// RECEIVE -> INGEST (direct ingestion): the one path the REST adapters write through. Events
// are grouped by trace; each trace's events wait for that trace's previous write, then merge
// into its stored state (read back after that commit, so no update is lost between two
// requests), and the trace's directly ingested spans are rewritten through the writer
// (replaceTraceSpans), normalized exactly as OTLP spans are (buildSpanRow).
import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import type { NormalizeOptions } from '../genai/normalize-span.js';
import { buildSpanRow } from '../ingest-rows.js';
import type { InstrumentationScope, ResourceSpans, ScopeSpans } from '../otlp/model.js';
import { listMessageSpans } from '../store/read/span-queries.js';
import { DIRECT_TRACE_SCOPE } from '../store/read/observation-queries.js';
import type { StoreWriter } from '../store/write/store-writer.js';
import { toOtlpTraceId } from './ids.js';
import type { DirectEvent, DirectIngest, DirectResult } from './model.js';
import { applyEvents } from './records.js';
import { DIRECT_RECORD_ATTRIBUTE, readTraceState, toOtlpSpans } from './span-mapping.js';

export interface DirectIngestDeps {
  readDb: Database.Database;
  writer: StoreWriter;
  normalize: NormalizeOptions;
}

/** Observations take the scope the Langfuse convention recognizes as its SDK's; a trace's own
 *  span a scope the Langfuse API leaves out of observation lists (it has no such observation). */
const OBSERVATION_SCOPE: InstrumentationScope = { name: 'langfuse-sdk', version: '', attributes: {}, droppedAttributesCount: 0 };
const TRACE_SCOPE: InstrumentationScope = { ...OBSERVATION_SCOPE, name: DIRECT_TRACE_SCOPE };

export function createDirectIngest(deps: DirectIngestDeps): DirectIngest {
  const tails = new Map<string, Promise<unknown>>();
  const writeTrace = (projectId: string, traceId: string, events: DirectEvent[]): Promise<void> => {
    const key = `${projectId}\u0000${traceId}`;
    const previous = tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => mergeAndWrite(deps, projectId, traceId, events));
    tails.set(key, next);
    void next.catch(() => undefined).finally(() => {
      if (tails.get(key) === next) tails.delete(key);
    });
    return next;
  };
  return {
    async apply(projectId, events) {
      const byTrace = groupByTrace(events);
      const outcomes = await Promise.all([...byTrace].map(([traceId, group]) => writeTrace(projectId, traceId, group).then(() => null, (err: unknown) => err)));
      const failures = new Map([...byTrace.keys()].map((traceId, i) => [traceId, outcomes[i]]));
      return events.map((event): DirectResult => {
        const err = failures.get(toOtlpTraceId(traceIdOf(event)));
        if (!err) return { ok: true };
        const appError = err instanceof AppError ? err : new AppError('INTERNAL', 'internal error', { cause: err });
        return { ok: false, status: appError.httpStatus, message: appError.message };
      });
    },
    async flush() {
      await Promise.all([...tails.values()].map((tail) => tail.catch(() => undefined)));
    },
  };
}

function traceIdOf(event: DirectEvent): string {
  return event.kind === 'trace' ? event.id : event.traceId;
}

function groupByTrace(events: DirectEvent[]): Map<string, DirectEvent[]> {
  const groups = new Map<string, DirectEvent[]>();
  for (const event of events) {
    const traceId = toOtlpTraceId(traceIdOf(event));
    const group = groups.get(traceId);
    if (group) group.push(event);
    else groups.set(traceId, [event]);
  }
  return groups;
}

async function mergeAndWrite(deps: DirectIngestDeps, projectId: string, otlpTraceId: string, events: DirectEvent[]): Promise<void> {
  const stored = listMessageSpans(deps.readDb, projectId, [otlpTraceId]);
  const state = readTraceState(traceIdOf(events[0]!), stored.map((span) => span.attributes_json));
  // The root of what the trace already has from OTLP, if anything: direct observations hang under it.
  const otlpRoot = stored.find((span) => !span.parent_span_id && !span.attributes_json.includes(DIRECT_RECORD_ATTRIBUTE));
  const nowIso = new Date().toISOString();
  applyEvents(state, events, nowIso);
  const resource = { attributes: { 'service.name': 'tracelite-direct-ingestion' }, droppedAttributesCount: 0 };
  const spans = toOtlpSpans(state, nowIso, otlpRoot?.span_id ?? null);
  const traceSpans: ScopeSpans = { scope: TRACE_SCOPE, spans: spans.trace ? [spans.trace] : [], schemaUrl: '' };
  const observationSpans: ScopeSpans = { scope: OBSERVATION_SCOPE, spans: spans.observations, schemaUrl: '' };
  const resourceSpans: ResourceSpans = { resource, scopeSpans: [traceSpans, observationSpans], schemaUrl: '' };
  const nowMs = Date.now();
  const rows = resourceSpans.scopeSpans.flatMap((scopeSpans) => scopeSpans.spans.map((span) => buildSpanRow(projectId, resourceSpans, scopeSpans, span, deps.normalize, nowMs)));
  await deps.writer.replaceTraceSpans(projectId, otlpTraceId, rows);
}
