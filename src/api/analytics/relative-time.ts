// QUERY/SERVE (analytics family): the times the analytics API accepts — ISO 8601, or relative
// to the request's "now" (`now`, `now-15m`, `now-1h`, `now-7d`; units s, m, h, d, w).
// Input: the text and now in ms. Output: exact ns since epoch, or null when it is neither.
import { parseIsoToNs } from '../../store/read/filter-sql.js';
import { DURATION_UNITS_MS } from '../../config/durations.js';

// Six digits at most: 999999w is ~19,000 years, still inside what Date and SQLite handle.
const RELATIVE_TIME = /^now(?:([+-])(\d{1,6})([smhdw]))?$/;


export const TIME_FORMAT_HINT = 'an ISO 8601 time (2025-11-01T00:00:00Z) or a relative time (now, now-15m, now-1h, now-7d)';

export function isRelativeTime(text: string): boolean {
  return RELATIVE_TIME.test(text.trim());
}

/** The time `text` names, in ms since epoch when relative (for the filter AST, which takes
 *  ms numbers or ISO text) — see parseTimeNs for exact ns. */
export function resolveRelativeMs(text: string, nowMs: number): number | null {
  const match = RELATIVE_TIME.exec(text.trim());
  if (!match) return null;
  const [, sign, amount, unit] = match;
  if (sign === undefined) return nowMs;
  const offsetMs = Number(amount) * DURATION_UNITS_MS[unit!]!;
  return sign === '-' ? nowMs - offsetMs : nowMs + offsetMs;
}

/** ISO 8601 (sub-millisecond digits kept) or relative time -> ns since epoch; null if neither. */
export function parseTimeNs(text: string, nowMs: number): bigint | null {
  const relativeMs = resolveRelativeMs(text, nowMs);
  if (relativeMs !== null) return BigInt(relativeMs) * 1_000_000n;
  return parseIsoToNs(text);
}
