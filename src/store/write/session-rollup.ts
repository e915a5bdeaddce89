// STORE: keeps the `sessions` roll-up. On ingest it adds each touched trace's change
// (its roll-up after this batch minus before) to its session: O(traces in the batch),
// whatever a session's size — a long-lived session with thousands of traces must not
// make every batch slower. On delete, the few affected sessions are recomputed from
// their remaining traces.
import type Database from 'better-sqlite3';
import { SESSION_ROLLUP_SELECT } from '../schema/migrations.js';
import type { CostCounts, TokenTotals } from '../shared/cost-totals.js';

/** The trace roll-up fields a session sums (read before and after a batch). */
export interface TraceTotals extends TokenTotals, CostCounts {
  session_id: string | null;
  user_id: string | null;
  environment: string | null;
  start_ns: bigint;
  end_ns: bigint;
  /** When the trace row was first written: its spans' key (store/shared/span-keys.ts). */
  created_at_ms: bigint;
  span_count: number;
  genai_span_count: number;
}

const SUMMED = ['span_count', 'genai_span_count', 'input_tokens', 'output_tokens', 'total_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'total_cost', 'priced_generation_count', 'unpriced_generation_count'] as const;

/** Migration 4's session columns, then migration 24's: the recompute names them (the table grew). */
const SESSION_COLUMNS = `project_id, session_id, user_id, environment, start_ns, end_ns, trace_count, span_count, observation_count,
  input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, total_cost,
  priced_generation_count, unpriced_generation_count`;

export class SessionRollup {
  private readonly readTotals: Database.Statement;
  private readonly addToSession: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly recompute: Database.Statement;

  constructor(db: Database.Database) {
    this.readTotals = db.prepare(`SELECT session_id, user_id, environment, start_ns, end_ns, created_at_ms, ${SUMMED.join(', ')} FROM traces WHERE project_id = ? AND trace_id = ?`).safeIntegers(true);
    this.addToSession = db.prepare(`INSERT INTO sessions (${SESSION_COLUMNS})
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project_id, session_id) DO UPDATE SET user_id = COALESCE(user_id, excluded.user_id),
        environment = COALESCE(environment, excluded.environment), start_ns = MIN(start_ns, excluded.start_ns),
        end_ns = MAX(end_ns, excluded.end_ns), trace_count = trace_count + excluded.trace_count,
        span_count = span_count + excluded.span_count, observation_count = observation_count + excluded.observation_count,
        input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
        total_tokens = total_tokens + excluded.total_tokens, cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
        cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens, reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
        total_cost = total_cost + excluded.total_cost,
        priced_generation_count = priced_generation_count + excluded.priced_generation_count,
        unpriced_generation_count = unpriced_generation_count + excluded.unpriced_generation_count`);
    this.remove = db.prepare('DELETE FROM sessions WHERE project_id = ? AND session_id = ?');
    // Migration 4's select (it must stay as released) with migration 24's two sums added.
    const recomputed = SESSION_ROLLUP_SELECT.replace(' FROM traces', ', SUM(priced_generation_count), SUM(unpriced_generation_count) FROM traces');
    this.recompute = db.prepare(`INSERT INTO sessions (${SESSION_COLUMNS}) ${recomputed} WHERE project_id = ? AND session_id = ? GROUP BY project_id, session_id`);
  }

  /** A trace's roll-up now (undefined when it does not exist). */
  read(projectId: string, traceId: string): TraceTotals | undefined {
    const row = this.readTotals.get(projectId, traceId) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    for (const key of SUMMED) if (key !== 'total_cost') row[key] = Number(row[key]);
    return row as unknown as TraceTotals;
  }

  /** Adds a trace's change (from `before` to `after`) to its session. */
  addTraceChange(projectId: string, before: TraceTotals | undefined, after: TraceTotals | undefined): void {
    if (!after?.session_id) return;
    // The same session before: add the difference. Newly in this session: add it whole.
    const base = before?.session_id === after.session_id ? before : undefined;
    const delta = (key: (typeof SUMMED)[number]) => Number(after[key]) - Number(base?.[key] ?? 0);
    this.addToSession.run(projectId, after.session_id, after.user_id, after.environment, after.start_ns, after.end_ns, base ? 0 : 1,
      ...SUMMED.map(delta));
  }

  /** The sessions the given traces belong to (read before they are deleted). */
  sessionsOfTraces(projectId: string, traceIds: string[]): Set<string> {
    const sessions = new Set<string>();
    for (const traceId of traceIds) {
      const sessionId = this.read(projectId, traceId)?.session_id;
      if (sessionId) sessions.add(sessionId);
    }
    return sessions;
  }

  /** Recomputes sessions from their remaining traces (after a delete). */
  recomputeSessions(projectId: string, sessionIds: Set<string>): void {
    for (const sessionId of sessionIds) {
      this.remove.run(projectId, sessionId);
      this.recompute.run(projectId, sessionId);
    }
  }
}
