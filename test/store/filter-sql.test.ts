// The filter AST -> SQL compiler, run against a real SQLite table: every operator, type
// checks, attribute keys, span-level (via) columns, and injection attempts that must stay
// bound parameters.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { MAX_FILTER_CONDITIONS, type FilterNode } from '../../src/store/shared/filter-ast.js';
import { compileFilter, parseIsoToNs } from '../../src/store/read/filter-sql.js';
import type { ColumnMap } from '../../src/store/shared/column-spec.js';

let db: Database.Database;

const COLUMNS: ColumnMap = {
  name: { sql: 'i.name', type: 'string' },
  env: { sql: 'i.env', type: 'string' },
  tokens: { sql: 'i.tokens', type: 'number' },
  start_time: { sql: 'i.start_ns', type: 'time_ns' },
  flagged: { sql: 'i.flagged', type: 'bool' },
  tags: { sql: 'i.tags_json', type: 'json_array' },
  attributes: { sql: 'json_extract(i.attributes_json, {path})', type: 'json_object' },
  child_kind: { sql: 'c.kind', type: 'string', via: { template: 'i.id IN (SELECT c.item_id FROM children c WHERE c.owner = ? AND {cond})', params: ['o1'] } },
};

beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, env TEXT, tokens INTEGER, start_ns INTEGER, flagged INTEGER, tags_json TEXT, attributes_json TEXT);
    CREATE TABLE children (item_id INTEGER, owner TEXT, kind TEXT);
  `);
  const insert = db.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  insert.run(1, 'agent.run', 'production', 100, 1737886354000000000n, 1, '["a","b"]', '{"gen_ai.request.model":"gpt-4o","n":5}');
  insert.run(2, 'chat 100%_done', 'dev', 50, 1737886355000000000n, 0, '["b"]', '{"gen_ai.request.model":"claude","n":7}');
  insert.run(3, "o'brien", null, null, 1737886356000000001n, 0, null, '{}');
  db.exec(`INSERT INTO children VALUES (1, 'o1', 'generation'), (1, 'o1', 'tool'), (2, 'o1', 'tool'), (3, 'o2', 'generation')`);
});

afterAll(() => db.close());

function ids(node: FilterNode): number[] {
  const { sql, params } = compileFilter(node, COLUMNS);
  return db.prepare(`SELECT i.id FROM items i WHERE ${sql} ORDER BY i.id`).pluck().all(...params) as number[];
}

const col = (name: string) => ({ kind: 'column' as const, name });

describe('compileFilter operators', () => {
  it.each([
    [{ field: col('env'), op: 'eq', value: 'production' }, [1]],
    [{ field: col('env'), op: 'ne', value: 'production' }, [2, 3]],
    [{ field: col('name'), op: 'contains', value: 'run' }, [1]],
    [{ field: col('name'), op: 'not_contains', value: 'run' }, [2, 3]],
    [{ field: col('name'), op: 'starts_with', value: 'chat' }, [2]],
    [{ field: col('name'), op: 'ends_with', value: 'done' }, [2]],
    [{ field: col('env'), op: 'in', value: ['dev', 'production'] }, [1, 2]],
    [{ field: col('env'), op: 'not_in', value: ['dev'] }, [1, 3]],
    [{ field: col('tokens'), op: 'gt', value: 50 }, [1]],
    [{ field: col('tokens'), op: 'gte', value: '50' }, [1, 2]],
    [{ field: col('tokens'), op: 'lt', value: 100 }, [2]],
    [{ field: col('tokens'), op: 'lte', value: 100 }, [1, 2]],
    [{ field: col('tokens'), op: 'is_null' }, [3]],
    [{ field: col('tokens'), op: 'is_not_null' }, [1, 2]],
    [{ field: col('flagged'), op: 'eq', value: true }, [1]],
    [{ field: col('flagged'), op: 'eq', value: 'false' }, [2, 3]],
    [{ field: col('flagged'), op: 'ne', value: true }, [2, 3]],
    [{ field: col('tags'), op: 'eq', value: 'b' }, [1, 2]],
    [{ field: col('tags'), op: 'all_of', value: ['a', 'b'] }, [1]],
    [{ field: col('tags'), op: 'not_in', value: ['a'] }, [2, 3]],
    [{ field: col('tags'), op: 'is_null' }, [3]],
  ] as const)('%o -> %o', (node, expected) => {
    expect(ids(node as FilterNode)).toEqual(expected);
  });

  it('compiles a boolean eq to the condition itself (what a partial index on it matches)', () => {
    expect(compileFilter({ field: col('flagged'), op: 'eq', value: true }, COLUMNS).sql).toBe('i.flagged');
    expect(compileFilter({ field: col('flagged'), op: 'eq', value: false }, COLUMNS).sql).toBe('NOT i.flagged');
  });

  it('escapes LIKE wildcards so % and _ match literally', () => {
    expect(ids({ field: col('name'), op: 'contains', value: '100%_' })).toEqual([2]);
    expect(ids({ field: col('name'), op: 'contains', value: '%' })).toEqual([2]);
  });

  it('compares exact ns times from ISO 8601, including sub-millisecond digits', () => {
    expect(ids({ field: col('start_time'), op: 'gt', value: '2025-01-26T10:12:36Z' })).toEqual([3]);
    expect(ids({ field: col('start_time'), op: 'gte', value: '2025-01-26T10:12:35.000000000Z' })).toEqual([2, 3]);
    expect(ids({ field: col('start_time'), op: 'lte', value: '2025-01-26T10:12:36.000000001Z' })).toEqual([1, 2, 3]);
    expect(parseIsoToNs('2025-01-26T11:12:34+01:00')).toBe(1737886354000000000n);
  });

  it('combines and / or / not', () => {
    expect(ids({ or: [{ field: col('env'), op: 'eq', value: 'dev' }, { field: col('tokens'), op: 'is_null' }] })).toEqual([2, 3]);
    expect(ids({ and: [{ field: col('tags'), op: 'eq', value: 'b' }, { not: { field: col('env'), op: 'eq', value: 'dev' } }] })).toEqual([1]);
    expect(ids({ and: [] })).toEqual([1, 2, 3]);
  });

  it('reads attributes by key with dots in the key', () => {
    expect(ids({ field: { kind: 'attribute', key: 'gen_ai.request.model' }, op: 'eq', value: 'claude' })).toEqual([2]);
    expect(ids({ field: { kind: 'attribute', key: 'n' }, op: 'gt', value: 6 })).toEqual([2]);
    expect(ids({ field: { kind: 'attribute', key: 'gen_ai.request.model' }, op: 'is_null' })).toEqual([3]);
  });

  it('negates keyed attributes, keeping rows where the key is absent', () => {
    expect(ids({ field: { kind: 'attribute', key: 'gen_ai.request.model' }, op: 'ne', value: 'claude' })).not.toContain(2);
    expect(ids({ field: { kind: 'attribute', key: 'gen_ai.request.model' }, op: 'ne', value: 'claude' })).toContain(3);
    expect(ids({ field: { kind: 'attribute', key: 'gen_ai.request.model' }, op: 'not_contains', value: 'cla' })).toContain(3);
    expect(ids({ field: { kind: 'attribute', key: 'gen_ai.request.model' }, op: 'not_in', value: ['claude'] })).toContain(3);
  });

  it('applies via-columns to related rows, negatives as "no related row matches"', () => {
    expect(ids({ field: col('child_kind'), op: 'eq', value: 'generation' })).toEqual([1]);
    // item 1 has a tool child too, but "ne generation" must mean no generation child at all
    expect(ids({ field: col('child_kind'), op: 'ne', value: 'generation' })).toEqual([2, 3]);
    expect(ids({ field: col('child_kind'), op: 'is_null' })).toEqual([3]);
  });
});

describe('compileFilter validation', () => {
  function errorOf(node: FilterNode): AppError {
    try {
      compileFilter(node, COLUMNS);
    } catch (err) {
      return err as AppError;
    }
    throw new Error('expected an error');
  }

  it('rejects unknown columns naming them', () => {
    const err = errorOf({ field: col('colour'), op: 'eq', value: 'x' });
    expect(err.code).toBe('INVALID_FILTER');
    expect(err.message).toContain("'colour'");
  });

  it('rejects operators the column type does not have, and mismatched values', () => {
    expect(errorOf({ field: col('tokens'), op: 'contains', value: '1' }).message).toContain("'contains'");
    expect(errorOf({ field: col('tokens'), op: 'gt', value: 'many' }).message).toContain('numeric');
    expect(errorOf({ field: col('env'), op: 'in', value: 'dev' }).message).toContain('array');
    expect(errorOf({ field: col('start_time'), op: 'gt', value: 'yesterday' }).message).toContain('ISO 8601');
    expect(errorOf({ field: col('tokens'), op: 'regex', value: '.*' }).message).toContain("'regex'");
    expect(errorOf({ field: col('env'), op: 'regex', value: '(' }).message).toContain('invalid regex');
    expect(errorOf({ field: col('env'), op: 'search', value: 'x' }).message).toContain("'search'");
  });

  it('rejects more than MAX_FILTER_CONDITIONS conditions', () => {
    const many = Array.from({ length: MAX_FILTER_CONDITIONS + 1 }, () => ({ field: col('env'), op: 'eq' as const, value: 'x' }));
    expect(errorOf({ and: many }).message).toContain('too many');
  });

  it('does not take columns from Object.prototype', () => {
    expect(errorOf({ field: col('constructor'), op: 'eq', value: 'x' }).code).toBe('INVALID_FILTER');
  });
});

describe('injection attempts stay bound parameters', () => {
  const hostile = ["x' OR '1'='1", '1; DROP TABLE items; --', '") OR 1=1 --', "o'brien"];

  it.each(hostile)('value %s is bound, never spliced', (value) => {
    const { sql, params } = compileFilter({ field: col('name'), op: 'eq', value }, COLUMNS);
    expect(sql).not.toContain(value);
    expect(params).toContain(value);
    expect(ids({ field: col('name'), op: 'eq', value })).toEqual(value === "o'brien" ? [3] : []);
  });

  it.each(["x') OR 1=1 --", 'a.b]', "model') IS NULL OR ('"])('attribute key %s is bound inside the JSON path', (key) => {
    const { sql, params } = compileFilter({ field: { kind: 'attribute', key }, op: 'eq', value: 'v' }, COLUMNS);
    expect(sql).not.toContain(key);
    expect(params).toContain(`$."${key}"`);
    expect(ids({ field: { kind: 'attribute', key }, op: 'eq', value: 'v' })).toEqual([]);
  });

  it('refuses keys that would end the quoted JSON path label', () => {
    expect(() => compileFilter({ field: { kind: 'attribute', key: 'a"b' }, op: 'eq', value: 'v' }, COLUMNS)).toThrow(AppError);
  });

  it('hostile column names are unknown columns, not SQL', () => {
    expect(() => compileFilter({ field: col('env = env OR 1=1 --'), op: 'eq', value: 'x' }, COLUMNS)).toThrow(/unknown filter column/);
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(3);
  });
});
