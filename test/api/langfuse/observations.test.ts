// GET /api/public/observations, /observations/{id} and /v2/observations through the
// official @langfuse/client against a running tracelite with known spans.
import type { LangfuseClient } from '@langfuse/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { createClient, startSeededServer } from './langfuse-server.js';


let server: TestServer;
let client: LangfuseClient;

beforeAll(async () => {
  server = await startSeededServer();
  client = createClient(server);
});

afterAll(async () => {
  await server?.stop();
});

// The documented field set of an observation (../shared/spec/observations-api.txt).
const DOCUMENTED_FIELDS = [
  'id', 'projectId', 'traceId', 'parentObservationId', 'name', 'type', 'environment', 'startTime', 'endTime',
  'version', 'createdAt', 'updatedAt', 'input', 'output', 'metadata', 'level', 'statusMessage', 'model',
  'modelParameters', 'completionStartTime', 'promptId', 'promptName', 'promptVersion', 'usageDetails', 'costDetails',
  'usage', 'unit', 'promptTokens', 'completionTokens', 'totalTokens', 'modelId', 'inputPrice', 'outputPrice',
  'totalPrice', 'calculatedInputCost', 'calculatedOutputCost', 'calculatedTotalCost', 'latency', 'timeToFirstToken',
];

const DEFAULT_PROJECT_NEWEST_FIRST = [
  'b000000000000004', 'b000000000000003', 'b000000000000002', 'b000000000000001',
  'a000000000000003', 'a000000000000002', 'a000000000000001',
];

describe('GET /api/public/observations/{id}', () => {
  it('returns a generation with exactly the documented fields', async () => {
    const obs = await client.fetchObservation('a000000000000002');
    expect(Object.keys(obs).sort()).toEqual([...DOCUMENTED_FIELDS].sort());
    expect(obs).toMatchObject({
      id: 'a000000000000002', projectId: 'default', traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01',
      parentObservationId: 'a000000000000001', name: 'llm-call', type: 'GENERATION', environment: 'production',
      startTime: '2026-04-03T10:00:00.100Z', endTime: '2026-04-03T10:00:01.100Z', version: '2.0.0',
      input: [{ role: 'user', content: 'Explain quantum computing.' }],
      output: { role: 'assistant', content: 'Quantum computing...' },
      level: 'DEFAULT', statusMessage: null, model: 'gpt-4o', modelParameters: { temperature: 0.7 },
      completionStartTime: '2026-04-03T10:00:00.500Z', promptName: 'qa-prompt', promptVersion: 3,
      usageDetails: { input: 20, output: 90, total: 120, input_cached_tokens: 10 },
      costDetails: { input: 0.00009, output: 0.00027, total: 0.00036 },
      usage: { unit: 'TOKENS', input: 30, output: 90, total: 120 }, unit: 'TOKENS',
      promptTokens: 30, completionTokens: 90, totalTokens: 120,
      calculatedInputCost: 0.00009, calculatedOutputCost: 0.00027, calculatedTotalCost: 0.00036,
      latency: 1000, timeToFirstToken: 400,
    });
    expect((obs.metadata as Record<string, unknown>).customer_tier).toBe('enterprise');
  });

  it('maps an error status to level ERROR and an absent environment to default', async () => {
    const tool = await client.fetchObservation('a000000000000003');
    expect(tool).toMatchObject({ type: 'TOOL', level: 'ERROR', statusMessage: 'timeout', latency: 300 });
    const embed = await client.fetchObservation('b000000000000002');
    expect(embed).toMatchObject({ type: 'EMBEDDING', level: 'WARNING', environment: 'default' });
  });

  it('falls back to normalized messages for input', async () => {
    const event = await client.fetchObservation('b000000000000003');
    expect(event).toMatchObject({ type: 'EVENT', input: [{ role: 'user', content: 'hello world' }], output: null });
  });

  it('answers 404 for an unknown id and for another project’s observation', async () => {
    await expect(client.fetchObservation('ffffffffffffffff')).rejects.toMatchObject({ statusCode: 404 });
    await expect(client.fetchObservation('c000000000000001')).rejects.toMatchObject({
      statusCode: 404,
      body: { message: expect.stringContaining('c000000000000001'), error: 'LangfuseNotFoundError' },
    });
    const other = createClient(server, 'other');
    expect((await other.fetchObservation('c000000000000001')).name).toBe('secret');
  });
});

describe('GET /api/public/observations', () => {
  const list = (request: Parameters<LangfuseClient['api']['legacy']['observationsV1']['getMany']>[0]) =>
    client.api.legacy.observationsV1.getMany(request);
  const ids = async (request: Parameters<typeof list>[0]) => (await list(request)).data.map((o) => o.id);

  it('lists newest first with page metadata', async () => {
    const page = await list({ limit: 3, page: 2 });
    expect(page.meta).toEqual({ page: 2, limit: 3, totalItems: 7, totalPages: 3 });
    expect(page.data.map((o) => o.id)).toEqual(DEFAULT_PROJECT_NEWEST_FIRST.slice(3, 6));
  });

  it('filters by the simple parameters', async () => {
    expect(await ids({ type: 'GENERATION' })).toEqual(['a000000000000002']);
    expect(await ids({ type: 'RETRIEVER' })).toEqual(['b000000000000004']);
    expect(await ids({ name: 'embed' })).toEqual(['b000000000000002']);
    expect(await ids({ userId: 'user-2' })).toHaveLength(4);
    expect(await ids({ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01' })).toHaveLength(3);
    expect(await ids({ parentObservationId: 'a000000000000001' })).toEqual(['a000000000000003', 'a000000000000002']);
    expect(await ids({ level: 'ERROR' })).toEqual(['a000000000000003']);
    expect(await ids({ version: '2.0.0' })).toEqual(['a000000000000002']);
    expect(await ids({ environment: ['production'] })).toHaveLength(3);
    expect(await ids({ environment: ['default', 'production'] })).toHaveLength(7);
    expect(await ids({ fromStartTime: '2026-04-03T10:00:11.000Z' })).toEqual(['b000000000000004', 'b000000000000003']);
    expect(await ids({ toStartTime: '2026-04-03T10:00:00.100Z' })).toEqual(['a000000000000001']);
  });

  const cases: [string, object[], string[]][] = [
    ['datetime', [{ type: 'datetime', column: 'startTime', operator: '>=', value: '2026-04-03T10:00:10.500Z' }],
      ['b000000000000004', 'b000000000000003', 'b000000000000002']],
    ['string', [{ type: 'string', column: 'name', operator: 'starts with', value: 'search' }], ['a000000000000003']],
    ['number', [{ type: 'number', column: 'latency', operator: '>=', value: 2.5 }], ['a000000000000001']],
    ['stringOptions', [{ type: 'stringOptions', column: 'type', operator: 'any of', value: ['TOOL', 'EVENT'] }],
      ['b000000000000003', 'a000000000000003']],
    ['categoryOptions', [{ type: 'categoryOptions', column: 'level', operator: 'none of', value: ['DEFAULT'] }],
      ['b000000000000002', 'a000000000000003']],
    ['arrayOptions', [{ type: 'arrayOptions', column: 'traceTags', operator: 'all of', value: ['prod', 'critical'] }],
      ['a000000000000003', 'a000000000000002', 'a000000000000001']],
    ['stringObject', [{ type: 'stringObject', column: 'metadata', key: 'customer_tier', operator: '=', value: 'free' }],
      ['b000000000000001']],
    ['numberObject', [{ type: 'numberObject', column: 'metadata', key: 'priority', operator: '>', value: 2 }],
      ['a000000000000002', 'a000000000000001']],
    ['boolean', [{ type: 'boolean', column: 'isRootObservation', operator: '=', value: true }],
      ['b000000000000001', 'a000000000000001']],
    ['null', [{ type: 'null', column: 'model', operator: 'is not null' }], ['b000000000000002', 'a000000000000002']],
    ['trace columns', [
      { type: 'string', column: 'userId', operator: '=', value: 'user-1' },
      { type: 'string', column: 'traceName', operator: 'contains', value: 'chat' },
      { type: 'string', column: 'traceEnvironment', operator: '=', value: 'production' },
    ], ['a000000000000003', 'a000000000000002', 'a000000000000001']],
  ];

  it.each(cases)('filters with a %s condition', async (_type, filter, expected) => {
    expect(await ids({ filter: JSON.stringify(filter), limit: 100 })).toEqual(expected);
  });

  it('lets filter take precedence over the simple parameter for the same column', async () => {
    const filter = JSON.stringify([{ type: 'string', column: 'name', operator: '=', value: 'embed' }]);
    expect(await ids({ name: 'llm-call', filter })).toEqual(['b000000000000002']);
    // Other simple parameters still apply.
    expect(await ids({ type: 'GENERATION', filter })).toEqual([]);
  });
});

describe('GET /api/public/v2/observations', () => {
  it('walks every page with the cursor, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.api.observations.getMany({ limit: 2, cursor });
      seen.push(...page.data.map((o) => o.id));
      cursor = page.meta.cursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual(DEFAULT_PROJECT_NEWEST_FIRST);
  });

  it('returns core and basic fields by default', async () => {
    const { data } = await client.fetchObservations({ traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01', type: 'GENERATION' });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ id: 'a000000000000002', type: 'GENERATION', name: 'llm-call', level: 'DEFAULT', userId: 'user-1', sessionId: 'sess-1', isRootObservation: false });
    expect(data[0]).not.toHaveProperty('usageDetails');
    expect(data[0]).not.toHaveProperty('input');
  });

  it('adds the requested field groups; io comes back as raw strings', async () => {
    const { data } = await client.api.observations.getMany({
      fields: 'io,model,usage,metrics,prompt,time,metadata,trace_context',
      filter: JSON.stringify([{ type: 'string', column: 'id', operator: '=', value: 'a000000000000002' }]),
    });
    expect(data[0]).toMatchObject({
      input: '[{"role":"user","content":"Explain quantum computing."}]', model: 'gpt-4o',
      modelParameters: { temperature: 0.7 }, usageDetails: { input: 20, output: 90, total: 120, input_cached_tokens: 10 },
      totalCost: 0.00036, latency: 1000, timeToFirstToken: 400, promptName: 'qa-prompt', promptVersion: 3,
      completionStartTime: '2026-04-03T10:00:00.500Z', traceName: 'chat-request', tags: ['prod', 'critical'],
    });
    expect((data[0]!.metadata as Record<string, unknown>).customer_tier).toBe('enterprise');
    expect(data[0]).not.toHaveProperty('name');
  });

  it('filters by sessionId and isRootObservation', async () => {
    const roots = await client.api.observations.getMany({ sessionId: 'sess-1', isRootObservation: true });
    expect(roots.data.map((o) => o.id)).toEqual(['b000000000000001', 'a000000000000001']);
  });
});
