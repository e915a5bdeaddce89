// QUERY CORE: compiles the filter AST (store/shared/filter-ast.ts) into a parameterized SQL
// condition against one endpoint's column allowlist. Input: a FilterNode and the columns
// the endpoint exposes; output: `{ sql, params }` where every user value — including
// attribute keys — is a bound parameter and every SQL fragment comes from the allowlist.
import { AppError } from '../../errors.js';
import { MAX_FILTER_CONDITIONS, type FilterCondition, type FilterNode, type FilterOp } from '../shared/filter-ast.js';
import { ATTRIBUTE_INDEX, attributeTerm } from '../shared/attribute-terms.js';
import { compileRegex } from './query-functions.js';
import { compileSearch } from './filter-search.js';
import type { ColumnMap, ColumnSpec, ColumnType } from '../shared/column-spec.js';

export interface CompiledFilter {
  sql: string;
  params: unknown[];
}

/** Key under which a column map exposes span/resource attributes (FieldRef kind 'attribute'). */
export const ATTRIBUTES_COLUMN = 'attributes';
/** Key under which a column map exposes metadata (FieldRef kind 'metadata'). */
export const METADATA_COLUMN = 'metadata';

const NEGATED: Partial<Record<FilterOp, FilterOp>> = {
  ne: 'eq',
  not_in: 'in',
  not_contains: 'contains',
  is_null: 'is_not_null',
};

const OPS_BY_TYPE: Record<ColumnType, ReadonlySet<FilterOp>> = {
  string: new Set(['eq', 'ne', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null', 'is_not_null', 'regex', 'search']),
  number: new Set(['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null', 'is_not_null']),
  time_ns: new Set(['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null', 'is_not_null']),
  bool: new Set(['eq', 'ne', 'is_null', 'is_not_null']),
  json_array: new Set(['eq', 'ne', 'contains', 'not_contains', 'in', 'not_in', 'all_of', 'is_null', 'is_not_null']),
  json_object: new Set(['eq', 'ne', 'contains', 'not_contains', 'starts_with', 'ends_with', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null', 'is_not_null', 'regex']),
};

const COMPARISON_SQL: Partial<Record<FilterOp, string>> = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function compileFilter(node: FilterNode, columns: ColumnMap): CompiledFilter {
  const count = countConditions(node);
  if (count > MAX_FILTER_CONDITIONS) {
    throw new AppError('INVALID_FILTER', `too many filter conditions: ${count} (at most ${MAX_FILTER_CONDITIONS})`);
  }
  const params: unknown[] = [];
  const sql = compileNode(node, columns, params);
  return { sql, params };
}

function countConditions(node: FilterNode): number {
  if ('and' in node) return node.and.reduce((n, child) => n + countConditions(child), 0);
  if ('or' in node) return node.or.reduce((n, child) => n + countConditions(child), 0);
  if ('not' in node) return countConditions(node.not);
  return 1;
}

function compileNode(node: FilterNode, columns: ColumnMap, params: unknown[]): string {
  if ('and' in node) return joinChildren(node.and, ' AND ', '1=1', columns, params);
  if ('or' in node) return joinChildren(node.or, ' OR ', '0=1', columns, params);
  // A condition on a missing value is NULL, and NOT NULL would drop the row: NOT keeps it, as
  // "ne" does ("NOT provider eq openai" includes spans without a provider).
  if ('not' in node) return `COALESCE(NOT (${compileNode(node.not, columns, params)}), 1)`;
  return compileCondition(node, columns, params);
}

function joinChildren(children: FilterNode[], joiner: string, empty: string, columns: ColumnMap, params: unknown[]): string {
  if (children.length === 0) return empty;
  return '(' + children.map((child) => compileNode(child, columns, params)).join(joiner) + ')';
}

/** Operators that mean the same on a list of the related rows' values as on the rows. */
const LIST_OPS = new Set<FilterOp>(['eq', 'ne', 'in', 'not_in']);

function compileCondition(condition: FilterCondition, columns: ColumnMap, params: unknown[]): string {
  const { spec, label, path, key } = resolveField(condition, columns);
  if (!OPS_BY_TYPE[spec.type].has(condition.op) || (condition.op === 'search' && !spec.textIndex)) {
    throw new AppError('INVALID_FILTER', `operator '${condition.op}' is not supported for ${label}`);
  }
  if (condition.op === 'search') return compileSearch(spec.textIndex!, condition.value, label, params);
  if (spec.list && LIST_OPS.has(condition.op)) return compileArrayCondition(spec.list, condition.op, condition.value, label, params);
  if (!spec.via) return compileIndexedComparison(spec, path, key, condition.op, condition.value, label, params);
  const positive = NEGATED[condition.op];
  params.push(...spec.via.params);
  const inner = compileIndexedComparison(spec, path, key, positive ?? condition.op, condition.value, label, params);
  const wrapped = spec.via.template.replace('{cond}', inner);
  return positive ? `NOT (${wrapped})` : wrapped;
}

interface ResolvedField {
  spec: ColumnSpec;
  label: string;
  /** The JSON path into a keyed (json_object) column, and the key it names. */
  path: string | null;
  key: string | null;
}

function resolveField(condition: FilterCondition, columns: ColumnMap): ResolvedField {
  const field = condition.field;
  if (field.kind === 'column') {
    const spec = Object.hasOwn(columns, field.name) ? columns[field.name] : undefined;
    if (!spec || spec.type === 'json_object') throw new AppError('INVALID_FILTER', `unknown filter column '${field.name}'`);
    return { spec, label: `column '${field.name}'`, path: null, key: null };
  }
  const mapKey = field.kind === 'attribute' ? ATTRIBUTES_COLUMN : METADATA_COLUMN;
  const spec = Object.hasOwn(columns, mapKey) ? columns[mapKey] : undefined;
  if (!spec) throw new AppError('INVALID_FILTER', `${field.kind} filters are not supported here`);
  if (field.key.length === 0 || /["\u0000]/.test(field.key)) {
    throw new AppError('INVALID_FILTER', `invalid ${field.kind} key '${field.key}'`);
  }
  // SQLite JSON path with a quoted label: dots inside the key stay part of the key.
  return { spec, label: `${field.kind} '${field.key}'`, path: `$."${field.key}"`, key: field.key };
}

/** An attribute equality (eq / in) becomes "among the spans the search index names for this
 *  key and value, or past what it has indexed so far" AND the exact condition: the index
 *  narrows, the exact check decides. Anything the index cannot answer is compiled as is. */
function compileIndexedComparison(spec: ColumnSpec, path: string | null, key: string | null, op: FilterOp, value: unknown, label: string, params: unknown[]): string {
  const match = spec.termIndexRowid && key !== null ? termMatchQuery(key, op, value) : null;
  if (match === null) return compileComparison(spec, path, op, value, label, params);
  params.push(match);
  const rowid = spec.termIndexRowid!;
  const narrowed = `(${rowid} IN (SELECT rowid FROM ${ATTRIBUTE_INDEX} WHERE ${ATTRIBUTE_INDEX} MATCH ?)
    OR ${rowid} > (SELECT indexed_to FROM search_state WHERE name = '${ATTRIBUTE_INDEX}'))`;
  return `(${narrowed} AND ${compileComparison(spec, path, op, value, label, params)})`;
}

/** The FTS5 query naming the index terms of an eq / in condition; null if any value is unindexed. */
function termMatchQuery(key: string, op: FilterOp, value: unknown): string | null {
  const values = op === 'eq' ? [value] : op === 'in' && Array.isArray(value) && value.length > 0 && value.length <= 1000 ? value : null;
  if (values === null) return null;
  const terms = values.map((v) => attributeTerm(key, v));
  return terms.every((t) => t !== null) ? terms.join(' OR ') : null;
}

function compileComparison(spec: ColumnSpec, path: string | null, op: FilterOp, value: unknown, label: string, params: unknown[]): string {
  const expr = bindExpression(spec, path, params);
  // Each form uses `expr` once: a keyed expression carries a bound JSON path per use.
  if (op === 'is_null') return spec.type === 'json_array' ? `COALESCE(json_array_length(${expr}), 0) = 0` : `${expr} IS NULL`;
  if (op === 'is_not_null') return spec.type === 'json_array' ? `json_array_length(${expr}) > 0` : `${expr} IS NOT NULL`;
  if (spec.type === 'json_array') return compileArrayCondition(expr, op, value, label, params);
  // A boolean column is a condition of its own: `has_error eq true` is `(t.error_count > 0)`,
  // which SQLite matches to a partial index on it; `= 1` would not. Same rows.
  if (spec.type === 'bool' && op === 'eq') return toBoundValue('bool', value, label) === 1 ? expr : `NOT ${expr}`;
  switch (op) {
    case 'regex':
      if (typeof value !== 'string') throw new AppError('INVALID_FILTER', `operator 'regex' on ${label} needs a string value`);
      compileRegex(value); // an invalid pattern is the caller's error, found before the query runs
      params.push(value);
      return `tl_regex(${expr}, ?)`;
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      return compileLike(expr, op, value, label, params);
    case 'in':
    case 'not_in':
      return compileIn(spec, expr, op, value, label, params);
    default: {
      const sqlOp = COMPARISON_SQL[op];
      if (!sqlOp) throw new AppError('INVALID_FILTER', `operator '${op}' is not supported for ${label}`);
      params.push(toBoundValue(spec.type, value, label));
      // "ne" keeps rows where the value is absent: "environment ne prod" includes untagged traces.
      return op === 'ne' ? `COALESCE(${expr} != ?, 1)` : `${expr} ${sqlOp} ?`;
    }
  }
}

function bindExpression(spec: ColumnSpec, path: string | null, params: unknown[]): string {
  if (path === null) return spec.sql;
  const occurrences = spec.sql.split('{path}').length - 1;
  for (let i = 0; i < occurrences; i++) params.push(path);
  return spec.sql.replaceAll('{path}', '?');
}

function compileLike(expr: string, op: FilterOp, value: unknown, label: string, params: unknown[]): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new AppError('INVALID_FILTER', `operator '${op}' on ${label} needs a string value`);
  }
  const escaped = String(value).replace(/[\\%_]/g, (c) => '\\' + c);
  const pattern = op === 'starts_with' ? `${escaped}%` : op === 'ends_with' ? `%${escaped}` : `%${escaped}%`;
  params.push(pattern);
  return op === 'not_contains' ? `COALESCE(${expr} NOT LIKE ? ESCAPE '\\', 1)` : `${expr} LIKE ? ESCAPE '\\'`;
}

function compileIn(spec: ColumnSpec, expr: string, op: FilterOp, value: unknown, label: string, params: unknown[]): string {
  const values = toValueList(value, op, label);
  if (values.length === 0) return op === 'in' ? '0=1' : '1=1';
  for (const v of values) params.push(toBoundValue(spec.type, v, label));
  const list = values.map(() => '?').join(', ');
  return op === 'in' ? `${expr} IN (${list})` : `COALESCE(${expr} NOT IN (${list}), 1)`;
}

function compileArrayCondition(expr: string, op: FilterOp, value: unknown, label: string, params: unknown[]): string {
  const has = (v: unknown) => {
    params.push(toBoundValue('string', v, label));
    return `EXISTS (SELECT 1 FROM json_each(${expr}) WHERE value = ?)`;
  };
  switch (op) {
    case 'eq':
    case 'contains':
      return has(value);
    case 'ne':
    case 'not_contains':
      return `NOT ${has(value)}`;
    case 'in':
    case 'not_in':
    case 'all_of': {
      const values = toValueList(value, op, label);
      if (values.length === 0) return op === 'in' ? '0=1' : '1=1';
      const parts = values.map(has);
      if (op === 'all_of') return '(' + parts.join(' AND ') + ')';
      const any = '(' + parts.join(' OR ') + ')';
      return op === 'in' ? any : `NOT ${any}`;
    }
    default:
      throw new AppError('INVALID_FILTER', `operator '${op}' is not supported for ${label}`);
  }
}

function toValueList(value: unknown, op: FilterOp, label: string): unknown[] {
  if (!Array.isArray(value)) throw new AppError('INVALID_FILTER', `operator '${op}' on ${label} needs an array value`);
  if (value.length > 1000) throw new AppError('INVALID_FILTER', `too many values for ${label} (at most 1000)`);
  return value;
}

/** Checks a value against the column type and converts it to what SQLite compares it with. */
function toBoundValue(type: ColumnType, value: unknown, label: string): unknown {
  switch (type) {
    case 'number':
      return toNumber(value, label);
    case 'time_ns':
      return toTimeNs(value, label);
    case 'bool':
      if (value === true || value === 'true') return 1;
      if (value === false || value === 'false') return 0;
      throw new AppError('INVALID_FILTER', `${label} needs a boolean value`);
    case 'json_object':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' || typeof value === 'number') return value;
      throw new AppError('INVALID_FILTER', `${label} needs a string, number or boolean value`);
    default:
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new AppError('INVALID_FILTER', `${label} needs a string value`);
  }
}

function toNumber(value: unknown, label: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new AppError('INVALID_FILTER', `${label} needs a numeric value`);
  return n;
}

/** ISO 8601 text, or a number of ms since epoch, to ns since epoch (exact bigint). */
export function toTimeNs(value: unknown, label: string): bigint {
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.round(value)) * 1_000_000n;
  if (typeof value === 'string') {
    const ns = parseIsoToNs(value);
    if (ns !== null) return ns;
  }
  throw new AppError('INVALID_FILTER', `${label} needs an ISO 8601 timestamp`);
}

const ISO_PATTERN = /^(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses ISO 8601 keeping sub-millisecond digits exact; null when it is not a timestamp. */
export function parseIsoToNs(text: string): bigint | null {
  const match = ISO_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, rawBase, fraction = '', rawZone] = match;
  const base = rawBase!.replace(' ', 'T');
  const zone = rawZone === undefined ? 'Z' : rawZone.toUpperCase() === 'Z' ? 'Z' : rawZone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const ms = Date.parse(base.length > 10 ? base + zone : base + 'T00:00:00' + zone);
  if (Number.isNaN(ms)) return null;
  return BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0') || '0');
}
