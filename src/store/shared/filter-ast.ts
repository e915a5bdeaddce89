// QUERY CORE: the one filter AST every API family's filter dialect compiles to
// (explorer `filters`, Langfuse `filter`, analytics search). store/read/filter-sql.ts turns
// it into parameterized SQL against a per-endpoint column allowlist.

export type FilterOp =
  | 'eq'
  | 'ne'
  | 'contains'
  | 'not_contains'
  | 'starts_with'
  | 'ends_with'
  | 'in'
  | 'not_in'
  /** array column contains every value */
  | 'all_of'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'is_null'
  | 'is_not_null'
  | 'regex'
  /** full-text search */
  | 'search';

/** What a condition looks at: an allowlisted column, a span/resource attribute by key,
 *  or a metadata key. Names are API-level names; the compiler maps them to SQL. */
export type FieldRef =
  | { kind: 'column'; name: string }
  | { kind: 'attribute'; key: string }
  | { kind: 'metadata'; key: string };

export interface FilterCondition {
  field: FieldRef;
  op: FilterOp;
  /** Absent for is_null / is_not_null; an array for in / not_in / all_of. */
  value?: unknown;
}

export type FilterNode =
  | { and: FilterNode[] }
  | { or: FilterNode[] }
  | { not: FilterNode }
  | FilterCondition;

/** Most conditions one request may carry (a guard against pathological queries). */
export const MAX_FILTER_CONDITIONS = 50;
