// STORE: trace counts kept by the writer in the same transaction as the trace roll-ups:
// per (project, environment), so a list's total needs no COUNT over the project; and per
// start-time bucket at three sizes, so a deep page of the newest-first list can start at the
// right bucket instead of stepping over every newer trace (OFFSET is linear in SQLite).
// A trace's environment, GenAI-ness and start can change as its spans arrive: each change
// moves the trace between buckets (old state out, new state in).
import type Database from 'better-sqlite3';
import type { TraceTotals } from './session-rollup.js';
import { TIME_BUCKET_LEVELS } from './time-buckets.js';
import { ZONE_COLUMNS, zoneValues } from './trace-zones.js';

/** One counter change; level -1 is the per-environment total (trace_counts). `maxes`: the
 *  largest ZONE_COLUMNS values of the traces now in the bucket (null: none added). */
interface Delta { projectId: string; environment: string; level: number; bucket: bigint; traces: number; genai: number; maxes: number[] | null }

const MAX_COLUMNS = ZONE_COLUMNS.map((zone) => zone.column);
/** The maxima of a bucket change that added no trace (one moved out): they raise nothing. */
const NO_MAXES = MAX_COLUMNS.map(() => 0);

export class TraceCounts {
  private readonly bumpTotal: Database.Statement;
  private readonly bumpBucket: Database.Statement;
  private readonly deltas = new Map<string, Delta>();

  constructor(db: Database.Database) {
    this.bumpTotal = db.prepare(`INSERT INTO trace_counts (project_id, environment, trace_count, genai_trace_count) VALUES (?, ?, ?, ?)
      ON CONFLICT (project_id, environment) DO UPDATE SET trace_count = trace_count + excluded.trace_count,
        genai_trace_count = genai_trace_count + excluded.genai_trace_count`);
    this.bumpBucket = db.prepare(`INSERT INTO trace_time_buckets (project_id, level, bucket, environment, trace_count, genai_trace_count, ${MAX_COLUMNS.join(', ')})
      VALUES (?, ?, ?, ?, ?, ?, ${MAX_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (project_id, level, bucket, environment) DO UPDATE SET
        trace_count = trace_count + excluded.trace_count, genai_trace_count = genai_trace_count + excluded.genai_trace_count,
        ${MAX_COLUMNS.map((c) => `${c} = MAX(${c}, excluded.${c})`).join(', ')}`);
  }

  /** Records a trace moving between buckets (undefined: it did not / no longer exists): its
   *  environment, start and GenAI-ness place it; its totals raise the bucket's maxima. */
  addTraceChange(projectId: string, before: TraceTotals | undefined, after: TraceTotals | undefined): void {
    const from = before && bucketOf(before);
    const to = after && bucketOf(after);
    const moved = !(from && to && from.environment === to.environment && from.genai === to.genai && from.start === to.start);
    if (moved && from) this.add(projectId, from, -1, null);
    // Staying in its bucket, a trace still raises the bucket's maxima as its spans arrive.
    if (to) this.add(projectId, to, moved ? 1 : 0, zoneValues(after!));
  }

  apply(): void {
    for (const d of this.deltas.values()) {
      if (d.level < 0) {
        if (d.traces !== 0 || d.genai !== 0) this.bumpTotal.run(d.projectId, d.environment, d.traces, d.genai);
      } else if (d.traces !== 0 || d.genai !== 0 || d.maxes) {
        this.bumpBucket.run(d.projectId, d.level, d.bucket, d.environment, d.traces, d.genai, ...(d.maxes ?? NO_MAXES));
      }
    }
    this.clear();
  }

  /** Forgets what a batch that failed before `apply` left behind. */
  clear(): void {
    this.deltas.clear();
  }

  private add(projectId: string, b: { environment: string; genai: number; start: bigint }, sign: 1 | 0 | -1, maxes: number[] | null): void {
    this.addTo(projectId, b.environment, -1, 0n, b.genai, sign, null);
    for (const { level, shift } of TIME_BUCKET_LEVELS) this.addTo(projectId, b.environment, level, b.start >> shift, b.genai, sign, maxes);
  }

  private addTo(projectId: string, environment: string, level: number, bucket: bigint, genai: number, sign: 1 | 0 | -1, maxes: number[] | null): void {
    const key = `${projectId}\u0000${environment}\u0000${level}\u0000${bucket}`;
    const delta = this.deltas.get(key) ?? { projectId, environment, level, bucket, traces: 0, genai: 0, maxes: null };
    delta.traces += sign;
    delta.genai += sign * genai;
    if (maxes) delta.maxes = delta.maxes ? delta.maxes.map((m, i) => Math.max(m, maxes[i]!)) : maxes;
    this.deltas.set(key, delta);
  }
}

function bucketOf(fields: TraceTotals): { environment: string; genai: number; start: bigint } {
  return { environment: fields.environment ?? '', genai: fields.genai_span_count > 0 ? 1 : 0, start: BigInt(fields.start_ns) };
}

function environmentClause(environments: string[] | undefined): { sql: string; params: string[] } {
  if (!environments || environments.length === 0) return { sql: '', params: [] };
  return { sql: ` AND environment IN (${environments.map(() => '?').join(', ')})`, params: environments };
}

/** Total traces of a project (optionally GenAI only, optionally in some environments). */
export function countTraces(db: Database.Database, projectId: string, genaiOnly: boolean, environments?: string[]): number {
  const column = genaiOnly ? 'genai_trace_count' : 'trace_count';
  const envs = environmentClause(environments);
  return db.prepare(`SELECT COALESCE(SUM(${column}), 0) FROM trace_counts WHERE project_id = ?${envs.sql}`).pluck().get(projectId, ...envs.params) as number;
}

export interface PageStart {
  /** Traces are taken from start_ns < bound (newest first) or start_ns >= bound (oldest first)… */
  boundNs: bigint;
  /** …skipping this many of them. */
  offset: number;
}

/** Where the trace at position `offset` of a start-time ordered list lies: the bucket that
 *  holds it, and its offset inside. Reads bucket counts (a few hundred rows at most per
 *  level) instead of stepping over `offset` index entries. Null past the end. */
export function locatePageStart(db: Database.Database, projectId: string, genaiOnly: boolean, environments: string[] | undefined, offset: number, newestFirst: boolean): PageStart | null {
  const column = genaiOnly ? 'genai_trace_count' : 'trace_count';
  const envs = environmentClause(environments);
  const dir = newestFirst ? 'DESC' : 'ASC';
  const buckets = (level: number, range: string, rangeParams: bigint[]) => db.prepare(`SELECT bucket, SUM(${column}) AS n FROM trace_time_buckets
      WHERE project_id = ? AND level = ?${range}${envs.sql} GROUP BY bucket HAVING n > 0 ORDER BY bucket ${dir}`).safeIntegers(true)
    .all(projectId, level, ...rangeParams, ...envs.params) as { bucket: bigint; n: bigint }[];
  let skipped = 0;
  let range: { sql: string; params: bigint[] } = { sql: '', params: [] };
  let bucket: bigint | null = null;
  let shift = 0n;
  for (const level of [...TIME_BUCKET_LEVELS].reverse()) {
    bucket = null;
    for (const row of buckets(level.level, range.sql, range.params)) {
      if (skipped + Number(row.n) > offset) {
        bucket = row.bucket;
        break;
      }
      skipped += Number(row.n);
    }
    if (bucket === null) return null; // past the end: the plain query answers (an empty page)
    shift = level.shift;
    const below = TIME_BUCKET_LEVELS[level.level - 1];
    if (below) {
      const ratio = 1n << (level.shift - below.shift);
      range = { sql: ' AND bucket BETWEEN ? AND ?', params: [bucket * ratio, bucket * ratio + ratio - 1n] };
    }
  }
  const boundNs = newestFirst ? (bucket! + 1n) << shift : bucket! << shift;
  return { boundNs, offset: offset - skipped };
}
