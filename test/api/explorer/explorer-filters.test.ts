// The `filters` parameter through real HTTP: every operator of the documented dialect
// and of the typed dialect on the trace list (column, span-level and attribute filters),
// and bad filters answered with 400 INVALID_FILTER.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk } from '../../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { recordAgentTrace, recordOrphanTrace, recordSingleChatTrace } from './explorer-fixture.js';

let server: TestServer;
/** name -> trace id: agent (production, s1, 1000 ms, 52 tokens), claude (staging, 50 ms, 5 tokens), orphan (no env, 20 ms, 2 tokens). */
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const exporter = createExporter('http-json', server, { projectId: 'filters' });
  const agent = await recordAgentTrace({ sessionId: 's1', userId: 'u1', environment: 'production', offsetMs: 0 });
  const claude = await recordSingleChatTrace({ environment: 'staging', offsetMs: 2000 });
  const orphan = await recordOrphanTrace(4000);
  for (const spans of [agent.spans, claude.spans, orphan.spans]) await exportOk(exporter, spans);
  ids.agent = agent.ids.traceId;
  ids.claude = claude.traceId;
  ids.orphan = orphan.traceId;
});

afterAll(async () => {
  await server?.stop();
});

function tracesUrl(filters: unknown): string {
  return `${server.apiUrl}/api/v1/project/filters/otel/traces?order_by=start_time:asc&filters=${encodeURIComponent(JSON.stringify(filters))}`;
}

async function matching(filters: unknown): Promise<string[]> {
  const res = await fetch(tracesUrl(filters));
  const body = (await res.json()) as { data: { trace_id: string }[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return body.data.map((t: { trace_id: string }) => byId[t.trace_id]);
}

describe('documented dialect: [{key, op, value}]', () => {
  it.each([
    ['eq', { key: 'environment', op: 'eq', value: 'production' }, ['agent']],
    ['ne', { key: 'environment', op: 'ne', value: 'production' }, ['claude', 'orphan']],
    ['contains', { key: 'trace_name', op: 'contains', value: 'claude' }, ['claude']],
    ['starts_with', { key: 'trace_name', op: 'starts_with', value: 'agent.' }, ['agent']],
    ['in', { key: 'environment', op: 'in', value: ['staging', 'production'] }, ['agent', 'claude']],
    ['gt', { key: 'duration_ms', op: 'gt', value: 50 }, ['agent']],
    ['lt', { key: 'total_tokens', op: 'lt', value: 5 }, ['orphan']],
    ['gte', { key: 'total_tokens', op: 'gte', value: 5 }, ['agent', 'claude']],
    ['lte', { key: 'duration_ms', op: 'lte', value: 50 }, ['claude', 'orphan']],
    ['is_null', { key: 'environment', op: 'is_null', value: null }, ['orphan']],
    ['is_not_null', { key: 'session_id', op: 'is_not_null' }, ['agent']],
    ['span-level model', { key: 'model', op: 'eq', value: 'gpt-4o-mini' }, ['orphan']],
    ['span-level ne: no span used the model', { key: 'model', op: 'ne', value: 'gpt-4o' }, ['claude', 'orphan']],
    ['attribute', { key: 'attributes.gen_ai.provider.name', op: 'eq', value: 'anthropic' }, ['claude']],
    ['resource attribute', { key: 'attributes.deployment.environment.name', op: 'starts_with', value: 'stag' }, ['claude']],
    ['time column', { key: 'start_time', op: 'gte', value: '2025-01-26T10:12:36Z' }, ['claude', 'orphan']],
  ])('%s', async (_name, filter, expected) => {
    expect(await matching([filter])).toEqual(expected);
  });

  it('ANDs several conditions', async () => {
    expect(await matching([{ key: 'model', op: 'contains', value: 'gpt' }, { key: 'environment', op: 'is_null' }])).toEqual(['orphan']);
  });
});

describe('typed dialect: [{type, column, operator, value}]', () => {
  it.each([
    ['string =', { type: 'string', column: 'environment', operator: '=', value: 'staging' }, ['claude']],
    ['string contains', { type: 'string', column: 'trace_name', operator: 'contains', value: 'orphan' }, ['orphan']],
    ['string starts_with', { type: 'string', column: 'trace_name', operator: 'starts_with', value: 'chat' }, ['claude', 'orphan']],
    ['string ends_with', { type: 'string', column: 'trace_name', operator: 'ends_with', value: 'run' }, ['agent']],
    ['number >', { type: 'number', column: 'total_tokens', operator: '>', value: 4 }, ['agent', 'claude']],
    ['number <=', { type: 'number', column: 'span_count', operator: '<=', value: 1 }, ['claude', 'orphan']],
    ['number =', { type: 'number', column: 'span_count', operator: '=', value: 4 }, ['agent']],
    ['datetime <', { type: 'datetime', column: 'start_time', operator: '<', value: '2025-01-26T10:12:36Z' }, ['agent']],
    ['string_options any of', { type: 'string_options', column: 'environment', operator: 'any of', value: ['staging'] }, ['claude']],
    ['string_options none of', { type: 'string_options', column: 'gen_ai_request_model', operator: 'none of', value: ['gpt-4o'] }, ['claude', 'orphan']],
    ['stringOptions (Langfuse spelling)', { type: 'stringOptions', column: 'framework', operator: 'any of', value: ['nope'] }, []],
    ['null is null', { type: 'null', column: 'session_id', operator: 'is null' }, ['claude', 'orphan']],
    ['null is not null', { type: 'null', column: 'user_id', operator: 'is not null' }, ['agent']],
    ['boolean', { type: 'boolean', column: 'has_error', operator: '=', value: false }, ['agent', 'claude', 'orphan']],
    ['attribute column', { type: 'string', column: 'attributes.gen_ai.request.model', operator: '=', value: 'claude-3-5-sonnet' }, ['claude']],
    ['stringObject on attributes', { type: 'stringObject', column: 'attributes', key: 'gen_ai.tool.name', operator: '=', value: 'get_weather' }, ['agent']],
  ])('%s', async (_name, filter, expected) => {
    expect(await matching([filter])).toEqual(expected);
  });
});

describe('bad filters are 400 INVALID_FILTER naming the bad part', () => {
  it.each([
    ['not JSON', '[{"key":', 'not valid JSON'],
    ['unknown column', JSON.stringify([{ key: 'colour', op: 'eq', value: 'red' }]), "'colour'"],
    ['unknown op', JSON.stringify([{ key: 'environment', op: 'like', value: 'x' }]), "'like'"],
    ['unknown typed operator', JSON.stringify([{ type: 'number', column: 'total_tokens', operator: 'contains', value: 1 }]), "'contains'"],
    ['unknown typed type', JSON.stringify([{ type: 'colour', column: 'environment', operator: '=', value: 'x' }]), "'colour'"],
    ['type mismatch', JSON.stringify([{ key: 'total_tokens', op: 'gt', value: 'lots' }]), 'numeric'],
    ['in without a list', JSON.stringify([{ key: 'environment', op: 'in', value: 'x' }]), 'array'],
    ['too many', JSON.stringify(Array.from({ length: 51 }, () => ({ key: 'environment', op: 'eq', value: 'x' }))), 'too many'],
  ])('%s', async (_name, raw, mention) => {
    const res = await fetch(`${server.apiUrl}/api/v1/project/filters/otel/traces?filters=${encodeURIComponent(raw)}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body).toMatchObject({ error: 'bad_request', code: 'INVALID_FILTER' });
    expect(body.message).toContain(mention);
  });

  it('injection attempts in keys and values match nothing and break nothing', async () => {
    expect(await matching([{ key: 'environment', op: 'eq', value: "x' OR '1'='1" }])).toEqual([]);
    expect(await matching([{ key: "attributes.x') OR 1=1 --", op: 'is_not_null' }])).toEqual([]);
    expect(await matching([])).toEqual(['agent', 'claude', 'orphan']);
  });
});
