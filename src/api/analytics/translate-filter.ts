// QUERY/SERVE (analytics family): the search request's `filter` — the spec's FieldFilter or
// LogicalFilter, nested — to the one filter AST. Input: the parsed JSON value and the
// request's "now" (relative `ts` values). Output: a FilterNode over ANALYTICS_COLUMNS, or a
// 400 that names the field and operator at fault.
import { AppError } from '../../errors.js';
import { ANALYTICS_COLUMNS, isAnalyticsField } from '../../store/read/analytics-fields.js';
import type { FieldRef, FilterCondition, FilterNode } from '../../store/shared/filter-ast.js';
import { FIELD_OPERATORS, type FieldOperator } from './schemas.js';
import { resolveRelativeMs, TIME_FORMAT_HINT } from './relative-time.js';
import { parseIsoToNs } from '../../store/read/filter-sql.js';
import type { ColumnType } from '../../store/shared/column-spec.js';

/** Deepest nesting of logical filters (the spec says "unlimited"; a bound keeps a request's
 *  cost predictable). A FieldFilter inside ten nested logical filters is fine, an eleventh is not. */
export const MAX_FILTER_DEPTH = 10;

const LOGICAL_OPERATORS = new Set(['and', 'or', 'not']);
const TEXT_SEARCH_FIELDS = new Set(['input_text', 'output_text']);
const LIST_OPERATORS = new Set<FieldOperator>(['in', 'not_in']);
const STRING_OPERATORS = new Set<FieldOperator>(['contains', 'not_contains', 'starts_with', 'ends_with', 'regex', 'search']);

/** What a field's values are: a column's type from the allowlist, or an attribute. */
type ValueKind = ColumnType | 'attribute';

export function translateSearchFilter(raw: unknown, nowMs: number): FilterNode | null {
  if (raw === null || raw === undefined) return null;
  return translateNode(raw, 1, nowMs);
}

function translateNode(raw: unknown, depth: number, nowMs: number): FilterNode {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid('each filter must be an object: a FieldFilter {field, operator, value} or a LogicalFilter {operator, filters}');
  }
  const node = raw as Record<string, unknown>;
  if ('filters' in node && 'field' in node) throw invalid("a filter has either 'field' (FieldFilter) or 'filters' (LogicalFilter), not both");
  if ('filters' in node) return translateLogical(node, depth, nowMs);
  if ('field' in node) return translateField(node, nowMs);
  throw invalid('each filter must be an object: a FieldFilter {field, operator, value} or a LogicalFilter {operator, filters}');
}

function translateLogical(node: Record<string, unknown>, depth: number, nowMs: number): FilterNode {
  if (depth > MAX_FILTER_DEPTH) throw invalid(`logical filters are nested deeper than ${MAX_FILTER_DEPTH} levels`);
  const operator = typeof node.operator === 'string' ? node.operator.toLowerCase() : null;
  if (operator === null || !LOGICAL_OPERATORS.has(operator)) {
    throw invalid(`logical operator ${describe(node.operator)} is not one of AND, OR, NOT`);
  }
  const label = operator.toUpperCase();
  if (!Array.isArray(node.filters) || node.filters.length === 0) throw invalid(`${label} needs a non-empty 'filters' array`);
  const children = node.filters.map((child) => translateNode(child, depth + 1, nowMs));
  if (operator === 'not') {
    // One child only: NOT over several is read as NOT(AND) by some and NOT(OR) by others.
    if (children.length !== 1) throw invalid('NOT takes exactly one filter (wrap several in AND or OR)');
    return { not: children[0]! };
  }
  return operator === 'and' ? { and: children } : { or: children };
}

function translateField(node: Record<string, unknown>, nowMs: number): FilterNode {
  if (typeof node.field !== 'string') throw invalid(`'field' must be a string, got ${describe(node.field)}`);
  const { ref, kind } = resolveField(node.field);
  const operator = typeof node.operator === 'string' ? (node.operator.toLowerCase() as FieldOperator) : null;
  if (operator === null || !FIELD_OPERATORS.includes(operator)) {
    throw invalid(`operator ${describe(node.operator)} on field '${node.field}' is not one of ${FIELD_OPERATORS.join(', ')}`);
  }
  const where = `operator '${operator}' on field '${node.field}'`;
  if (operator === 'search' && !TEXT_SEARCH_FIELDS.has(node.field)) {
    throw invalid(`operator 'search' (full-text) works on input_text and output_text only, not on '${node.field}'`);
  }
  if (!('value' in node)) throw invalid(`${where} needs a value`);
  const value = checkValue(operator, kind, node.value, where, nowMs);
  return { field: ref, op: operator, value } satisfies FilterCondition;
}

function resolveField(name: string): { ref: FieldRef; kind: ValueKind } {
  if (name !== 'attributes' && isAnalyticsField(name)) {
    return { ref: { kind: 'column', name }, kind: ANALYTICS_COLUMNS[name]!.type };
  }
  // NUL cannot be part of a SQLite JSON path (the store's lookup would fail, not miss).
  if (name.startsWith('attributes.') && name.length > 'attributes.'.length && !name.includes('\u0000')) {
    return { ref: { kind: 'attribute', key: name.slice('attributes.'.length) }, kind: 'attribute' };
  }
  const hint = name === 'attributes' ? ' (filter on attributes.<key>)' : '';
  throw invalid(`field '${clip(name)}' is not allowed${hint}`);
}

function checkValue(operator: FieldOperator, kind: ValueKind, value: unknown, where: string, nowMs: number): unknown {
  if (LIST_OPERATORS.has(operator)) {
    if (!Array.isArray(value)) throw invalid(`${where} needs an array of values, got ${describe(value)}`);
    return value.map((item) => checkScalar(kind, item, where, nowMs));
  }
  if (Array.isArray(value)) throw invalid(`${where} needs a single value, not an array (use 'in' for a list)`);
  if (STRING_OPERATORS.has(operator)) {
    if (typeof value !== 'string') throw invalid(`${where} needs a string value, got ${describe(value)}`);
    if (operator === 'search' && value.trim() === '') throw invalid(`${where} needs a non-empty search text`);
    return value;
  }
  return checkScalar(kind, value, where, nowMs);
}

/** One comparison value, checked against the field's kind; times become what the AST takes. */
function checkScalar(kind: ValueKind, value: unknown, where: string, nowMs: number): unknown {
  switch (kind) {
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalid(`${where} needs a number, got ${describe(value)}`);
    case 'time_ns':
      return checkTime(value, where, nowMs);
    case 'attribute':
    case 'json_object':
      if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
      throw invalid(`${where} needs a string, number or boolean, got ${describe(value)}`);
    case 'bool':
      if (typeof value === 'boolean') return value;
      throw invalid(`${where} needs a boolean, got ${describe(value)}`);
    default:
      if (typeof value === 'string') return value;
      throw invalid(`${where} needs a string, got ${describe(value)}`);
  }
}

/** ISO 8601 text (passed on exactly), a relative time (resolved to ms), or ms since epoch. */
function checkTime(value: unknown, where: string, nowMs: number): string | number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const relativeMs = resolveRelativeMs(value, nowMs);
    if (relativeMs !== null) return relativeMs;
    if (parseIsoToNs(value) !== null) return value.trim();
  }
  throw invalid(`${where} needs ${TIME_FORMAT_HINT} or a number of ms since epoch, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${clip(value)}'`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Echoed names and values stay short: a 1 MB field name is not repeated back. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function invalid(problem: string): AppError {
  return new AppError('INVALID_FILTER', `Invalid filter: ${problem}`);
}
