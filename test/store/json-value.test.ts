// The *_json columns' writer: exact values for every AnyValue type, and keys written the
// same whether their `"key":` text came from the per-key cache or not (long keys bypass
// it, and it is cleared when full).
import { describe, expect, it } from 'vitest';
import { KvList, type Attributes } from '../../src/otlp/model.js';
import { writeAttributesJson } from '../../src/store/write/json-value.js';

describe('writeAttributesJson', () => {
  it('writes every value type exactly', () => {
    const attributes: Attributes = {
      s: 'a "quoted" \\ text\n', i: 9007199254740993n, d: 1, f: 0.25, nan: Number.NaN, b: true,
      bytes: new Uint8Array([1, 2, 255]), list: ['x', 2n, false], kv: new KvList({ inner: 3.5 }),
    };
    expect(writeAttributesJson(attributes)).toBe(
      '{"s":"a \\"quoted\\" \\\\ text\\n","i":9007199254740993,"d":1.0,"f":0.25,"nan":"NaN","b":true,"bytes":"AQL/","list":["x",2,false],"kv":{"inner":3.5}}',
    );
  });

  it('escapes keys, long or short, first seen or repeated', () => {
    const long = `k"${'é'.repeat(200)}\u2028`;
    for (let round = 0; round < 2; round++) {
      const attributes: Attributes = { 'with "quote"': 1n, [long]: 'v' };
      Object.defineProperty(attributes, '__proto__', { value: 'p', enumerable: true, writable: true, configurable: true });
      const parsed = JSON.parse(writeAttributesJson(attributes)) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['with "quote"', long, '__proto__']);
      expect(parsed[long]).toBe('v');
    }
  });

  it('stays exact past the key cache bound', () => {
    const attributes: Attributes = {};
    for (let i = 0; i < 10_050; i++) attributes[`key.${i}`] = BigInt(i);
    const parsed = JSON.parse(writeAttributesJson(attributes)) as Record<string, number>;
    expect(Object.keys(parsed)).toHaveLength(10_050);
    expect(parsed['key.0']).toBe(0);
    expect(parsed['key.10049']).toBe(10_049);
    expect(writeAttributesJson({ 'key.7': 7n })).toBe('{"key.7":7}');
  });
});
