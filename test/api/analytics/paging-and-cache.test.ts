// Cursor paging (keyset, opaque, signed, bound to its query) through every row with no
// duplicates or gaps — also while new spans are committed between pages — and the result
// cache: a repeated query is answered from it, a newly committed span is seen at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { FIXTURE_SPANS, getJson, search, sendSpans, startSeededServer, type SeededSpan, type SpanSpec } from './analytics-seed.js';
import { expectSpecSchema } from './spec-validator.js';

let server: TestServer;
let spans: SeededSpan[];
let runs = 0;

/** `count` chat spans; several share a start time and a duration, so the keyset needs its tie-breaker. */
function generatedSpans(count: number, agoMs: (i: number) => number): SpanSpec[] {
  const run = `gen${++runs}`;
  return Array.from({ length: count }, (_, i) => ({
    key: `${run}-${i}`, project: i % 3 === 0 ? 'beta' : 'alpha', trace: `${run}-${Math.floor(i / 4)}`, name: 'chat gpt-4o', operation: 'chat',
    agoMs: agoMs(i), durationMs: 100 * (i % 4), provider: 'openai', model: 'gpt-4o', tokens: [10 * i, 5] as [number, number],
    environment: 'load', service: 'pager', input: `paging question ${i}`,
  }));
}

beforeAll(async () => {
  ({ server, spans } = await startSeededServer());
  spans.push(...(await sendSpans(server, generatedSpans(40, (i) => 3_000_000 + Math.floor(i / 3) * 1000), Date.now(), 'base')));
});
afterAll(async () => {
  await server?.stop();
});

type Fetch = (cursor: string | null) => Promise<{ status: number; body: any }>;

const getPage = (query: string): Fetch => (cursor) => getJson(server, `/api/v1/traces?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
const searchPage = (request: Record<string, unknown>): Fetch => (cursor) => search(server, { ...request, ...(cursor ? { cursor } : {}) });

/** Follows the cursors to the end; `between` runs after each page. Returns the pages' rows. */
async function pageThrough(fetchPage: Fetch, between?: () => Promise<void>): Promise<any[][]> {
  const pages: any[][] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const { status, body } = await fetchPage(cursor);
    expect(status, JSON.stringify(body)).toBe(200);
    expectSpecSchema('PaginatedTraceResponse', body);
    pages.push(body.data);
    expect(body.pagination.total).toBeNull();
    if (!body.pagination.has_more) {
      expect(body.pagination.cursor).toBeNull();
      return pages;
    }
    cursor = body.pagination.cursor;
    await between?.();
  }
  throw new Error('paging did not end');
}

const ids = (pages: any[][]) => pages.flat().map((r) => r.span_id as string);

describe('cursor paging', () => {
  it('pages through every span newest first, with no duplicates or gaps', async () => {
    const pages = await pageThrough(getPage('limit=7'));
    expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
    expect(ids(pages).sort()).toEqual(spans.map((s) => s.spanId).sort());
    const times = pages.flat().map((r) => r.ts);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('pages a search sorted by a field with ties, ascending and descending', async () => {
    for (const sort_desc of [false, true]) {
      const request = { filter: { field: 'environment', operator: 'eq', value: 'load' }, sort_by: 'duration_ms', sort_desc, limit: 6 };
      const pages = await pageThrough(searchPage(request));
      const expected = spans.filter((s) => s.environment === 'load').map((s) => s.spanId).sort();
      expect(ids(pages).sort()).toEqual(expected);
      const durations = pages.flat().map((r) => r.duration_ms);
      expect(durations).toEqual([...durations].sort((a, b) => (sort_desc ? b - a : a - b)));
    }
  });

  it('keeps its position when the limit changes between pages', async () => {
    const all = (await getJson(server, '/api/v1/traces?limit=16')).body.data.map((r: any) => r.span_id);
    const first = await getJson(server, '/api/v1/traces?limit=5');
    const second = await getJson(server, `/api/v1/traces?limit=11&cursor=${encodeURIComponent(first.body.pagination.cursor)}`);
    expect(second.status).toBe(200);
    expect([...first.body.data, ...second.body.data].map((r: any) => r.span_id)).toEqual(all);
  });

  it('stays stable while new spans are committed between pages', async () => {
    const before = new Set((await pageThrough(getPage('limit=1000'))).flat().map((r) => r.span_id as string));
    const inserted: string[] = [];
    let round = 0;
    const insertSome = async () => {
      round++;
      // One newer than everything, one among the rows still to come, one older than all.
      const fresh = generatedSpans(3, (i) => [0, 2_000_000 + round * 10, 900_000_000][i]!);
      inserted.push(...(await sendSpans(server, fresh, Date.now(), `concurrent-${round}`)).map((s) => s.spanId));
    };
    for (const pageThroughOnce of [getPage('limit=6'), searchPage({ sort_desc: true, limit: 6 })]) {
      const seen = ids(await pageThrough(pageThroughOnce, insertSome));
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of before) expect(seen).toContain(id);
      for (const id of seen) expect(before.has(id) || inserted.includes(id)).toBe(true);
    }
  });

  it('answers garbage, tampered and foreign cursors with a 400', async () => {
    const first = await getJson(server, '/api/v1/traces?limit=3&provider=openai');
    const cursor: string = first.body.pagination.cursor;
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const bad = ['abc', '', '....', 'eyJ2IjoxfQ.abc', flip(cursor, 5), flip(cursor, Math.floor(cursor.length / 2)), flip(cursor, cursor.length - 2), cursor + 'x', cursor.split('.').reverse().join('.')];
    for (const candidate of bad.filter((c) => c !== '')) {
      const response = await getJson(server, `/api/v1/traces?limit=3&provider=openai&cursor=${encodeURIComponent(candidate)}`);
      expect(response.status, candidate).toBe(400);
      expectSpecSchema('ErrorResponse', response.body);
      expect(response.body.error.message).toMatch(/cursor/i);
    }
    expect((await getJson(server, `/api/v1/traces?limit=3&provider=openai&cursor=${encodeURIComponent(cursor)}`)).status).toBe(200);
    for (const other of ['provider=anthropic', 'provider=openai&sort_order=asc', 'provider=openai&sort_by=duration_ms', 'provider=openai&project_id=alpha', 'provider=openai&from=now-1h']) {
      const response = await getJson(server, `/api/v1/traces?limit=3&${other}&cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, other).toBe(400);
      expect(response.body.error.message).toMatch(/cursor/i);
    }
    const searched = await search(server, { filter: { field: 'provider', operator: 'eq', value: 'openai' }, cursor });
    expect(searched.status).toBe(400);
  });

  it('a relative time range pages as one query while the clock moves', async () => {
    const pages = await pageThrough(getPage('from=now-2h&limit=4'), () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(new Set(ids(pages)).size).toBe(ids(pages).length);
  });
});

/** Asks `ask` twice in a row until the second answer comes from the cache. Any commit — the
 *  writer's text indexer catching up after an ingest too — changes the data version, so
 *  right after spans arrive a repeat can miss; it must hit once the store is quiet. */
async function expectCachedRepeat(ask: () => Promise<{ body: any }>): Promise<{ first: any; second: any }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = (await ask()).body;
    const second = (await ask()).body;
    if (second.meta.cached) return { first, second };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('a repeated query was never answered from the cache');
}

describe('result cache', () => {
  it('answers a repeated query from the cache, and a new span at once', async () => {
    const query = '/api/v1/traces?environment=cache-test&limit=10';
    expect((await getJson(server, query)).body.meta.cached).toBe(false);
    const { first, second } = await expectCachedRepeat(() => getJson(server, query));
    expectSpecSchema('PaginatedTraceResponse', second);
    expect(first.data).toHaveLength(0);
    expect(second.data).toEqual(first.data);
    expect(second.meta.request_id).not.toBe(first.meta.request_id);

    const [added] = await sendSpans(server, [{ ...FIXTURE_SPANS[1]!, key: 'cache-span', trace: 'cache', parent: undefined, environment: 'cache-test', agoMs: 1000 }], Date.now(), 'cache');
    const third = await getJson(server, query);
    expect(third.body.meta.cached).toBe(false);
    expect(third.body.data.map((r: any) => r.span_id)).toEqual([added!.spanId]);
    expect((await expectCachedRepeat(() => getJson(server, query))).second.data).toEqual(third.body.data);
  });

  it('keys POST bodies by their content, not their key order', async () => {
    const body = { filter: { field: 'provider', operator: 'eq', value: 'anthropic' }, limit: 5, sort_desc: true };
    const reordered = { sort_desc: true, limit: 5, filter: { value: 'anthropic', operator: 'eq', field: 'provider' } };
    expect((await search(server, body)).body.meta.cached).toBe(false);
    let turn = 0;
    const { first, second } = await expectCachedRepeat(() => search(server, turn++ % 2 ? reordered : body));
    expect(second.data).toEqual(first.data);
    const different = await search(server, { ...body, fields: ['model'] });
    expect(different.body.meta.cached).toBe(false);
  });

  it('caches single-trace answers too', async () => {
    const traceId = spans.find((s) => s.key === 'claude-i18n')!.traceId;
    const { second } = await expectCachedRepeat(() => getJson(server, `/api/v1/traces/${traceId}`));
    expectSpecSchema('SingleTraceResponse', second);
  });
});
