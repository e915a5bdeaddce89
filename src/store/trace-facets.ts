// STORE: per-project counts of traces by model — how many traces have at least one span
// with it — kept by the writer in the transaction that inserts or deletes the spans. The
// trace list filtered by one model reads its total here instead of counting the matching
// traces (a common model matches a quarter of a large project), and uses it to choose its
// plan: walk the time index for a common model, look the traces up for a rare one.
import type Database from 'better-sqlite3';

interface TraceSpans {
  projectId: string;
  traceId: string;
  /** The lowest rowid inserted for the trace in this batch: older spans sit below it. */
  firstRowid: number | bigint;
  models: Set<string>;
}

/** Accumulates one batch's new (trace, model) pairs; flushed with `apply`. */
export class TraceFacetCounter {
  private readonly traces = new Map<string, TraceSpans>();
  private readonly deltas = new Map<string, { projectId: string; model: string; traces: number }>();
  private readonly earlierSpanWith: Database.Statement;
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    this.earlierSpanWith = db.prepare('SELECT 1 FROM spans INDEXED BY spans_identity WHERE project_id = ? AND trace_id = ? AND model = ? AND id < ? LIMIT 1');
    this.upsert = db.prepare(`INSERT INTO trace_facets (project_id, facet, value, trace_count) VALUES (?, 'model', ?, ?)
      ON CONFLICT (project_id, facet, value) DO UPDATE SET trace_count = trace_count + excluded.trace_count`);
  }

  /** A span this batch inserted. */
  addSpan(projectId: string, traceId: string, rowid: number | bigint, model: unknown): void {
    if (typeof model !== 'string') return;
    const key = `${projectId}\u0000${traceId}`;
    const entry = this.traces.get(key);
    if (!entry) this.traces.set(key, { projectId, traceId, firstRowid: rowid, models: new Set([model]) });
    else {
      entry.models.add(model);
      if (rowid < entry.firstRowid) entry.firstRowid = rowid;
    }
  }

  /** Once per trace of the batch: a model is new to the trace unless it existed before the
   *  batch and one of its earlier spans has the model. Returns the new ones. */
  addTrace(projectId: string, traceId: string, existedBefore: boolean): string[] {
    const entry = this.traces.get(`${projectId}\u0000${traceId}`);
    if (!entry) return [];
    const added: string[] = [];
    for (const model of entry.models) {
      if (existedBefore && this.earlierSpanWith.get(projectId, traceId, model, entry.firstRowid)) continue;
      added.push(model);
      const key = `${projectId}\u0000${model}`;
      const delta = this.deltas.get(key) ?? { projectId, model, traces: 0 };
      delta.traces++;
      this.deltas.set(key, delta);
    }
    return added;
  }

  apply(): void {
    for (const d of this.deltas.values()) this.upsert.run(d.projectId, d.model, d.traces);
    this.deltas.clear();
    this.traces.clear();
  }
}

/** Before the spans of these traces are deleted: take them off the per-model trace counts. */
export function subtractTraceFacetsOfTraces(db: Database.Database, projectId: string, traceIdsJson: string): void {
  const groups = db.prepare(`SELECT model, COUNT(DISTINCT trace_id) AS traces FROM spans
    WHERE project_id = ? AND trace_id IN (SELECT value FROM json_each(?)) AND model IS NOT NULL GROUP BY model`).all(projectId, traceIdsJson) as { model: string; traces: number }[];
  const update = db.prepare(`UPDATE trace_facets SET trace_count = trace_count - ? WHERE project_id = ? AND facet = 'model' AND value = ?`);
  for (const g of groups) update.run(g.traces, projectId, g.model);
  db.prepare(`DELETE FROM trace_facets WHERE project_id = ? AND trace_count <= 0`).run(projectId);
}

/** How many traces of the project have a span with this model, when that is also the exact
 *  count of a list filtered by it: every trace counts (non-GenAI included), or every span
 *  with the model is a GenAI span (so each such trace is a GenAI trace). Else undefined. */
export function countTracesWithModel(db: Database.Database, projectId: string, model: string, genaiOnly: boolean): number | undefined {
  const row = db.prepare(`SELECT tf.trace_count AS traces, sf.span_count AS spans, sf.genai_span_count AS genai FROM trace_facets tf
      LEFT JOIN span_facets sf ON sf.project_id = tf.project_id AND sf.facet = 'model' AND sf.value = tf.value
    WHERE tf.project_id = ? AND tf.facet = 'model' AND tf.value = ?`).get(projectId, model) as { traces: number; spans: number | null; genai: number | null } | undefined;
  if (!row) return 0; // no span has the model: no trace matches
  if (genaiOnly && row.spans !== row.genai) return undefined;
  return row.traces;
}
