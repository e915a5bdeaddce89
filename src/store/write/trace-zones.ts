// STORE: per start-time bucket, the largest value of each numeric trace column (a zone map,
// kept by the writer in trace_time_buckets beside the counts). A trace list narrowed by
// "tokens (cost, duration, …) above X" only reads the traces of the buckets whose largest
// value reaches X: a threshold nothing reaches answers at once instead of checking every
// trace of the project. The maxima only ever grow (a deleted trace leaves its bucket's
// maximum in place), so they stay upper bounds: a bucket is skipped only when none of its
// traces can match.
import type Database from 'better-sqlite3';
import type { FilterNode } from '../shared/filter-ast.js';
import { prepareCached } from '../shared/read-cache.js';
import { TIME_BUCKET_LEVELS } from './time-buckets.js';
import type { TraceTotals } from './session-rollup.js';

interface ZoneColumn {
  /** The trace list's filter field. */
  field: string;
  /** Its maximum's column in trace_time_buckets. */
  column: string;
  valueOf(trace: TraceTotals): number;
  /** A filter value in the column's unit. */
  toStored(value: number): number;
}

const summed = (field: string, key: keyof TraceTotals = field as keyof TraceTotals): ZoneColumn => ({
  field, column: `max_${String(key)}`, valueOf: (t) => Number(t[key]), toStored: (v) => v,
});

export const ZONE_COLUMNS: readonly ZoneColumn[] = [
  summed('total_tokens'), summed('input_tokens'), summed('output_tokens'), summed('cache_read_tokens'),
  summed('cache_write_tokens'), summed('reasoning_tokens'), summed('total_cost'), summed('span_count'),
  summed('observation_count', 'genai_span_count'),
  { field: 'duration_ms', column: 'max_duration_ns', valueOf: (t) => Number(t.end_ns - t.start_ns), toStored: (v) => Math.floor(v * 1e6) },
];

/** A trace's values for ZONE_COLUMNS, in order. */
export function zoneValues(trace: TraceTotals): number[] {
  return ZONE_COLUMNS.map((zone) => zone.valueOf(trace));
}

/** More buckets than this at one level: the threshold is not selective; stop narrowing. */
const MAX_ZONES = 64;

/** The start-time ranges [from, to] (ns, inclusive) holding every trace the filter can match,
 *  or undefined when the filter has no such threshold or it is not selective. */
export function zoneRangesForFilter(db: Database.Database, projectId: string, filter: FilterNode | undefined): [bigint, bigint][] | undefined {
  const threshold = filter && findThreshold(filter);
  if (!threshold) return undefined;
  let parents: bigint[] | null = null;
  let found: { buckets: bigint[]; shift: bigint } | undefined;
  for (const level of [...TIME_BUCKET_LEVELS].reverse()) {
    const buckets = qualifyingBuckets(db, projectId, level, parents, threshold);
    if (buckets === undefined || buckets.length > MAX_ZONES) break;
    found = { buckets, shift: level.shift };
    if (buckets.length === 0) break;
    parents = buckets;
  }
  return found && toRanges(found.buckets, found.shift);
}

type Threshold = { column: string; min: number };
type Level = (typeof TIME_BUCKET_LEVELS)[number];

/** A `gt`, `gte` or `eq` on a zone column that every match must satisfy (the filter itself or
 *  one term of its top-level AND). */
function findThreshold(node: FilterNode): Threshold | undefined {
  if ('and' in node) {
    for (const child of node.and) {
      const found = findThreshold(child);
      if (found) return found;
    }
    return undefined;
  }
  if (!('field' in node) || node.field.kind !== 'column' || !['gt', 'gte', 'eq'].includes(node.op)) return undefined;
  const value = typeof node.value === 'string' && node.value.trim() !== '' ? Number(node.value) : node.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const name = node.field.name;
  const zone = ZONE_COLUMNS.find((z) => z.field === name);
  // >= even for gt: a bucket is dropped only when its maximum is surely below.
  return zone && { column: zone.column, min: zone.toStored(value) };
}

/** Buckets of a level (children of `parents`, if given) whose maximum reaches the threshold;
 *  undefined once there are too many to be worth narrowing to. */
function qualifyingBuckets(db: Database.Database, projectId: string, level: Level, parents: bigint[] | null, threshold: Threshold): bigint[] | undefined {
  const sql = `SELECT bucket FROM trace_time_buckets WHERE project_id = ? AND level = ?
    AND bucket BETWEEN ? AND ? GROUP BY bucket HAVING MAX(${threshold.column}) >= ?`;
  const statement = prepareCached(db, sql).pluck().safeIntegers(true);
  const above = TIME_BUCKET_LEVELS[level.level + 1];
  const ratio = above ? 1n << (above.shift - level.shift) : 0n;
  const spans: [bigint, bigint][] = parents ? parents.map((p) => [p * ratio, p * ratio + ratio - 1n]) : [[-(1n << 62n), 1n << 62n]];
  const buckets: bigint[] = [];
  for (const [from, to] of spans) {
    buckets.push(...(statement.all(projectId, level.level, from, to, threshold.min) as bigint[]));
    if (buckets.length > MAX_ZONES) return undefined;
  }
  return buckets;
}

function toRanges(buckets: bigint[], shift: bigint): [bigint, bigint][] {
  const ranges: [bigint, bigint][] = [];
  for (const bucket of [...buckets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const from = bucket << shift;
    const to = ((bucket + 1n) << shift) - 1n;
    const last = ranges[ranges.length - 1];
    if (last && last[1] + 1n === from) last[1] = to;
    else ranges.push([from, to]);
  }
  return ranges;
}
