// QUERY/SERVE (explorer): the `filters` query parameter, in either dialect, to the one
// filter AST. Input: the raw JSON text; output: an AND of conditions. Two dialects:
//   documented: [{"key":"environment","op":"eq","value":"production"}]  (key may be `attributes.<k>`)
//   typed:      [{"type":"string","column":"environment","operator":"=","value":"production"}]
// Column names are checked later, against the endpoint's allowlist, by store/read/filter-sql.ts.
import { AppError } from '../../errors.js';
import { MAX_FILTER_CONDITIONS, type FieldRef, type FilterCondition, type FilterNode, type FilterOp } from '../../store/shared/filter-ast.js';

/** Largest `filters` text accepted (a guard before JSON.parse). */
const MAX_FILTER_JSON_CHARS = 64 * 1024;

const DOCUMENTED_OPS: Record<string, FilterOp> = {
  eq: 'eq', ne: 'ne', neq: 'ne', contains: 'contains', not_contains: 'not_contains', starts_with: 'starts_with',
  ends_with: 'ends_with', in: 'in', not_in: 'not_in', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte',
  is_null: 'is_null', is_not_null: 'is_not_null',
};

const TYPED_OPS: Record<string, Record<string, FilterOp>> = {
  string: {
    '=': 'eq', '!=': 'ne', '<>': 'ne', contains: 'contains', 'does not contain': 'not_contains',
    not_contains: 'not_contains', starts_with: 'starts_with', 'starts with': 'starts_with',
    ends_with: 'ends_with', 'ends with': 'ends_with',
  },
  number: { '=': 'eq', '!=': 'ne', '<>': 'ne', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' },
  datetime: { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' },
  string_options: { 'any of': 'in', 'none of': 'not_in' },
  array_options: { 'any of': 'in', 'none of': 'not_in', 'all of': 'all_of' },
  boolean: { '=': 'eq', '<>': 'ne', '!=': 'ne' },
  null: { 'is null': 'is_null', 'is not null': 'is_not_null' },
  string_object: { '=': 'eq', '!=': 'ne', '<>': 'ne', contains: 'contains', 'does not contain': 'not_contains', 'starts with': 'starts_with', 'ends with': 'ends_with' },
  number_object: { '=': 'eq', '!=': 'ne', '<>': 'ne', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' },
};

/** Langfuse spells the typed-filter types in camelCase. */
const TYPE_ALIASES: Record<string, string> = {
  stringOptions: 'string_options', arrayOptions: 'array_options', stringObject: 'string_object', numberObject: 'number_object',
};

/** Parses the `filters` parameter; undefined/empty means no filter. */
export function parseFiltersParam(text: string | undefined): FilterNode | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (text.length > MAX_FILTER_JSON_CHARS) throw new AppError('INVALID_FILTER', `filters JSON exceeds ${MAX_FILTER_JSON_CHARS} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_FILTER', 'filters is not valid JSON');
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length > MAX_FILTER_CONDITIONS) {
    throw new AppError('INVALID_FILTER', `too many filter conditions: ${items.length} (at most ${MAX_FILTER_CONDITIONS})`);
  }
  const conditions = items.map((item, index) => parseItem(item, index));
  return conditions.length === 1 ? conditions[0] : { and: conditions };
}

function parseItem(item: unknown, index: number): FilterCondition {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new AppError('INVALID_FILTER', `filters[${index}] must be an object`);
  }
  const record = item as Record<string, unknown>;
  // Typed filters may carry `key` too (stringObject), so their own fields decide first.
  if ('operator' in record || 'column' in record || 'type' in record) return parseTyped(record, index);
  if ('op' in record || 'key' in record) return parseDocumented(record, index);
  throw new AppError('INVALID_FILTER', `filters[${index}] needs "key"/"op" or "type"/"column"/"operator"`);
}

function parseDocumented(record: Record<string, unknown>, index: number): FilterCondition {
  const key = requireString(record.key, `filters[${index}].key`);
  const opName = requireString(record.op, `filters[${index}].op`);
  const op = Object.hasOwn(DOCUMENTED_OPS, opName) ? DOCUMENTED_OPS[opName]! : undefined;
  if (!op) throw new AppError('INVALID_FILTER', `unknown filter operator '${opName}' in filters[${index}]`);
  return withValue({ field: toFieldRef(key, undefined), op }, record.value, index);
}

function parseTyped(record: Record<string, unknown>, index: number): FilterCondition {
  const rawType = requireString(record.type, `filters[${index}].type`);
  const type = TYPE_ALIASES[rawType] ?? rawType;
  const operators = Object.hasOwn(TYPED_OPS, type) ? TYPED_OPS[type]! : undefined;
  if (!operators) throw new AppError('INVALID_FILTER', `unknown filter type '${rawType}' in filters[${index}]`);
  const column = requireString(record.column, `filters[${index}].column`);
  const opName = requireString(record.operator, `filters[${index}].operator`);
  const op = Object.hasOwn(operators, opName) ? operators[opName]! : undefined;
  if (!op) throw new AppError('INVALID_FILTER', `unknown operator '${opName}' for filter type '${rawType}' in filters[${index}]`);
  const objectKey = type === 'string_object' || type === 'number_object' ? requireString(record.key, `filters[${index}].key`) : undefined;
  return withValue({ field: toFieldRef(column, objectKey), op }, record.value, index);
}

function withValue(condition: FilterCondition, value: unknown, index: number): FilterCondition {
  if (condition.op === 'is_null' || condition.op === 'is_not_null') return condition;
  if (value === undefined || value === null) throw new AppError('INVALID_FILTER', `filters[${index}] needs a value`);
  const listOp = condition.op === 'in' || condition.op === 'not_in' || condition.op === 'all_of';
  if (listOp && !Array.isArray(value)) throw new AppError('INVALID_FILTER', `filters[${index}]: operator needs an array value`);
  if (!listOp && typeof value === 'object') throw new AppError('INVALID_FILTER', `filters[${index}]: value must be a string, number or boolean`);
  return { ...condition, value };
}

/** `attributes.<key>` (or `attribute.`/`metadata.`) names an attribute; anything else a column. */
function toFieldRef(name: string, objectKey: string | undefined): FieldRef {
  if (objectKey !== undefined) {
    return name === 'metadata' ? { kind: 'metadata', key: objectKey } : { kind: 'attribute', key: objectKey };
  }
  for (const prefix of ['attributes.', 'attribute.', 'attr.']) {
    if (name.startsWith(prefix) && name.length > prefix.length) return { kind: 'attribute', key: name.slice(prefix.length) };
  }
  if (name.startsWith('metadata.') && name.length > 9) return { kind: 'metadata', key: name.slice(9) };
  return { kind: 'column', name };
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new AppError('INVALID_FILTER', `${what} must be a non-empty string`);
  return value;
}
