// STORE: per-project counts of span facet values (model, provider, framework, type, …),
// kept by the writer inside the same transaction that inserts or deletes the spans, so
// the filter dropdowns read a handful of rows instead of grouping every span.
import type Database from 'better-sqlite3';
import { prepareCached } from '../shared/read-cache.js';
import { spanRowidsOfTraces } from '../shared/span-keys.js';

/** Facets counted, each a spans column (status_code is rendered as OK | ERROR | UNSET). */
export const SPAN_FACETS = ['model', 'request_model', 'provider', 'framework', 'observation_type', 'category', 'environment', 'agent_name', 'tool_name', 'status_code'] as const;
export type SpanFacet = (typeof SPAN_FACETS)[number];

export function renderStatusFacet(code: unknown): string {
  return code === 1 || code === 1n ? 'OK' : code === 2 || code === 2n ? 'ERROR' : 'UNSET';
}

interface FacetDelta {
  projectId: string;
  facet: SpanFacet;
  value: string;
  spans: number;
  genaiSpans: number;
}

/** Accumulates facet deltas for one transaction; flushed with `apply`. */
export class FacetCounter {
  // Project -> per facet (SPAN_FACETS order) -> value -> delta. Nested rather than keyed by
  // one `project\0facet\0value` string: ten such strings per span were built, flattened
  // and hashed only to be looked up.
  private readonly deltas = new Map<string, Map<string, FacetDelta>[]>();
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(`INSERT INTO span_facets (project_id, facet, value, span_count, genai_span_count) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project_id, facet, value) DO UPDATE SET span_count = span_count + excluded.span_count,
        genai_span_count = genai_span_count + excluded.genai_span_count`);
  }

  /** `valueOf(facet)` reads the span's value for a facet (null when absent). */
  addSpan(projectId: string, isGenai: boolean, valueOf: (facet: SpanFacet) => unknown): void {
    let byFacet = this.deltas.get(projectId);
    if (!byFacet) this.deltas.set(projectId, (byFacet = SPAN_FACETS.map(() => new Map())));
    SPAN_FACETS.forEach((facet, i) => {
      const raw = valueOf(facet);
      const value = facet === 'status_code' ? renderStatusFacet(raw) : raw;
      if (typeof value !== 'string') return;
      let delta = byFacet[i]!.get(value);
      if (!delta) byFacet[i]!.set(value, (delta = { projectId, facet, value, spans: 0, genaiSpans: 0 }));
      delta.spans++;
      if (isGenai) delta.genaiSpans++;
    });
  }

  apply(): void {
    for (const byFacet of this.deltas.values()) {
      for (const values of byFacet) for (const d of values.values()) this.upsert.run(d.projectId, d.facet, d.value, d.spans, d.genaiSpans);
    }
    this.clear();
  }

  /** Forgets what a batch that failed before `apply` left behind. */
  clear(): void {
    this.deltas.clear();
  }
}

/** Before the spans of these traces are deleted: take their facet values off the counts. */
export function subtractFacetsOfTraces(db: Database.Database, projectId: string, traceIdsJson: string): void {
  const update = db.prepare('UPDATE span_facets SET span_count = span_count - ?, genai_span_count = genai_span_count - ? WHERE project_id = ? AND facet = ? AND value = ?');
  for (const facet of SPAN_FACETS) {
    const expr = facet === 'status_code' ? `CASE status_code WHEN 1 THEN 'OK' WHEN 2 THEN 'ERROR' ELSE 'UNSET' END` : facet;
    const groups = db.prepare(`SELECT ${expr} AS value, COUNT(*) AS spans, SUM(is_genai) AS genai FROM spans
      WHERE id IN (${spanRowidsOfTraces('tk.trace_id IN (SELECT value FROM json_each(?))')}) AND ${expr} IS NOT NULL GROUP BY 1`).all(projectId, traceIdsJson) as { value: string; spans: number; genai: number }[];
    for (const g of groups) update.run(g.spans, g.genai, projectId, facet, g.value);
  }
  db.prepare('DELETE FROM span_facets WHERE project_id = ? AND span_count <= 0').run(projectId);
}

/** Every span of a project, writer-kept: each span is counted once under its status. */
export function countProjectSpans(db: Database.Database, projectId: string): number {
  return prepareCached(db, `SELECT COALESCE(SUM(span_count), 0) FROM span_facets WHERE project_id = ? AND facet = 'status_code'`).pluck().get(projectId) as number;
}

export interface FacetOption {
  value: string;
  count: number;
}

/** The most frequent values of one facet in a project (all spans, or GenAI spans only). */
export function findFacetOptions(db: Database.Database, projectId: string, facet: SpanFacet, genaiOnly: boolean, limit: number): FacetOption[] {
  const count = genaiOnly ? 'genai_span_count' : 'span_count';
  return db.prepare(`SELECT value, ${count} AS count FROM span_facets WHERE project_id = ? AND facet = ? AND ${count} > 0 ORDER BY count DESC, value LIMIT ?`).all(projectId, facet, limit) as FacetOption[];
}
