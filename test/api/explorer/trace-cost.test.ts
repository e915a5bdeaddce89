// Cost totals through the APIs: a trace whose calls have no known price lists total_cost null,
// one with some unknown says cost_complete false; the Langfuse API keeps Langfuse's own shape
// (trace totalCost a number summing the known costs, an unpriced observation's cost null).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

const fixture = JSON.parse(fs.readFileSync(new URL('../../fixtures/cost/known-and-unknown-prices.json', import.meta.url), 'utf8'));
const MIXED = 'c0570000000000000000000000000001';
const UNKNOWN = 'c0570000000000000000000000000002';
const GPT_51_CALL = 1000 * 1.25e-6 + 100 * 10e-6;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const posted = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-project-id': 'cost' }, body: JSON.stringify(fixture.request) });
  expect(posted.status).toBe(200);
});
afterAll(() => server?.stop());

const explorer = async (path: string) => {
  const r = await fetch(`${server.apiUrl}/api/v1/project/cost/otel/${path}`);
  expect(r.status).toBe(200);
  return (await r.json()) as any;
};
const langfuse = async (path: string) => {
  const auth = 'Basic ' + Buffer.from('pk-lf-test:sk-lf-test').toString('base64');
  const r = await fetch(`${server.apiUrl}/api/public/${path}`, { headers: { authorization: auth, 'x-project-id': 'cost' } });
  expect(r.status).toBe(200);
  return (await r.json()) as any;
};

describe('explorer cost totals', () => {
  it('trace list: the known sum flagged incomplete, and null where nothing is priced', async () => {
    const { data } = await explorer('traces');
    const byId = Object.fromEntries(data.map((t: any) => [t.trace_id, t]));
    expect(byId[MIXED].cost_complete).toBe(false);
    expect(byId[MIXED].total_cost).toBeCloseTo(GPT_51_CALL, 12);
    expect(byId[UNKNOWN]).toMatchObject({ total_cost: null, cost_complete: false, input_tokens: 100 });
  });

  it('trace detail: the unpriced call is null, the agent and priced call are numbers', async () => {
    const trace = await explorer(`traces/${MIXED}`);
    expect(trace.cost_complete).toBe(false);
    const costs = Object.fromEntries(trace.spans.flatMap(function flat(s: any): [string, unknown][] { return [[s.span_name, s.total_cost], ...s.children.flatMap(flat)]; }));
    expect(costs['chat my-finetune-7b']).toBeNull();
    expect(costs['chat gpt-5.1']).toBeCloseTo(GPT_51_CALL, 12);
    expect(costs['invoke_agent planner']).toBe(0);
  });

  it('session: sums the known costs, incomplete', async () => {
    const session = await explorer('sessions/cost-session');
    expect(session).toMatchObject({ trace_count: 2, input_tokens: 1200, cost_complete: false });
    expect(session.total_cost).toBeCloseTo(GPT_51_CALL, 12);
  });

  it('session list in a time window (summed from its traces): the same totals', async () => {
    const { data } = await explorer('sessions?from_timestamp=2025-12-01T00:00:00Z&to_timestamp=2025-12-02T00:00:00Z');
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ session_id: 'cost-session', trace_count: 2, cost_complete: false });
    expect(data[0].total_cost).toBeCloseTo(GPT_51_CALL, 12);
  });
});

describe('Langfuse API cost, in Langfuse\'s own shape', () => {
  it('trace totalCost is a number (0 when nothing is priced); an unpriced generation\'s cost is null', async () => {
    expect((await langfuse(`traces/${UNKNOWN}`)).totalCost).toBe(0);
    const mixed = await langfuse(`traces/${MIXED}`);
    expect(mixed.totalCost).toBeCloseTo(GPT_51_CALL, 12);
    const unpriced = mixed.observations.find((o: any) => o.name === 'chat my-finetune-7b');
    expect(unpriced.calculatedTotalCost).toBeNull();
  });
});
