// QUERY/SERVE (observability facade): the times its bodies carry (pydantic's datetime
// input: an ISO 8601 string, or a unix timestamp) -> ISO 8601 for the direct-ingestion events.
import { parseIsoToNs } from '../../store/read/filter-sql.js';

/** An ISO 8601 string, or unix seconds (ms above 2e10, pydantic's rule) -> ISO 8601, or null. */
export function toIsoTime(value: string | number): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const ms = Math.abs(value) > 2e10 ? value : value * 1000;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  const ns = parseIsoToNs(value);
  return ns === null ? null : new Date(Number(ns / 1_000_000n)).toISOString();
}
