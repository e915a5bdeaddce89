// QUERY/SERVE (Langfuse family): timestamps between the store (ns since epoch, exact
// decimal strings) and the API (ISO 8601 with milliseconds, as Langfuse renders them).
import { AppError } from '../../errors.js';
import { parseIsoToNs } from '../../store/read/filter-sql.js';

export function nsToIso(ns: string | bigint): string {
  return new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();
}

export function msToIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Milliseconds between two ns timestamps (fractional: ns precision kept to the µs). */
export function nsDiffMs(fromNs: string | bigint, toNs: string | bigint): number {
  return Number((BigInt(toNs) - BigInt(fromNs)) / 1000n) / 1000;
}

/** A query parameter holding an ISO 8601 time, as exact ns; 400 naming it otherwise. */
export function parseTimeParam(name: string, value: string | undefined): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  const ns = parseIsoToNs(value);
  if (ns === null) throw new AppError('VALIDATION_ERROR', `Invalid request data: ${name}: expected an ISO 8601 datetime, got '${value}'`);
  return ns;
}
