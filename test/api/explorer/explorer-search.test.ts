// The trace list's `search` parameter (the UI's search box) through real HTTP and the real OTel
// SDK exporter: each thing it matches — name, trace id, session, user, environment, tag, service
// name, conversation text — narrows the list; combined with the
// other parameters it is an AND; bad text is a 400 a person can act on. And GET /api/v1/projects.
import { ROOT_CONTEXT, type Tracer } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, exportOk, recordSpans } from '../../helpers/otel-export.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { BASE_MS } from './explorer-fixture.js';

let server: TestServer;
const ids: Record<string, string> = {};

interface PlannedTrace {
  key: string;
  name: string;
  service: string;
  question: string;
  answer: string;
  attributes?: Record<string, string | string[]>;
}

const PLANNED: PlannedTrace[] = [
  { key: 'weather', name: 'weather-agent', service: 'billing-svc', question: 'What is the weather in Reykjavík?', answer: 'Cold and windy.',
    attributes: { 'session.id': 'sess-alpha', 'user.id': 'alice@example.com', 'langfuse.observation.type': 'generation', 'langfuse.trace.tags': ['nightly', 'eval-set-7'] } },
  { key: 'recipe', name: 'recipe-bot', service: 'kitchen-api', question: 'How long do I boil an egg?', answer: 'Nine minutes for a hard egg.',
    attributes: { 'session.id': 'sess-beta', 'user.id': 'bob', 'deployment.environment': 'staging' } },
  { key: 'plain', name: 'summarizer', service: 'kitchen-api', question: 'Summarize the meeting notes', answer: 'The weather report was discussed.' },
];

function recordTrace(plan: PlannedTrace, offsetMs: number) {
  return recordSpans((tracer: Tracer) => {
    const root = tracer.startSpan(plan.name, { startTime: BASE_MS + offsetMs, attributes: plan.attributes ?? {} }, ROOT_CONTEXT);
    root.setAttributes({
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.provider.name': 'openai',
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: plan.question }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: plan.answer }], finish_reason: 'stop' }]),
    });
    root.end(BASE_MS + offsetMs + 100);
  }, { 'service.name': plan.service });
}

beforeAll(async () => {
  server = await startTestServer();
  const exporter = createExporter('http-json', server, { projectId: 'search' });
  for (const [i, plan] of PLANNED.entries()) {
    const spans = await recordTrace(plan, i * 1000);
    await exportOk(exporter, spans);
    ids[plan.key] = spans[0]!.spanContext().traceId;
  }
});

afterAll(async () => {
  await server?.stop();
});

async function listWith(params: Record<string, string>): Promise<{ status: number; body: any }> {
  const query = new URLSearchParams({ order_by: 'start_time:asc', ...params });
  const res = await fetch(`${server.apiUrl}/api/v1/project/search/otel/traces?${query}`);
  return { status: res.status, body: await res.json() };
}

async function searchFor(text: string, extra: Record<string, string> = {}): Promise<string[]> {
  const { status, body } = await listWith({ search: text, ...extra });
  expect(status, JSON.stringify(body)).toBe(200);
  const byId = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, key]));
  expect(body.meta.total_items).toBe(body.data.length);
  return body.data.map((t: { trace_id: string }) => byId[t.trace_id]);
}

describe('search: what it matches', () => {
  it.each([
    ['trace name, any case', 'RECIPE', ['recipe']],
    ['part of a name', 'summar', ['plain']],
    ['session id', 'sess-alpha', ['weather']],
    ['user id', 'alice@', ['weather']],
    ['environment', 'stag', ['recipe']],
    ['a tag', 'eval-set', ['weather']],
    ['service name', 'kitchen', ['recipe', 'plain']],
    ['service name, exact', 'billing-svc', ['weather']],
    ['a word of the conversation', 'boil', ['recipe']],
    ['every word, in the question or the answer', 'egg nine', ['recipe']],
    ['words that are not all in one span', 'egg weather', []],
    ['diacritics and case folded as the index does', 'reykjavik', ['weather']],
    ['a quoted phrase', '"weather report"', ['plain']],
    ['a prefix', 'meet*', ['plain']],
    ['conversation and name both', 'weather', ['weather', 'plain']],
    ['LIKE wildcards are literal', '%', []],
    ['nothing', 'zebra', []],
  ])('%s', async (_what, text, expected) => {
    expect(await searchFor(text)).toEqual(expected);
  });

  it('finds a trace by its id and by a part of it', async () => {
    expect(await searchFor(ids.recipe!)).toEqual(['recipe']);
    expect(await searchFor(ids.recipe!.slice(4, 20).toUpperCase())).toEqual(['recipe']);
  });

  it('is an AND with the other parameters', async () => {
    expect(await searchFor('kitchen', { filters: JSON.stringify([{ key: 'trace_name', op: 'eq', value: 'summarizer' }]) })).toEqual(['plain']);
    expect(await searchFor('kitchen', { session_id: 'sess-beta' })).toEqual(['recipe']);
  });

  it('treats a blank search as no search', async () => {
    expect(await searchFor('   ')).toEqual(['weather', 'recipe', 'plain']);
  });
});

describe('search: bad input', () => {
  it('refuses an over-long search with a message', async () => {
    const { status, body } = await listWith({ search: 'x'.repeat(1001) });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/search is too long \(1001 characters; at most 1000\)/);
  });

  it('refuses a search of more than 32 words', async () => {
    const { status, body } = await listWith({ search: Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') });
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/too many terms/);
  });

  it('takes punctuation alone (no words) as a name/id search', async () => {
    expect(await searchFor('--')).toEqual([]);
    expect(await searchFor('@')).toEqual(['weather']);
  });
});

describe('GET /api/v1/projects', () => {
  it('lists the projects holding data, with their trace counts, and default', async () => {
    const res = await fetch(`${server.apiUrl}/api/v1/projects`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string; trace_count: number; created_at: string | null }[] };
    expect(body.data).toEqual([
      { id: 'default', trace_count: 0, created_at: null },
      { id: 'search', trace_count: 3, created_at: null },
    ]);
  });
});
