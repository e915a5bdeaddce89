// Raw HTTP against /api/public: every fern filter operator on /observations (table in
// test/fixtures/langfuse-api/filter-operators.json) and the `{message, error}` error cases.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { getJson, startSeededServer } from './langfuse-server.js';


let server: TestServer;

beforeAll(async () => {
  server = await startSeededServer();
});

afterAll(async () => {
  await server?.stop();
});

const OPERATOR_CASES = JSON.parse(
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/langfuse-api/filter-operators.json'), 'utf8'),
) as { filter: { type: string; column: string; operator: string; key?: string }; ids: string[] }[];

/** Fixture span ids are 'a000000000000001' … ; the table uses 'a1' … */
function shortIds(data: { id: string }[]): string[] {
  return data.map((o) => o.id[0]! + String(Number(o.id.slice(1)))).sort();
}

describe('every filter operator', () => {
  it.each(OPERATOR_CASES.map((c) => [`${c.filter.type} ${c.filter.column}${c.filter.key ? '.' + c.filter.key : ''} '${c.filter.operator}'`, c] as const))(
    '%s',
    async (_label, c) => {
      const { status, body } = await getJson(server, `/api/public/observations?limit=100&filter=${encodeURIComponent(JSON.stringify([c.filter]))}`);
      expect(status).toBe(200);
      expect(shortIds(body.data)).toEqual(c.ids);
    },
  );
});

describe('errors are {message, error} with the right status', () => {
  const badRequests: [string, string, string][] = [
    ['limit above 100', '/api/public/observations?limit=101', 'limit'],
    ['v2 limit above 1000', '/api/public/v2/observations?limit=1001', 'limit'],
    ['page 0', '/api/public/observations?page=0', 'page'],
    ['unknown type', '/api/public/observations?type=BOGUS', 'type'],
    ['bad datetime parameter', '/api/public/observations?fromStartTime=yesterday', 'fromStartTime'],
    ['unknown filter column', `/api/public/observations?filter=${encodeURIComponent('[{"type":"string","column":"bogus","operator":"=","value":"x"}]')}`, "'bogus'"],
    ['operator not valid for its type', `/api/public/observations?filter=${encodeURIComponent('[{"type":"number","column":"latency","operator":"contains","value":1}]')}`, "'contains'"],
    ['filter is not JSON', '/api/public/observations?filter=%5Bnope', 'JSON'],
    ['metadata without key', `/api/public/observations?filter=${encodeURIComponent('[{"type":"stringObject","column":"metadata","operator":"=","value":"x"}]')}`, 'key'],
    ['value of the wrong kind', `/api/public/observations?filter=${encodeURIComponent('[{"type":"datetime","column":"startTime","operator":">","value":"soon"}]')}`, 'startTime'],
    ['garbage cursor', '/api/public/v2/observations?cursor=bm9wZQ', 'cursor'],
    ['unknown field group', '/api/public/v2/observations?fields=core,everything', "'everything'"],
    ['bad orderBy', '/api/public/traces?orderBy=cost.desc', 'orderBy'],
    ['scores limit above 100', '/api/public/v2/scores?limit=500', 'limit'],
  ];

  it.each(badRequests)('400 for %s, naming it', async (_label, url, named) => {
    const { status, body } = await getJson(server, url);
    expect(status).toBe(400);
    expect(body).toEqual({ message: expect.stringContaining(named), error: 'InvalidRequestError' });
  });

  it('401 for a malformed Authorization header', async () => {
    const { status, body } = await getJson(server, '/api/public/observations', { authorization: 'Bearer abc' });
    expect(status).toBe(401);
    expect(body).toEqual({ message: expect.stringContaining('Basic'), error: 'UnauthorizedError' });
  });

  it('404 with a clear message for an unknown observation', async () => {
    const { status, body } = await getJson(server, '/api/public/observations/0000000000000bad');
    expect(status).toBe(404);
    expect(body).toEqual({ message: expect.stringContaining('0000000000000bad'), error: 'LangfuseNotFoundError' });
  });

  it('health answers OK', async () => {
    expect(await getJson(server, '/api/public/health')).toEqual({ status: 200, body: { status: 'OK', version: expect.any(String) } });
  });
});
