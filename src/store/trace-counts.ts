// STORE: per-(project, environment) trace counts, kept by the writer in the same
// transaction as the trace roll-ups, so a list's total needs no COUNT over the project.
// A trace's environment and GenAI-ness can change as its spans arrive: each change
// moves the trace between buckets (old state out, new state in).
import type Database from 'better-sqlite3';

/** What places a trace in a bucket: its environment and whether it has GenAI spans. */
export interface TraceBucketFields {
  environment: string | null;
  genai_span_count: number;
}

export class TraceCounts {
  private readonly bump: Database.Statement;
  private readonly deltas = new Map<string, { projectId: string; environment: string; traces: number; genai: number }>();

  constructor(db: Database.Database) {
    this.bump = db.prepare(`INSERT INTO trace_counts (project_id, environment, trace_count, genai_trace_count) VALUES (?, ?, ?, ?)
      ON CONFLICT (project_id, environment) DO UPDATE SET trace_count = trace_count + excluded.trace_count,
        genai_trace_count = genai_trace_count + excluded.genai_trace_count`);
  }

  /** Records a trace moving between buckets (undefined: it did not / no longer exists). */
  addTraceChange(projectId: string, before: TraceBucketFields | undefined, after: TraceBucketFields | undefined): void {
    const from = before && bucketOf(before);
    const to = after && bucketOf(after);
    if (from && to && from.environment === to.environment && from.genai === to.genai) return;
    if (from) this.add(projectId, from, -1);
    if (to) this.add(projectId, to, 1);
  }

  apply(): void {
    for (const d of this.deltas.values()) if (d.traces !== 0 || d.genai !== 0) this.bump.run(d.projectId, d.environment, d.traces, d.genai);
    this.deltas.clear();
  }

  private add(projectId: string, bucket: { environment: string; genai: number }, sign: 1 | -1): void {
    const key = `${projectId}\u0000${bucket.environment}`;
    const delta = this.deltas.get(key) ?? { projectId, environment: bucket.environment, traces: 0, genai: 0 };
    delta.traces += sign;
    delta.genai += sign * bucket.genai;
    this.deltas.set(key, delta);
  }
}

function bucketOf(fields: TraceBucketFields): { environment: string; genai: number } {
  return { environment: fields.environment ?? '', genai: fields.genai_span_count > 0 ? 1 : 0 };
}

/** Total traces of a project (optionally GenAI only, optionally in some environments). */
export function countTraces(db: Database.Database, projectId: string, genaiOnly: boolean, environments?: string[]): number {
  const column = genaiOnly ? 'genai_trace_count' : 'trace_count';
  const envs = environments && environments.length > 0 ? ` AND environment IN (${environments.map(() => '?').join(', ')})` : '';
  return (db.prepare(`SELECT COALESCE(SUM(${column}), 0) FROM trace_counts WHERE project_id = ?${envs}`).pluck().get(projectId, ...(environments ?? [])) as number);
}
