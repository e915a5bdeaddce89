// QUERY/SERVE (observability facade): a failed zod validation -> FastAPI's 422 `detail`
// list (pydantic v2 wording), because the facade's clients were written against a FastAPI
// service and read `detail[i].loc` to find the bad field. Input: zod issues + the raw value.
import type { ZodError } from 'zod';
import { AppError } from '../../errors.js';

/** One entry of FastAPI's RequestValidationError `detail`. */
export interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** A VALIDATION_ERROR carrying FastAPI's detail list (rendered by render-error.ts as 422). */
export class FacadeValidationError extends AppError {
  readonly detail: ValidationDetail[];

  constructor(detail: ValidationDetail[]) {
    super('VALIDATION_ERROR', detail.map((d) => `${d.loc.join('.')}: ${d.msg}`).join('; '));
    this.detail = detail;
  }
}

/** FastAPI's first `loc` element per hono validation target. */
const LOC_ROOTS: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header' };

type Issue = ZodError['issues'][number] & Record<string, unknown>;

export function toValidationDetails(error: ZodError, target: string, input: unknown): ValidationDetail[] {
  const root = LOC_ROOTS[target] ?? target;
  return error.issues.flatMap((issue) => describeIssue(issue as Issue, root, input));
}

function describeIssue(issue: Issue, root: string, input: unknown): ValidationDetail | ValidationDetail[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const loc = [root, ...path];
  const value = valueAt(input, path);
  const custom = issue.code === 'custom' ? (issue.params as { type?: string; ctx?: Record<string, unknown> } | undefined) : undefined;
  if (custom?.type) return { type: custom.type, loc, msg: issue.message, input: value, ...(custom.ctx ? { ctx: custom.ctx } : {}) };
  if (value === undefined) {
    // pydantic shows the object the field is missing from as the input.
    return { type: 'missing', loc, msg: 'Field required', input: path.length === 0 ? null : valueAt(input, path.slice(0, -1)) ?? null };
  }
  if (issue.code === 'invalid_union') return describeUnion(issue, loc, value, root);
  return { loc, input: value, ...describeCode(issue, value, root) };
}

/** pydantic's smart union reports each member's failure, its loc ending in the member's type. */
function describeUnion(issue: Issue, loc: (string | number)[], value: unknown, root: string): ValidationDetail[] {
  const branches = (issue.errors as { expected?: string }[][] | undefined) ?? [];
  const details = branches.map((branch) => {
    const expected = String(branch[0]?.expected ?? 'value');
    return { loc: [...loc, UNION_TAGS[expected] ?? expected], input: value, ...describeType(expected, value, root) };
  });
  return details.length > 0 ? details : [{ type: 'value_error', loc, msg: issue.message, input: value }];
}

const UNION_TAGS: Record<string, string> = { number: 'float', int: 'int', string: 'str', boolean: 'bool', object: 'dict', record: 'dict', array: 'list' };

function describeCode(issue: Issue, value: unknown, root: string): Pick<ValidationDetail, 'type' | 'msg' | 'ctx'> {
  switch (issue.code) {
    case 'invalid_type':
      return describeType(String(issue.expected), value, root);
    case 'too_small':
      return describeBound(issue, 'min');
    case 'too_big':
      return describeBound(issue, 'max');
    case 'invalid_value': {
      const values = (issue.values as unknown[]).map((v) => `'${String(v)}'`);
      const expected = values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values.join('');
      return { type: 'enum', msg: `Input should be ${expected}`, ctx: { expected } };
    }
    default:
      return { type: 'value_error', msg: issue.message };
  }
}

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['string_type', 'Input should be a valid string'],
  number: ['float_type', 'Input should be a valid number'],
  int: ['int_type', 'Input should be a valid integer'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  object: ['dict_type', 'Input should be a valid dictionary'],
  record: ['dict_type', 'Input should be a valid dictionary'],
  array: ['list_type', 'Input should be a valid list'],
};

function describeType(expected: string, value: unknown, root: string): Pick<ValidationDetail, 'type' | 'msg'> {
  // Query and path values are strings, and the facade's only numeric parameter (limit) is an int.
  if ((expected === 'number' || expected === 'int') && root !== 'body') {
    return { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' };
  }
  if (expected === 'int' && typeof value === 'number') {
    return { type: 'int_from_float', msg: 'Input should be a valid integer, got a number with a fractional part' };
  }
  // zod names an int field's expected type `number` for a string; pydantic would say int_parsing.
  if (expected === 'number' && typeof value === 'string') {
    return { type: 'float_parsing', msg: 'Input should be a valid number, unable to parse string as a number' };
  }
  const [type, msg] = TYPE_NAMES[expected] ?? ['value_error', `Input should be a valid ${expected}`];
  return { type, msg };
}

function describeBound(issue: Issue, side: 'min' | 'max'): Pick<ValidationDetail, 'type' | 'msg' | 'ctx'> {
  const bound = Number(side === 'min' ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'string') {
    const unit = bound === 1 ? 'character' : 'characters';
    return side === 'min'
      ? { type: 'string_too_short', msg: `String should have at least ${bound} ${unit}`, ctx: { min_length: bound } }
      : { type: 'string_too_long', msg: `String should have at most ${bound} ${unit}`, ctx: { max_length: bound } };
  }
  if (issue.origin === 'array') {
    return side === 'min'
      ? { type: 'too_short', msg: `List should have at least ${bound} items`, ctx: { min_length: bound } }
      : { type: 'too_long', msg: `List should have at most ${bound} items`, ctx: { max_length: bound } };
  }
  if (side === 'min') {
    return inclusive
      ? { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${bound}`, ctx: { ge: bound } }
      : { type: 'greater_than', msg: `Input should be greater than ${bound}`, ctx: { gt: bound } };
  }
  return inclusive
    ? { type: 'less_than_equal', msg: `Input should be less than or equal to ${bound}`, ctx: { le: bound } }
    : { type: 'less_than', msg: `Input should be less than ${bound}`, ctx: { lt: bound } };
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
