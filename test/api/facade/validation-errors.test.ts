// Errors in FastAPI's shape: 422 `{detail: [{type, loc, msg, input}]}` naming the field
// (query limit, body fields, nested usage), nothing written by a refused request; 404
// `{detail: "Trace not found: …"}`; malformed JSON; 413 past the API body limit; OpenAPI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { countRows, facade, type JsonResponse } from './facade-client.js';
import { SPEC_GENERATION, SPEC_TRACE } from './spec-examples.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

function expectDetail(res: JsonResponse, ...expected: object[]): void {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.detail).toEqual(expected.map((e) => expect.objectContaining(e)));
}

describe('limit', () => {
  it.each([
    ['/traces?limit=0', { type: 'greater_than_equal', loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }],
    ['/traces?limit=1001', { type: 'less_than_equal', loc: ['query', 'limit'], msg: 'Input should be less than or equal to 1000', input: '1001', ctx: { le: 1000 } }],
    ['/traces?limit=ten', { type: 'int_parsing', loc: ['query', 'limit'], input: 'ten' }],
    ['/sessions?limit=0', { type: 'greater_than_equal', loc: ['query', 'limit'] }],
    ['/sessions?limit=1001', { type: 'less_than_equal', loc: ['query', 'limit'] }],
  ])('GET %s → 422 naming limit', async (path, detail) => {
    expectDetail(await facade(server, 'GET', path), detail);
  });

  it('accepts 1 and 1000', async () => {
    expect((await facade(server, 'GET', '/traces?limit=1')).status).toBe(200);
    expect((await facade(server, 'GET', '/sessions?limit=1000')).status).toBe(200);
  });
});

describe('bodies of the wrong shape write nothing', () => {
  it.each<[string, string, unknown, object[]]>([
    ['POST', '/traces', { input: 'x' }, [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { input: 'x' } }]],
    ['POST', '/traces', { name: 42 }, [{ type: 'string_type', loc: ['body', 'name'], msg: 'Input should be a valid string', input: 42 }]],
    ['POST', '/traces', { name: 'n', tags: ['a', 1] }, [{ type: 'string_type', loc: ['body', 'tags', 1], input: 1 }]],
    ['POST', '/traces', { name: 'n', metadata: [1] }, [{ type: 'dict_type', loc: ['body', 'metadata'] }]],
    ['POST', '/traces', { name: 'n', start_time: 'yesterday' }, [{ type: 'datetime_parsing', loc: ['body', 'start_time'], input: 'yesterday' }]],
    ['POST', '/traces/t9/generations', { ...SPEC_GENERATION, usage: { completion_tokens: 5 } }, [{ type: 'missing', loc: ['body', 'usage', 'prompt_tokens'], msg: 'Field required' }]],
    ['POST', '/traces/t9/generations', { ...SPEC_GENERATION, usage: { prompt_tokens: 'ten', completion_tokens: 5 } }, [{ loc: ['body', 'usage', 'prompt_tokens'], input: 'ten' }]],
    ['POST', '/traces/t9/generations', { ...SPEC_GENERATION, usage: { prompt_tokens: 1.5, completion_tokens: 5 } }, [{ type: 'int_from_float', loc: ['body', 'usage', 'prompt_tokens'] }]],
    ['POST', '/traces/t9/generations', { ...SPEC_GENERATION, usage: { prompt_tokens: -1, completion_tokens: 5 } }, [{ type: 'greater_than_equal', loc: ['body', 'usage', 'prompt_tokens'] }]],
    ['POST', '/traces/t9/generations', { name: 'c', model: 'm', output: '4', usage: { prompt_tokens: 1, completion_tokens: 1 } }, [{ type: 'missing', loc: ['body', 'input'] }]],
    ['POST', '/traces/t9/scores', { name: 'helpfulness', value: { a: 1 } }, [{ type: 'float_type', loc: ['body', 'value', 'float'] }, { type: 'string_type', loc: ['body', 'value', 'str'] }, { type: 'bool_type', loc: ['body', 'value', 'bool'] }]],
    ['POST', '/traces/t9/scores', { name: 'helpfulness', value: 'high', data_type: 'NUMERIC' }, [{ type: 'value_error', loc: ['body', 'value'] }]],
    ['POST', '/traces/t9/scores', { name: 'helpfulness', value: 1, data_type: 'TEXT' }, [{ type: 'enum', loc: ['body', 'data_type'], msg: "Input should be 'NUMERIC', 'CATEGORICAL' or 'BOOLEAN'" }]],
    ['POST', '/logs', { level: 'loud', message: 'hi' }, [{ type: 'enum', loc: ['body', 'level'], input: 'loud' }]],
    ['POST', '/logs', { level: 'info' }, [{ type: 'missing', loc: ['body', 'message'] }]],
    ['PUT', '/traces/t9', { user_id: ['a'] }, [{ type: 'string_type', loc: ['body', 'user_id'] }]],
  ])('%s %s %j → 422', async (method, path, body, detail) => {
    const before = await Promise.all((['traces', 'spans', 'logs', 'scores'] as const).map((table) => countRows(server, table)));
    expectDetail(await facade(server, method as 'POST', path, body), ...detail);
    const after = await Promise.all((['traces', 'spans', 'logs', 'scores'] as const).map((table) => countRows(server, table)));
    expect(after).toEqual(before);
  });

  it('malformed JSON → 422 json_invalid', async () => {
    const res = await facade(server, 'POST', '/traces', '{"name": ');
    expectDetail(res, { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error' });
  });

  it('a body that is not JSON → 415 with detail, nothing written', async () => {
    const before = await countRows(server, 'traces');
    const response = await fetch(`${server.apiUrl}/api/v1/observability/traces`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x' });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ detail: 'Unsupported Media Type' });
    expect(await countRows(server, 'traces')).toBe(before);
  });
});

describe('not found and bad headers', () => {
  it('GET /traces/{unknown} → 404 with FastAPI detail', async () => {
    expect(await facade(server, 'GET', '/traces/nope')).toEqual({ status: 404, body: { detail: 'Trace not found: nope' } });
  });

  it('GET /traces/{unknown}/scores → an empty list', async () => {
    expect(await facade(server, 'GET', '/traces/nope/scores')).toEqual({ status: 200, body: { scores: [] } });
  });

  it('an invalid x-project-id → 400 with detail', async () => {
    const res = await facade(server, 'GET', '/traces', undefined, { 'x-project-id': 'bad project!' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('invalid project id');
  });

  it('x-project-id picks the project', async () => {
    expect((await facade(server, 'POST', '/traces', { ...SPEC_TRACE, trace_id: 'iso-1' }, { 'x-project-id': 'other' })).status).toBe(202);
    expect((await facade(server, 'GET', '/traces/iso-1', undefined, { 'x-project-id': 'other' })).body.name).toBe('agent-run');
    expect((await facade(server, 'GET', '/traces/iso-1')).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents every facade route under the observability tag', async () => {
    const document = (await (await fetch(`${server.apiUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags: string[] }>> };
    const paths = Object.keys(document.paths).filter((p) => p.startsWith('/api/v1/observability')).sort();
    expect(paths).toEqual([
      '/api/v1/observability/flush', '/api/v1/observability/logs', '/api/v1/observability/sessions',
      '/api/v1/observability/sessions/{session_id}', '/api/v1/observability/traces', '/api/v1/observability/traces/{trace_id}',
      '/api/v1/observability/traces/{trace_id}/generations', '/api/v1/observability/traces/{trace_id}/scores',
    ]);
    expect(Object.keys(document.paths['/api/v1/observability/traces']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/observability/traces/{trace_id}']!).sort()).toEqual(['get', 'put']);
    for (const path of paths) for (const operation of Object.values(document.paths[path]!)) expect(operation.tags).toEqual(['observability']);
  });
});

describe('body limit', () => {
  it('answers 413 past the API\'s configured limit and writes nothing', async () => {
    const small = await startTestServer({ config: { receivers: { otlp: { protocols: { http: { max_request_body_size_mib: 1 / 1024 } } } } } });
    try {
      const big = { ...SPEC_TRACE, input: 'x'.repeat(2048) };
      const res = await facade(small, 'POST', '/traces', big);
      expect(res).toEqual({ status: 413, body: { detail: 'Request body too large' } });
      expect(await countRows(small, 'traces')).toBe(0);
      expect((await facade(small, 'POST', '/traces', SPEC_TRACE)).status).toBe(202);
    } finally {
      await small.stop();
    }
  });
});
