import { describe, expect, it } from 'vitest';
import { appendPage, mergeNewestPage } from './list-merge.js';
import { formatRoute, parseRoute } from './route.js';
import { describeListError } from './list-error.js';
import { projectOptions } from './project-options.js';
import { buildTraceFilters, buildTraceListParams, EMPTY_QUERY, isQueryEmpty } from './trace-query.js';

const key = (row: { id: string }) => row.id;

describe('live list merge', () => {
  it('puts new rows on top, updates known ones in place and counts what was added', () => {
    const shown = [{ id: 'b', n: 1 }, { id: 'a', n: 1 }];
    const fresh = [{ id: 'c', n: 1 }, { id: 'b', n: 2 }];
    const { rows, addedOnTop } = mergeNewestPage(shown, fresh, key);
    expect(rows).toEqual([{ id: 'c', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 1 }]);
    expect(addedOnTop).toBe(1);
  });
  it('skips rows a shifted next page repeats', () => {
    expect(appendPage([{ id: 'b' }, { id: 'a' }], [{ id: 'a' }, { id: 'z' }], key)).toEqual([{ id: 'b' }, { id: 'a' }, { id: 'z' }]);
  });
});

describe('routes', () => {
  it('round-trips every page and falls back to the default project', () => {
    for (const path of ['/projects/p1/traces', '/projects/p1/traces/abc', '/projects/p1/sessions', '/projects/p%2F1/sessions/s%201']) {
      expect(formatRoute(parseRoute(path))).toBe(path);
    }
    expect(parseRoute('/')).toEqual({ page: 'traces', project: 'default' });
    expect(parseRoute('/projects/x/sessions/s 1')).toEqual({ page: 'session', project: 'x', sessionId: 's 1' });
  });
});

describe('trace list query', () => {
  it('sends the search text as `search`, trimmed, not as a filter', () => {
    const params = buildTraceListParams({ ...EMPTY_QUERY, search: ' weather in Paris ' }, 1, 100, 0);
    expect(params.get('search')).toBe('weather in Paris');
    expect(params.has('filters')).toBe(false);
    const id = 'ABCDEF0123456789ABCDEF0123456789';
    expect(buildTraceListParams({ ...EMPTY_QUERY, search: id }, 1, 100, 0).get('search')).toBe(id);
    expect(buildTraceListParams({ ...EMPTY_QUERY, search: '   ' }, 1, 100, 0).has('search')).toBe(false);
  });
  it('adds facets, errors and the time window', () => {
    const query = { search: '', facets: { model: 'gpt-4o', environment: '' }, errorsOnly: true, sinceMs: 3_600_000 };
    const params = buildTraceListParams(query, 2, 100, Date.parse('2026-01-01T01:00:00Z'));
    expect(JSON.parse(params.get('filters')!)).toEqual([{ key: 'model', op: 'eq', value: 'gpt-4o' }, { key: 'has_error', op: 'eq', value: true }]);
    expect(params.get('from_timestamp')).toBe('2026-01-01T00:00:00.000Z');
    expect(params.get('page')).toBe('2');
  });
  it('asks for a tag as "the tags list contains it"', () => {
    expect(buildTraceFilters({ ...EMPTY_QUERY, facets: { tags: 'vip', user_id: 'ada' } })).toEqual([
      { key: 'tags', op: 'contains', value: 'vip' }, { key: 'user_id', op: 'eq', value: 'ada' },
    ]);
  });
  it('counts a search as narrowing the list (no empty-state then)', () => {
    expect(isQueryEmpty(EMPTY_QUERY)).toBe(true);
    expect(isQueryEmpty({ ...EMPTY_QUERY, search: ' ' })).toBe(true);
    expect(isQueryEmpty({ ...EMPTY_QUERY, search: 'paris' })).toBe(false);
    expect(isQueryEmpty({ ...EMPTY_QUERY, facets: { tags: 'vip' } })).toBe(false);
  });
});

describe('list errors', () => {
  it('says a refused search is the search, with the server reason', () => {
    expect(describeListError(400, 'search text has too many terms (38; at most 32)', true))
      .toBe('This search cannot be run: search text has too many terms (38; at most 32)');
    expect(describeListError(400, 'unknown filter column', false)).toMatch(/^These filters cannot be run/);
    expect(describeListError(null, 'Failed to fetch', true)).toBe('Could not load the traces: Failed to fetch');
  });
});

describe('project switcher options', () => {
  it('labels each project with its trace count and keeps the one being viewed', () => {
    const listed = [{ id: 'default', trace_count: 4 }, { id: 'other', trace_count: 1 }];
    expect(projectOptions(listed, 'other')).toEqual([{ id: 'default', label: 'default (4 traces)' }, { id: 'other', label: 'other (1 trace)' }]);
    expect(projectOptions(listed, 'new').map((o) => o.id)).toEqual(['new', 'default', 'other']);
    expect(projectOptions([], 'default')).toEqual([{ id: 'default', label: 'default' }]);
  });
});
