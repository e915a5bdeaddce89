// STORE: per-(project, environment) trace counts, kept by the writer in the same
// transaction as the trace roll-ups, so a list's total needs no COUNT over the project.
// A trace's environment and GenAI-ness can change as its spans arrive: each change
// moves the trace between buckets (old state out, new state in).
import type Database from 'better-sqlite3';

interface TraceState {
  environment: string;
  genai: number;
}

export class TraceCounts {
  private readonly readState: Database.Statement;
  private readonly bump: Database.Statement;
  private readonly deltas = new Map<string, { projectId: string; environment: string; traces: number; genai: number }>();

  constructor(db: Database.Database) {
    this.readState = db.prepare(`SELECT COALESCE(environment, '') AS environment, (genai_span_count > 0) AS genai FROM traces WHERE project_id = ? AND trace_id = ?`);
    this.bump = db.prepare(`INSERT INTO trace_counts (project_id, environment, trace_count, genai_trace_count) VALUES (?, ?, ?, ?)
      ON CONFLICT (project_id, environment) DO UPDATE SET trace_count = trace_count + excluded.trace_count,
        genai_trace_count = genai_trace_count + excluded.genai_trace_count`);
  }

  /** The trace's current bucket (undefined when the trace does not exist yet). */
  read(projectId: string, traceId: string): TraceState | undefined {
    return this.readState.get(projectId, traceId) as TraceState | undefined;
  }

  /** Records a trace moving from `before` to its current state. */
  move(projectId: string, traceId: string, before: TraceState | undefined): void {
    const after = this.read(projectId, traceId);
    if (before && after && before.environment === after.environment && before.genai === after.genai) return;
    if (before) this.add(projectId, before, -1);
    if (after) this.add(projectId, after, 1);
  }

  apply(): void {
    for (const d of this.deltas.values()) if (d.traces !== 0 || d.genai !== 0) this.bump.run(d.projectId, d.environment, d.traces, d.genai);
    this.deltas.clear();
  }

  private add(projectId: string, state: TraceState, sign: 1 | -1): void {
    const key = `${projectId}\u0000${state.environment}`;
    const delta = this.deltas.get(key) ?? { projectId, environment: state.environment, traces: 0, genai: 0 };
    delta.traces += sign;
    delta.genai += sign * state.genai;
    this.deltas.set(key, delta);
  }
}

/** Total traces of a project (optionally GenAI only, optionally in some environments). */
export function countTraces(db: Database.Database, projectId: string, genaiOnly: boolean, environments?: string[]): number {
  const column = genaiOnly ? 'genai_trace_count' : 'trace_count';
  const envs = environments && environments.length > 0 ? ` AND environment IN (${environments.map(() => '?').join(', ')})` : '';
  return (db.prepare(`SELECT COALESCE(SUM(${column}), 0) FROM trace_counts WHERE project_id = ?${envs}`).pluck().get(projectId, ...(environments ?? [])) as number);
}
