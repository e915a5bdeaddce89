// QUERY/SERVE (Langfuse family): the fern `filter` query parameter -> the one filter AST.
// Input: the JSON text of a condition array ({type, column, operator, value, key}) and the
// columns the endpoint allows. Output: FilterConditions (ANDed by the caller) plus the set
// of columns they touch, so simple query parameters on those columns can step aside.
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { FilterCondition, FilterNode, FilterOp } from '../../store/shared/filter-ast.js';

const FERN_TYPES = [
  'datetime', 'string', 'number', 'stringOptions', 'categoryOptions', 'arrayOptions',
  'stringObject', 'numberObject', 'booleanObject', 'boolean', 'null',
] as const;
type FernType = (typeof FERN_TYPES)[number];

const STRING_OPS: Record<string, FilterOp> = {
  '=': 'eq', contains: 'contains', 'does not contain': 'not_contains', 'starts with': 'starts_with',
  'ends with': 'ends_with', matches: 'contains',
};
const NUMBER_OPS: Record<string, FilterOp> = { '=': 'eq', '>': 'gt', '<': 'lt', '>=': 'gte', '<=': 'lte' };
const OPTIONS_OPS: Record<string, FilterOp> = { 'any of': 'in', 'none of': 'not_in' };
const BOOLEAN_OPS: Record<string, FilterOp> = { '=': 'eq', '<>': 'ne' };

/** Operators each fern type accepts, mapped to AST operators. */
const OPERATORS: Record<FernType, Record<string, FilterOp>> = {
  datetime: { '>': 'gt', '<': 'lt', '>=': 'gte', '<=': 'lte' },
  string: STRING_OPS,
  number: NUMBER_OPS,
  stringOptions: OPTIONS_OPS,
  categoryOptions: OPTIONS_OPS,
  arrayOptions: { ...OPTIONS_OPS, 'all of': 'all_of' },
  stringObject: STRING_OPS,
  numberObject: NUMBER_OPS,
  booleanObject: BOOLEAN_OPS,
  boolean: BOOLEAN_OPS,
  null: { 'is null': 'is_null', 'is not null': 'is_not_null' },
};

const KEYED_TYPES: ReadonlySet<FernType> = new Set(['stringObject', 'numberObject', 'booleanObject']);

const conditionSchema = z.object({
  type: z.enum(FERN_TYPES),
  column: z.string().min(1),
  operator: z.string(),
  value: z.unknown().optional(),
  key: z.string().optional(),
});

export interface TranslatedFilter {
  conditions: FilterNode[];
  /** API column names the filter constrains (for "filter takes precedence"). */
  columns: Set<string>;
}

/** `allowedColumns`: API names; `metadata` must be listed to allow metadata conditions. */
export function translateFernFilter(text: string | undefined, allowedColumns: ReadonlySet<string>): TranslatedFilter {
  const result: TranslatedFilter = { conditions: [], columns: new Set() };
  if (text === undefined || text.trim() === '') return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_FILTER', 'Invalid JSON in filter parameter');
  }
  if (!Array.isArray(parsed)) throw new AppError('INVALID_FILTER', 'filter must be a JSON array of conditions');
  parsed.forEach((raw, index) => {
    const condition = translateCondition(raw, index, allowedColumns);
    result.conditions.push(condition);
    result.columns.add(condition.field.kind === 'column' ? condition.field.name : 'metadata');
  });
  return result;
}

function translateCondition(raw: unknown, index: number, allowedColumns: ReadonlySet<string>): FilterCondition {
  const checked = conditionSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new AppError('INVALID_FILTER', `filter[${index}].${issue.path.join('.') || 'condition'}: ${issue.message}`);
  }
  const { type, column, operator, value, key } = checked.data;
  if (!allowedColumns.has(column)) {
    throw new AppError('INVALID_FILTER', `filter[${index}]: unknown filter column '${column}' (allowed: ${[...allowedColumns].join(', ')})`);
  }
  const op = OPERATORS[type][operator];
  if (op === undefined) {
    const allowed = Object.keys(OPERATORS[type]).map((o) => `'${o}'`).join(', ');
    throw new AppError('INVALID_FILTER', `filter[${index}]: operator '${operator}' is not valid for type '${type}' (use ${allowed})`);
  }
  if (type !== 'null' && value === undefined) {
    throw new AppError('INVALID_FILTER', `filter[${index}]: a value is required for column '${column}'`);
  }
  const field = toFieldRef(type, column, key, index);
  return op === 'is_null' || op === 'is_not_null' ? { field, op } : { field, op, value };
}

/** Metadata conditions carry a key; a keyed type on any other column is a mistake. */
function toFieldRef(type: FernType, column: string, key: string | undefined, index: number): FilterCondition['field'] {
  if (column === 'metadata') {
    if (key === undefined || key === '') {
      throw new AppError('INVALID_FILTER', `filter[${index}]: column 'metadata' needs a 'key'`);
    }
    return { kind: 'metadata', key };
  }
  if (KEYED_TYPES.has(type)) {
    throw new AppError('INVALID_FILTER', `filter[${index}]: type '${type}' applies to column 'metadata' only, not '${column}'`);
  }
  return { kind: 'column', name: column };
}

