// QUERY/SERVE (explorer): turns validated query strings into store options — order_by
// against an allowlist, ISO 8601 time bounds to ns, repeated params to lists.
import { AppError } from '../../errors.js';
import { parseIsoToNs } from '../../store/read/filter-sql.js';
import type { SortDirection } from '../../store/read/trace-queries.js';

/** `field` or `field:asc|desc`; the field must be one of `allowed`. Default direction: desc. */
export function parseOrderBy(text: string | undefined, allowed: Record<string, string>, fallback: string): { column: string; direction: SortDirection } {
  if (text === undefined || text === '') return { column: fallback, direction: 'desc' };
  const [column, direction = 'desc', extra] = text.split(':');
  if (extra !== undefined || (direction !== 'asc' && direction !== 'desc')) {
    throw new AppError('VALIDATION_ERROR', "invalid order_by: use 'field', 'field:asc' or 'field:desc'");
  }
  if (!column || !Object.hasOwn(allowed, column)) {
    throw new AppError('VALIDATION_ERROR', `cannot order by '${column}'; allowed: ${Object.keys(allowed).join(', ')}`);
  }
  return { column, direction };
}

/** An ISO 8601 query parameter to ns since epoch. */
export function parseTimestampParam(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined || value === '') return undefined;
  const ns = parseIsoToNs(value);
  if (ns === null) throw new AppError('VALIDATION_ERROR', `invalid ${name}: '${value}' is not an ISO 8601 timestamp`);
  return ns;
}

/** A parameter given once or repeated, as a list (values may contain commas). */
export function toList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
  return list.length > 0 ? list : undefined;
}

/** A comma-separated parameter (e.g. `columns=environment,model`) as a list. */
export function splitCsv(value: string | undefined): string[] | undefined {
  const list = value?.split(',').map((v) => v.trim()).filter((v) => v !== '');
  return list && list.length > 0 ? list : undefined;
}

export function parseBooleanParam(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return value === 'true' || value === '1';
}

export function toPageMeta(page: number, limit: number, total: number) {
  return { page, limit, total_items: total, total_pages: Math.ceil(total / limit) };
}
