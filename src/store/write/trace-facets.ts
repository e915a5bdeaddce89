// STORE: per-project counts of traces by model, provider and framework — how many traces
// have at least one span with the value — kept by the writer in the transaction that
// inserts or deletes the spans. The trace list filtered by one such value reads its total
// here instead of counting the matching traces (a common model or provider matches a
// large part of a project), and uses it to choose its plan: walk the time index for a
// common value (checking each trace's own list: traces.models_json, providers_json,
// frameworks_json, kept with these counts), look the traces up for a rare one.
import type Database from 'better-sqlite3';
import { prepareCached } from '../shared/read-cache.js';
import { spanRowidsOfTraces } from '../shared/span-keys.js';

/** Span columns counted per trace (each also a span_facets facet). */
export const TRACE_FACETS = ['model', 'provider', 'framework'] as const;
export type TraceFacet = (typeof TRACE_FACETS)[number];

/** The `traces` column listing a trace's values of each facet (a JSON array). */
export const TRACE_FACET_LISTS: Record<TraceFacet, string> = { model: 'models_json', provider: 'providers_json', framework: 'frameworks_json' };

interface TraceSpans {
  /** The lowest rowid inserted for the trace in this batch: older spans sit below it. */
  firstRowid: number | bigint;
  values: Map<TraceFacet, Set<string>>;
}

/** The key of a trace within a batch. */
export function traceKeyOf(projectId: string, traceId: string): string {
  return `${projectId}\u0000${traceId}`;
}

/** Accumulates one batch's new (trace, facet value) pairs; flushed with `apply`. */
export class TraceFacetCounter {
  private readonly traces = new Map<string, TraceSpans>();
  private readonly deltas = new Map<string, { projectId: string; facet: TraceFacet; value: string; traces: number }>();
  private readonly earlierSpanWith: Record<TraceFacet, Database.Statement>;
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    this.earlierSpanWith = Object.fromEntries(TRACE_FACETS.map((column) => [column,
      db.prepare(`SELECT 1 FROM span_keys k CROSS JOIN spans s ON s.id = k.span_rowid WHERE k.project_id = ? AND k.trace_created_ms = ?
        AND k.trace_id = ? AND k.span_rowid < ? AND s.${column} = ? LIMIT 1`)])) as Record<TraceFacet, Database.Statement>;
    this.upsert = db.prepare(`INSERT INTO trace_facets (project_id, facet, value, trace_count) VALUES (?, ?, ?, ?)
      ON CONFLICT (project_id, facet, value) DO UPDATE SET trace_count = trace_count + excluded.trace_count`);
  }

  /** A span this batch inserted, under its trace's key (`traceKeyOf`); `valueOf(facet)`
   *  reads its value (null when absent). */
  addSpan(traceKey: string, rowid: number | bigint, valueOf: (facet: TraceFacet) => unknown): void {
    let entry = this.traces.get(traceKey);
    if (!entry) this.traces.set(traceKey, (entry = { firstRowid: rowid, values: new Map() }));
    else if (rowid < entry.firstRowid) entry.firstRowid = rowid;
    for (const facet of TRACE_FACETS) {
      const value = valueOf(facet);
      if (typeof value !== 'string') continue;
      const seen = entry.values.get(facet);
      if (seen) seen.add(value);
      else entry.values.set(facet, new Set([value]));
    }
  }

  /** Once per trace of the batch: a value is new to the trace unless it existed before the
   *  batch (`createdMs`: its row's created_at_ms) and one of its earlier spans has the value.
   *  Returns the new values per facet. */
  addTrace(projectId: string, traceId: string, createdMs: bigint | undefined): Record<TraceFacet, string[]> {
    const added: Record<TraceFacet, string[]> = { model: [], provider: [], framework: [] };
    const entry = this.traces.get(traceKeyOf(projectId, traceId));
    if (!entry) return added;
    for (const [facet, values] of entry.values) {
      for (const value of values) {
        if (createdMs !== undefined && this.earlierSpanWith[facet].get(projectId, createdMs, traceId, entry.firstRowid, value)) continue;
        added[facet].push(value);
        const key = `${projectId}\u0000${facet}\u0000${value}`;
        const delta = this.deltas.get(key) ?? { projectId, facet, value, traces: 0 };
        delta.traces++;
        this.deltas.set(key, delta);
      }
    }
    return added;
  }

  apply(): void {
    for (const d of this.deltas.values()) this.upsert.run(d.projectId, d.facet, d.value, d.traces);
    this.clear();
  }

  /** Forgets what a batch that failed before `apply` left behind. */
  clear(): void {
    this.deltas.clear();
    this.traces.clear();
  }
}

/** Before the spans of these traces are deleted: take them off the per-value trace counts. */
export function subtractTraceFacetsOfTraces(db: Database.Database, projectId: string, traceIdsJson: string): void {
  const update = db.prepare(`UPDATE trace_facets SET trace_count = trace_count - ? WHERE project_id = ? AND facet = ? AND value = ?`);
  for (const facet of TRACE_FACETS) {
    const groups = db.prepare(`SELECT ${facet} AS value, COUNT(DISTINCT trace_id) AS traces FROM spans
      WHERE id IN (${spanRowidsOfTraces('tk.trace_id IN (SELECT value FROM json_each(?))')}) AND ${facet} IS NOT NULL GROUP BY ${facet}`).all(projectId, traceIdsJson) as { value: string; traces: number }[];
    for (const g of groups) update.run(g.traces, projectId, facet, g.value);
  }
  db.prepare(`DELETE FROM trace_facets WHERE project_id = ? AND trace_count <= 0`).run(projectId);
}

/** How many traces of the project have a span with this value, when that is also the exact
 *  count of a list filtered by it: every trace counts (non-GenAI included), or every span
 *  with the value is a GenAI span (so each such trace is a GenAI trace). Else undefined. */
export function countTracesWithFacet(db: Database.Database, projectId: string, facet: TraceFacet, value: string, genaiOnly: boolean): number | undefined {
  const row = prepareCached(db, `SELECT tf.trace_count AS traces, sf.span_count AS spans, sf.genai_span_count AS genai FROM trace_facets tf
      LEFT JOIN span_facets sf ON sf.project_id = tf.project_id AND sf.facet = tf.facet AND sf.value = tf.value
    WHERE tf.project_id = ? AND tf.facet = ? AND tf.value = ?`).get(projectId, facet, value) as { traces: number; spans: number | null; genai: number | null } | undefined;
  if (!row) return 0; // no span has the value: no trace matches
  if (genaiOnly && row.spans !== row.genai) return undefined;
  return row.traces;
}
