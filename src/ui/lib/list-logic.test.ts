import { describe, expect, it } from 'vitest';
import { appendPage, mergeNewestPage } from './list-merge.js';
import { formatRoute, parseRoute } from './route.js';
import { buildTraceFilters, buildTraceListParams, EMPTY_QUERY } from './trace-query.js';

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
  it('searches names, or a trace id when the text is one', () => {
    expect(buildTraceFilters({ ...EMPTY_QUERY, search: ' weather ' })).toEqual([{ key: 'trace_name', op: 'contains', value: 'weather' }]);
    const id = 'ABCDEF0123456789ABCDEF0123456789';
    expect(buildTraceFilters({ ...EMPTY_QUERY, search: id })).toEqual([{ key: 'trace_id', op: 'eq', value: id.toLowerCase() }]);
  });
  it('adds facets, errors and the time window', () => {
    const query = { search: '', facets: { model: 'gpt-4o', environment: '' }, errorsOnly: true, sinceMs: 3_600_000 };
    const params = buildTraceListParams(query, 2, 100, Date.parse('2026-01-01T01:00:00Z'));
    expect(JSON.parse(params.get('filters')!)).toEqual([{ key: 'model', op: 'eq', value: 'gpt-4o' }, { key: 'has_error', op: 'eq', value: true }]);
    expect(params.get('from_timestamp')).toBe('2026-01-01T00:00:00.000Z');
    expect(params.get('page')).toBe('2');
  });
});
