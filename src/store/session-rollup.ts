// STORE: keeps the `sessions` roll-up exact. Whenever a trace of a session changes (spans
// arrive, traces are deleted) the writer recomputes that session's row from its traces,
// inside the same transaction: no incremental drift, and a session is a few traces.
import type Database from 'better-sqlite3';
import { SESSION_ROLLUP_SELECT } from './migrations.js';

export class SessionRollup {
  private readonly findSession: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly recompute: Database.Statement;

  constructor(db: Database.Database) {
    this.findSession = db.prepare('SELECT session_id FROM traces WHERE project_id = ? AND trace_id = ?').pluck();
    this.remove = db.prepare('DELETE FROM sessions WHERE project_id = ? AND session_id = ?');
    this.recompute = db.prepare(`INSERT INTO sessions ${SESSION_ROLLUP_SELECT} WHERE project_id = ? AND session_id = ? GROUP BY project_id, session_id`);
  }

  /** The sessions the given traces belong to now (after their roll-ups were updated). */
  sessionsOfTraces(traces: { projectId: string; traceId: string }[]): Map<string, Set<string>> {
    const byProject = new Map<string, Set<string>>();
    for (const { projectId, traceId } of traces) {
      const sessionId = this.findSession.get(projectId, traceId) as string | null | undefined;
      if (!sessionId) continue;
      let set = byProject.get(projectId);
      if (!set) byProject.set(projectId, (set = new Set()));
      set.add(sessionId);
    }
    return byProject;
  }

  refresh(sessionsByProject: Map<string, Set<string>>): void {
    for (const [projectId, sessionIds] of sessionsByProject) {
      for (const sessionId of sessionIds) {
        this.remove.run(projectId, sessionId);
        this.recompute.run(projectId, sessionId);
      }
    }
  }
}
