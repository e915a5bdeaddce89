// POST /api/v1/traces/search bad inputs — unknown fields, wrong value types, invalid regex,
// over-deep nesting, bad paging and field parameters — each a 400 in the spec's
// ErrorResponse shape; and SQL / FTS injection attempts through every string that reaches a
// query, each a 400 or a normal answer, never a 500, with the table intact afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { getJson, postJson, search, startSeededServer, type SeededSpan } from './analytics-seed.js';
import { expectSpecSchema } from './spec-validator.js';

let server: TestServer;
let spans: SeededSpan[];

beforeAll(async () => {
  ({ server, spans } = await startSeededServer());
});
afterAll(async () => {
  await server?.stop();
});

const f = (field: string, operator: string, value: unknown) => ({ field, operator, value });

async function expectBadRequest(request: Record<string, unknown>, messagePart?: string | RegExp): Promise<string> {
  const response = await search(server, request);
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expectSpecSchema('ErrorResponse', response.body);
  expect(response.body.error.code).toBe('BAD_REQUEST');
  if (typeof messagePart === 'string') expect(response.body.error.message).toContain(messagePart);
  else if (messagePart) expect(response.body.error.message).toMatch(messagePart);
  return response.body.error.message;
}

describe('unknown fields and operators', () => {
  it("answers an unknown field with the spec's exact message, however deep", async () => {
    expect(await expectBadRequest({ filter: f('invalid_field', 'eq', 'x') })).toBe("Invalid filter: field 'invalid_field' is not allowed");
    const nested = { operator: 'and', filters: [f('provider', 'eq', 'openai'), { operator: 'not', filters: [f('colour', 'eq', 'red')] }] };
    expect(await expectBadRequest({ filter: nested })).toBe("Invalid filter: field 'colour' is not allowed");
  });

  it.each([
    [f('attributes', 'eq', 'x'), "field 'attributes' is not allowed"],
    [f('attributes.', 'eq', 'x'), "field 'attributes.' is not allowed"],
    [f('provider', 'like', 'x'), "operator 'like'"],
    [f('provider', 'is_null', 'x'), "operator 'is_null'"],
    [{ operator: 'xor', filters: [f('provider', 'eq', 'x')] }, "logical operator 'xor'"],
    [{ operator: 'and', filters: [] }, "AND needs a non-empty 'filters' array"],
    [{ operator: 'or', filters: 'provider' }, "OR needs a non-empty 'filters' array"],
    [{ operator: 'not', filters: [f('provider', 'eq', 'a'), f('model', 'eq', 'b')] }, 'NOT takes exactly one filter'],
    [{ field: 'provider', operator: 'eq', value: 'x', filters: [] }, 'not both'],
    [{ operator: 'eq', value: 'x' }, 'FieldFilter'],
    [[f('provider', 'eq', 'x')], 'FieldFilter'],
    ['provider = openai', 'FieldFilter'],
    [{ field: 42, operator: 'eq', value: 'x' }, "'field' must be a string"],
  ])('%j -> 400', async (filter, message) => {
    await expectBadRequest({ filter }, message);
  });
});

describe('value types', () => {
  it.each([
    [f('provider', 'in', 'openai'), "operator 'in' on field 'provider' needs an array"],
    [f('duration_ms', 'not_in', 40), "operator 'not_in' on field 'duration_ms' needs an array"],
    [f('duration_ms', 'gt', 'abc'), "operator 'gt' on field 'duration_ms' needs a number"],
    [f('total_cost_usd', 'lte', '0.5'), 'needs a number'],
    [f('duration_ms', 'in', [40, 'fifty']), 'needs a number'],
    [f('input_text', 'contains', 5), "operator 'contains' on field 'input_text' needs a string"],
    [f('input_text', 'regex', 5), 'needs a string'],
    [f('input_text', 'search', ['a', 'b']), 'not an array'],
    [f('input_text', 'search', '   '), 'non-empty'],
    [f('provider', 'search', 'openai'), "works on input_text and output_text only, not on 'provider'"],
    [f('provider', 'eq', null), 'needs a string, got null'],
    [f('provider', 'eq', { $ne: 1 }), 'got an object'],
    [f('provider', 'eq', ['openai']), 'not an array'],
    [f('provider', 'eq', true), 'needs a string'],
    [f('ts', 'gt', 'yesterday'), "operator 'gt' on field 'ts' needs an ISO 8601 time"],
    [f('ts', 'gt', 'now-1y'), 'relative time'],
    [f('ts', 'contains', '2025'), "'contains' is not supported"],
    [f('tags', 'starts_with', 'be'), 'not supported'],
    [f('attributes.app.tier', 'gt', { n: 1 }), 'needs a string, number or boolean'],
    [{ field: 'provider', operator: 'eq' }, "operator 'eq' on field 'provider' needs a value"],
  ])('%j -> 400', async (filter, message) => {
    await expectBadRequest({ filter }, message);
  });

  it('answers an invalid regular expression with a 400, a catastrophic one in linear time', async () => {
    await expectBadRequest({ filter: f('input_text', 'regex', '(unclosed') }, /regex|regular expression/i);
    await expectBadRequest({ filter: f('provider', 'regex', '[z-a]') }, /regex|regular expression/i);
    const started = Date.now();
    const response = await search(server, { filter: f('input_text', 'regex', '^(a+)+$') });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('nesting and size bounds', () => {
  const nest = (levels: number) => {
    let filter: unknown = f('provider', 'eq', 'openai');
    for (let i = 0; i < levels; i++) filter = { operator: 'not', filters: [filter] };
    return filter;
  };

  it('answers nesting deeper than 10 levels with a 400', async () => {
    expect((await search(server, { filter: nest(10) })).status).toBe(200);
    await expectBadRequest({ filter: nest(11) }, 'nested deeper than 10 levels');
    await expectBadRequest({ filter: nest(1000) }, 'nested deeper than 10 levels');
    // Deeper than JSON.stringify goes: the body is built as text.
    const levels = 100_000;
    const body = `{"filter":${'{"operator":"not","filters":['.repeat(levels)}{"field":"provider","operator":"eq","value":"x"}${']}'.repeat(levels)}}`;
    const response = await postJson(server, '/api/v1/traces/search', body);
    expect(response.status).toBe(400);
    expectSpecSchema('ErrorResponse', response.body);
  });

  it('answers too many conditions with a 400', async () => {
    const filters = Array.from({ length: 51 }, (_, i) => f('provider', 'eq', `p${i}`));
    await expectBadRequest({ filter: { operator: 'or', filters } }, /Invalid filter: .*too many/);
  });
});

describe('paging and field parameters', () => {
  it.each([
    [{ limit: 0 }, "'limit'"], [{ limit: 1001 }, "'limit'"], [{ limit: '50' }, "'limit'"], [{ limit: 2.5 }, "'limit'"],
    [{ sort_by: 'input_text' }, "'sort_by'"], [{ sort_by: 'ts; DROP TABLE spans' }, "'sort_by'"], [{ sort_desc: 'yes' }, "'sort_desc'"],
    [{ fields: ['trace_id', 'colour'] }, "field 'colour' is not allowed"], [{ fields: 'trace_id' }, "'fields'"],
    [{ cursor: 42 }, "'cursor'"],
  ])('%j -> 400', async (request, message) => {
    await expectBadRequest(request, message);
  });

  it('answers a body that is not a JSON object with a 400', async () => {
    for (const body of ['{"filter":', '[1,2]', '"text"']) {
      const response = await postJson(server, '/api/v1/traces/search', body);
      expect(response.status, body).toBe(400);
      expectSpecSchema('ErrorResponse', response.body);
    }
    const plain = await fetch(`${server.apiUrl}/api/v1/traces/search`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect([400, 415]).toContain(plain.status);
    expectSpecSchema('ErrorResponse', await plain.json());
  });
});

describe('injection attempts', () => {
  const hostile = [
    "'; DROP TABLE spans; --", "openai' OR '1'='1", '" OR 1=1 --', ') OR (1=1', "\\'; DELETE FROM spans; --", '%', '_', '\u0000', '$.x',
  ];

  async function expectSafe(request: Record<string, unknown>): Promise<number> {
    const response = await search(server, request);
    expect([200, 400], JSON.stringify({ request, body: response.body })).toContain(response.status);
    expectSpecSchema(response.status === 200 ? 'PaginatedTraceResponse' : 'ErrorResponse', response.body);
    return response.status;
  }

  it('through field names and attribute keys', async () => {
    for (const text of hostile) {
      expect(await expectSafe({ filter: f(`provider${text}`, 'eq', 'x') })).toBe(400);
      await expectSafe({ filter: f(`attributes.${text}`, 'eq', 'x') });
      await expectSafe({ filter: f(`attributes.app.feature${text}`, 'ne', 'x') });
      await expectSafe({ fields: [text] });
    }
  });

  it('through values of every operator', async () => {
    for (const text of hostile) {
      for (const operator of ['eq', 'ne', 'gt', 'contains', 'not_contains', 'starts_with', 'ends_with', 'regex']) {
        await expectSafe({ filter: f('provider', operator, text) });
        await expectSafe({ filter: f('attributes.app.feature', operator, text) });
      }
      await expectSafe({ filter: f('provider', 'in', [text, 'openai']) });
      await expectSafe({ filter: f('tags', 'contains', text) });
      await expectSafe({ filter: f('ts', 'gte', text) });
    }
    // LIKE wildcards are literal characters.
    const percent = await search(server, { filter: f('input_text', 'contains', '%') });
    expect(percent.spanIds).toEqual([spans.find((s) => s.key === 'special-chars')!.spanId]);
    const underscore = await search(server, { filter: f('user_id', 'contains', '_') });
    expect(underscore.spanIds).toEqual([]);
  });

  it('through full-text search syntax', async () => {
    const texts = ['"', '*', 'NEAR(', 'NEAR(a b, 2)', 'OR', 'AND', 'NOT', '-', ':', 'input_text:authentication', '"unterminated', '^', '(', ')',
      '{input_text}: x', 'a OR', '***', 'authentication*', '"authentication error"', "'; DROP TABLE spans; --", 'x" OR "1"="1', '日本語'];
    for (const text of texts) {
      await expectSafe({ filter: f('input_text', 'search', text) });
      await expectSafe({ filter: f('output_text', 'search', text) });
      const listed = await getJson(server, `/api/v1/traces?search=${encodeURIComponent(text)}`);
      expect([200, 400], `${text}: ${JSON.stringify(listed.body)}`).toContain(listed.status);
    }
  });

  it('through sort_by, cursor and GET parameters', async () => {
    for (const text of hostile) {
      expect(await expectSafe({ sort_by: text })).toBe(400);
      expect(await expectSafe({ cursor: text })).toBe(400);
      for (const parameter of ['provider', 'model', 'environment', 'user_id', 'session_id', 'project_id', 'sort_by', 'cursor', 'status', 'from']) {
        const response = await getJson(server, `/api/v1/traces?${parameter}=${encodeURIComponent(text)}`);
        expect([200, 400], `${parameter}=${text}: ${JSON.stringify(response.body)}`).toContain(response.status);
      }
      const byId = await getJson(server, `/api/v1/traces/${encodeURIComponent(text)}`);
      expect([400, 404]).toContain(byId.status);
    }
  });

  it('leaves the table intact', async () => {
    const { status, body } = await getJson(server, '/api/v1/traces?limit=1000');
    expect(status).toBe(200);
    expect(body.data).toHaveLength(spans.length);
  });
});
