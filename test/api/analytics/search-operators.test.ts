// POST /api/v1/traces/search: each of the 14 operators on a string field, a number field,
// ts, tags and attributes.<key>; NOT and nesting; lowercase and uppercase logical
// operators; the spec's three request examples verbatim; field selection. Expected rows
// come from evaluating the same condition in JS over the unfiltered answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/test-server.js';
import { search, startSeededServer, type SeededSpan } from './analytics-seed.js';
import { expectSpecSchema, specSearchExamples } from './spec-validator.js';

type Row = Record<string, any>;
let server: TestServer;
let spans: SeededSpan[];
let rows: Row[];
const byKey = (key: string) => rows.find((r) => r.span_id === spans.find((s) => s.key === key)!.spanId)!;

beforeAll(async () => {
  ({ server, spans } = await startSeededServer());
  const all = await search(server, {});
  rows = all.body.data;
  expect(rows).toHaveLength(spans.length);
});
afterAll(async () => {
  await server?.stop();
});

const f = (field: string, operator: string, value: unknown) => ({ field, operator, value });

async function expectMatches(filter: unknown, predicate: (row: Row) => boolean): Promise<void> {
  const response = await search(server, { filter });
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  expectSpecSchema('PaginatedTraceResponse', response.body);
  const expected = rows.filter(predicate).map((r) => r.span_id).sort();
  expect(response.spanIds.sort()).toEqual(expected);
}

const str = (v: unknown): v is string => typeof v === 'string';
const has = (tags: string[] | null, tag: string) => (tags ?? []).includes(tag);
const attr = (row: Row, key: string) => row.attributes?.[key];
const ms = (row: Row) => Date.parse(row.ts);

describe('operators on a string field (provider)', () => {
  it.each([
    ['eq', 'openai', (r: Row) => r.provider === 'openai'],
    ['ne', 'openai', (r: Row) => r.provider !== 'openai'],
    ['gt', 'gcp', (r: Row) => str(r.provider) && r.provider > 'gcp'],
    ['gte', 'mistral_ai', (r: Row) => str(r.provider) && r.provider >= 'mistral_ai'],
    ['lt', 'gcp.gemini', (r: Row) => str(r.provider) && r.provider < 'gcp.gemini'],
    ['lte', 'gcp.gemini', (r: Row) => str(r.provider) && r.provider <= 'gcp.gemini'],
    ['in', ['anthropic', 'mistral_ai'], (r: Row) => ['anthropic', 'mistral_ai'].includes(r.provider)],
    ['not_in', ['openai'], (r: Row) => r.provider !== 'openai'],
    ['contains', 'open', (r: Row) => str(r.provider) && r.provider.includes('open')],
    ['not_contains', 'open', (r: Row) => !(str(r.provider) && r.provider.includes('open'))],
    ['starts_with', 'anth', (r: Row) => str(r.provider) && r.provider.startsWith('anth')],
    ['ends_with', '_ai', (r: Row) => str(r.provider) && r.provider.endsWith('_ai')],
    ['regex', '^(open|anthro)', (r: Row) => str(r.provider) && /^(open|anthro)/.test(r.provider)],
  ])('%s %j', async (operator, value, predicate) => {
    await expectMatches(f('provider', operator, value), predicate);
  });
});

describe('operators on a number field (duration_ms, total_cost_usd)', () => {
  it.each([
    ['eq', 1500, (r: Row) => r.duration_ms === 1500],
    ['ne', 1500, (r: Row) => r.duration_ms !== 1500],
    ['gt', 1000, (r: Row) => r.duration_ms > 1000],
    ['gte', 1000, (r: Row) => r.duration_ms >= 1000],
    ['lt', 800, (r: Row) => r.duration_ms < 800],
    ['lte', 800, (r: Row) => r.duration_ms <= 800],
    ['in', [40, 50, 120], (r: Row) => [40, 50, 120].includes(r.duration_ms)],
    ['not_in', [40, 50], (r: Row) => ![40, 50].includes(r.duration_ms)],
  ])('duration_ms %s %j', async (operator, value, predicate) => {
    await expectMatches(f('duration_ms', operator, value), predicate);
  });

  it('compares costs as floats and tokens as integers', async () => {
    const cost = byKey('agent-chat-2').total_cost_usd as number;
    await expectMatches(f('total_cost_usd', 'gt', cost), (r) => r.total_cost_usd !== null && r.total_cost_usd > cost);
    await expectMatches(f('total_cost_usd', 'lte', cost), (r) => r.total_cost_usd !== null && r.total_cost_usd <= cost);
    await expectMatches(f('prompt_tokens', 'gte', 900), (r) => r.prompt_tokens !== null && r.prompt_tokens >= 900);
    await expectMatches(f('ttft_ms', 'eq', 250), (r) => r.ttft_ms === 250);
  });

  it.each(['contains', 'not_contains', 'starts_with', 'ends_with', 'regex'])('%s on a number field is a 400', async (operator) => {
    const response = await search(server, { filter: f('duration_ms', operator, '15') });
    expect(response.status).toBe(400);
    expectSpecSchema('ErrorResponse', response.body);
  });
});

describe('operators on ts', () => {
  it('compares ISO 8601 times exactly, sub-millisecond digits included', async () => {
    const chat = byKey('agent-chat-1');
    expect(chat.ts).toMatch(/\.\d{9}Z$/);
    const older = (r: Row) => r.ts < chat.ts; // ISO strings of one format compare like the instants
    await expectMatches(f('ts', 'eq', chat.ts), (r) => r.span_id === chat.span_id);
    await expectMatches(f('ts', 'ne', chat.ts), (r) => r.span_id !== chat.span_id);
    await expectMatches(f('ts', 'lt', chat.ts), (r) => ms(r) < ms(chat) || (ms(r) === ms(chat) && older(r)));
    await expectMatches(f('ts', 'lte', chat.ts), (r) => ms(r) <= ms(chat));
    await expectMatches(f('ts', 'gt', chat.ts), (r) => ms(r) > ms(chat));
    await expectMatches(f('ts', 'gte', chat.ts), (r) => ms(r) >= ms(chat));
  });

  it('takes relative times, ms since epoch and lists of instants', async () => {
    await expectMatches(f('ts', 'gte', 'now-1h'), (r) => ms(r) >= Date.now() - 3_600_000);
    await expectMatches(f('ts', 'lt', 'now-7d'), (r) => ms(r) < Date.now() - 7 * 86_400_000);
    await expectMatches(f('ts', 'gt', Date.now() - 600_500), (r) => ms(r) > Date.now() - 600_500);
    const two = [byKey('embedding').ts, byKey('beta-chat').ts];
    await expectMatches(f('ts', 'in', two), (r) => two.includes(r.ts));
    await expectMatches(f('ts', 'not_in', two), (r) => !two.includes(r.ts));
  });
});

describe('operators on tags', () => {
  it.each([
    ['eq', 'beta', (r: Row) => has(r.tags, 'beta')],
    ['ne', 'beta', (r: Row) => !has(r.tags, 'beta')],
    ['contains', 'checkout', (r: Row) => has(r.tags, 'checkout')],
    ['not_contains', 'checkout', (r: Row) => !has(r.tags, 'checkout')],
    ['in', ['i18n', 'beta'], (r: Row) => has(r.tags, 'i18n') || has(r.tags, 'beta')],
    ['not_in', ['i18n', 'beta'], (r: Row) => !has(r.tags, 'i18n') && !has(r.tags, 'beta')],
  ])('tags %s %j', async (operator, value, predicate) => {
    await expectMatches(f('tags', operator, value), predicate);
  });
});

describe('operators on attributes.<key>', () => {
  const feature = (r: Row) => attr(r, 'app.feature');
  it.each([
    ['eq', 'checkout', (r: Row) => feature(r) === 'checkout'],
    ['ne', 'checkout', (r: Row) => feature(r) !== 'checkout'],
    ['in', ['translate', 'reports'], (r: Row) => ['translate', 'reports'].includes(feature(r))],
    ['not_in', ['translate', 'reports'], (r: Row) => !['translate', 'reports'].includes(feature(r))],
    ['contains', 'eck', (r: Row) => str(feature(r)) && feature(r).includes('eck')],
    ['not_contains', 'eck', (r: Row) => !(str(feature(r)) && feature(r).includes('eck'))],
    ['starts_with', 'tr', (r: Row) => str(feature(r)) && feature(r).startsWith('tr')],
    ['ends_with', 'ts', (r: Row) => str(feature(r)) && feature(r).endsWith('ts')],
    ['regex', '^(checkout|reports)$', (r: Row) => str(feature(r)) && /^(checkout|reports)$/.test(feature(r))],
    ['eq', 'it\'s "quoted"', (r: Row) => feature(r) === 'it\'s "quoted"'],
  ])('attributes.app.feature %s %j', async (operator, value, predicate) => {
    await expectMatches(f('attributes.app.feature', operator, value), predicate);
  });

  it('compares numeric and boolean attributes', async () => {
    const tier = (r: Row) => attr(r, 'app.tier');
    await expectMatches(f('attributes.app.tier', 'gt', 1), (r) => typeof tier(r) === 'number' && tier(r) > 1);
    await expectMatches(f('attributes.app.tier', 'lte', 2), (r) => typeof tier(r) === 'number' && tier(r) <= 2);
    await expectMatches(f('attributes.app.tier', 'eq', 3), (r) => tier(r) === 3);
    await expectMatches(f('attributes.app.beta', 'eq', true), (r) => attr(r, 'app.beta') === true);
    await expectMatches(f('attributes.gen_ai.request.model', 'eq', 'gpt-4o'), (r) => r.model === 'gpt-4o');
  });
});

describe('other fields, text and full-text search', () => {
  it('filters every kind of string column', async () => {
    await expectMatches(f('status_code', 'eq', 'ERROR'), (r) => r.status_code === 'ERROR');
    await expectMatches(f('error_message', 'contains', 'rate'), (r) => str(r.error_message) && r.error_message.includes('rate'));
    await expectMatches(f('service_name', 'eq', 'checkout-api'), (r) => r.service_name === 'checkout-api');
    await expectMatches(f('span_name', 'starts_with', 'chat'), (r) => r.span_name.startsWith('chat'));
    await expectMatches(f('parent_span_id', 'eq', byKey('agent-root').span_id), (r) => r.parent_span_id === byKey('agent-root').span_id);
    await expectMatches(f('trace_id', 'eq', byKey('agent-root').trace_id), (r) => r.trace_id === byKey('agent-root').trace_id);
    await expectMatches(f('user_id', 'eq', "o'brien"), (r) => r.user_id === "o'brien");
    await expectMatches(f('session_id', 'in', ['sess-2', 'sess-9']), (r) => ['sess-2', 'sess-9'].includes(r.session_id));
    await expectMatches(f('environment', 'ne', 'production'), (r) => r.environment !== 'production');
  });

  it('matches conversation text with contains, regex and search', async () => {
    const input = (r: Row) => (str(r.input_text) ? r.input_text : '');
    await expectMatches(f('input_text', 'contains', 'authentication'), (r) => input(r).includes('authentication'));
    await expectMatches(f('input_text', 'regex', '(?i)oauth\\d'), (r) => /oauth\d/i.test(input(r)));
    await expectMatches(f('input_text', 'search', 'authentication error'), (r) => /authentication/i.test(input(r)) && /error/i.test(input(r)));
    await expectMatches(f('input_text', 'search', '"error when they"'), (r) => input(r).includes('error when they'));
    await expectMatches(f('output_text', 'search', 'SAML'), (r) => str(r.output_text) && r.output_text.includes('SAML'));
    await expectMatches(f('input_text', 'search', 'grüße'), (r) => input(r).includes('Grüße'));
    await expectMatches(f('input_text', 'not_contains', 'authentication'), (r) => !input(r).includes('authentication'));
  });
});

describe('logical filters', () => {
  const openai = f('provider', 'eq', 'openai');
  const staging = f('environment', 'eq', 'staging');
  const slow = f('duration_ms', 'gte', 1000);

  it('accepts AND / OR / NOT in any case', async () => {
    for (const [and, or] of [['AND', 'OR'], ['and', 'or'], ['And', 'oR']]) {
      await expectMatches({ operator: and, filters: [openai, slow] }, (r) => r.provider === 'openai' && r.duration_ms >= 1000);
      await expectMatches({ operator: or, filters: [openai, staging] }, (r) => r.provider === 'openai' || r.environment === 'staging');
    }
    for (const not of ['NOT', 'not', 'Not']) {
      await expectMatches({ operator: not, filters: [slow] }, (r) => !(r.duration_ms >= 1000));
    }
  });

  it('NOT is the complement: it keeps spans that lack the field, as ne does', async () => {
    await expectMatches({ operator: 'NOT', filters: [openai] }, (r) => r.provider !== 'openai');
    await expectMatches({ operator: 'NOT', filters: [f('attributes.app.tier', 'gt', 1)] }, (r) => !(attr(r, 'app.tier') > 1));
  });

  it('nests NOT inside AND inside OR', async () => {
    const filter = {
      operator: 'or',
      filters: [
        { operator: 'and', filters: [openai, { operator: 'NOT', filters: [{ operator: 'or', filters: [slow, f('status_code', 'eq', 'ERROR')] }] }] },
        { operator: 'not', filters: [{ operator: 'not', filters: [staging] }] },
      ],
    };
    await expectMatches(filter, (r) => (r.provider === 'openai' && !(r.duration_ms >= 1000 || r.status_code === 'ERROR')) || r.environment === 'staging');
  });

  it('takes nesting down to the documented bound of 10 levels', async () => {
    let filter: unknown = openai;
    for (let level = 0; level < 10; level++) filter = { operator: level % 2 ? 'AND' : 'or', filters: [filter] };
    await expectMatches(filter, (r) => r.provider === 'openai');
  });
});

describe("the spec's request examples, verbatim", () => {
  const examples = specSearchExamples();

  it('simpleFilter', async () => {
    const response = await search(server, examples.simpleFilter as Record<string, unknown>);
    expect(response.status).toBe(200);
    expectSpecSchema('PaginatedTraceResponse', response.body);
    expect(response.body.pagination.limit).toBe(50);
    expect(response.spanIds.sort()).toEqual(rows.filter((r) => r.provider === 'openai').map((r) => r.span_id).sort());
  });

  it('complexFilter, with its field selection', async () => {
    const response = await search(server, examples.complexFilter as Record<string, unknown>);
    expect(response.status).toBe(200);
    expectSpecSchema('PaginatedTraceResponse', response.body);
    const expected = rows.filter((r) => r.provider === 'openai' && /authentication/i.test(r.input_text ?? '') && /error/i.test(r.input_text ?? '')
      && (r.duration_ms >= 1000 || (r.total_cost_usd ?? 0) > 0.1));
    expect(response.spanIds).toEqual(expected.sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts)).map((r) => r.span_id));
    expect(response.spanIds.length).toBeGreaterThan(0);
    for (const row of response.body.data) {
      expect(Object.keys(row).sort()).toEqual(['duration_ms', 'model', 'provider', 'span_id', 'total_cost_usd', 'trace_id', 'ts']);
    }
  });

  it('fullTextSearch', async () => {
    const response = await search(server, examples.fullTextSearch as Record<string, unknown>);
    expect(response.status).toBe(200);
    expectSpecSchema('PaginatedTraceResponse', response.body);
    expect(response.spanIds).toEqual([byKey('agent-chat-2').span_id]);
  });
});

describe('field selection and sorting', () => {
  it('returns only the fields asked for, plus the required ts, trace_id and span_id', async () => {
    const only = await search(server, { fields: ['input_text'], filter: f('provider', 'eq', 'anthropic') });
    expectSpecSchema('PaginatedTraceResponse', only.body);
    expect(only.body.data).toEqual([{ ts: byKey('claude-i18n').ts, trace_id: byKey('claude-i18n').trace_id, span_id: byKey('claude-i18n').span_id, input_text: byKey('claude-i18n').input_text }]);
    const none = await search(server, { fields: [], limit: 2 });
    expect(Object.keys(none.body.data[0]).sort()).toEqual(['span_id', 'trace_id', 'ts']);
  });

  it('sorts ascending by default and descending with sort_desc', async () => {
    const times = (await search(server, {})).body.data.map((r: Row) => ms(r));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const tokens = (await search(server, { sort_by: 'total_tokens', sort_desc: true })).body.data.map((r: Row) => r.total_tokens ?? -1);
    expect(tokens).toEqual([...tokens].sort((a, b) => b - a));
  });
});

describe('tracelite extensions: project scope and relevance', () => {
  it('narrows a search to ?project_id= and ranks by relevance, best first', async () => {
    const filter = f('input_text', 'search', 'authentication');
    const all = await search(server, { filter });
    const betaIds = spans.filter((s) => s.project === 'beta').map((s) => s.spanId);
    expect(all.spanIds.some((id) => betaIds.includes(id))).toBe(true);
    const response = await fetch(`${server.apiUrl}/api/v1/traces/search?project_id=alpha`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter, limit: 100 }),
    });
    const alpha = (await response.json()) as { data: Row[] };
    expect(alpha.data.length).toBeGreaterThan(0);
    expect(alpha.data.every((r) => !betaIds.includes(r.span_id))).toBe(true);
    const ranked = await search(server, { filter: f('input_text', 'search', 'authentication error'), sort_by: 'relevance' });
    expectSpecSchema('PaginatedTraceResponse', ranked.body);
    // The shorter text, where the words weigh more, ranks first.
    expect(ranked.body.data[0].input_text).toBe('beta project: authentication error on signup');
    const refused = await search(server, { filter: f('provider', 'eq', 'openai'), sort_by: 'relevance' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("'relevance'");
  });
});
