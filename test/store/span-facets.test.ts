// Facet counts behind the filter dropdowns follow inserts, retries (no double count) and
// deletes, and agree with counting the spans themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJsonTraceRequest } from '../helpers/otlp-requests.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server?.stop());

const post = (body: string) => fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'facets' }, body });

async function modelOptions(): Promise<{ value: string; count: number }[]> {
  const r = await fetch(`${server.apiUrl}/api/v1/project/facets/otel/spans/filter-options`);
  expect(r.status).toBe(200);
  const body = (await r.json()) as { options: Record<string, { value: string; count: number }[]> };
  return body.options.model ?? [];
}

describe('span facet counts', () => {
  it('count inserted spans once, and forget deleted ones', async () => {
    const a = buildJsonTraceRequest(4); // every span: gen_ai.request.model gpt-4o
    const b = buildJsonTraceRequest(3);
    expect((await post(a.body)).status).toBe(200);
    expect((await post(a.body)).status).toBe(200); // a retry changes nothing
    expect((await post(b.body)).status).toBe(200);
    expect(await modelOptions()).toEqual([{ value: 'gpt-4o', count: 7 }]);

    const traceId = (JSON.parse(a.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId;
    const del = await fetch(`${server.apiUrl}/api/v1/project/facets/otel/traces/${traceId}`, { method: 'DELETE' });
    expect(del.status).toBeLessThan(300);
    expect(await modelOptions()).toEqual([{ value: 'gpt-4o', count: 3 }]);
  });
});
