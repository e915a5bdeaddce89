// The traces list's toolbar: search box (the server's `search`: names, ids, user, session,
// tags, service, conversation text), facet dropdowns (values from filter-options, tags
// included), errors-only and a time window. Every control has a label (axe-checked).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { FilterOptions } from '../api/types.js';
import type { TraceQuery } from '../lib/trace-query.js';

export const FACETS: [column: string, label: string][] = [
  ['environment', 'Environment'], ['model', 'Model'], ['provider', 'Provider'], ['framework', 'Framework'],
  ['user_id', 'User'], ['session_id', 'Session'], ['tags', 'Tags'],
];

const WINDOWS: [label: string, ms: number | null][] = [
  ['All time', null], ['Last hour', 3_600_000], ['Last 24 hours', 86_400_000], ['Last 7 days', 7 * 86_400_000], ['Last 30 days', 30 * 86_400_000],
];

const SEARCH_DEBOUNCE_MS = 250;

export function TraceFilters({ project, query, onChange }: { project: string; query: TraceQuery; onChange: (q: TraceQuery) => void }) {
  const [options, setOptions] = useState<FilterOptions>({});
  const [text, setText] = useState(query.search);
  useEffect(() => {
    api.getTraceFilterOptions(project, FACETS.map(([column]) => column)).then((r) => setOptions(r.options), () => undefined);
  }, [project]);
  useEffect(() => {
    const timer = setTimeout(() => text !== query.search && onChange({ ...query, search: text }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const setFacet = (column: string, value: string) => onChange({ ...query, facets: { ...query.facets, [column]: value } });
  return (
    <form class="toolbar" role="search" onSubmit={(e) => { e.preventDefault(); onChange({ ...query, search: text }); }}>
      <label for="trace-search" class="sr-only">Search traces</label>
      <input id="trace-search" type="search" placeholder="Search name, id, user, session, text…" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      {FACETS.filter(([column]) => (options[column]?.length ?? 0) > 0 || query.facets[column]).map(([column, label]) => (
        <label key={column}>
          {label}
          <select value={query.facets[column] ?? ''} onChange={(e) => setFacet(column, e.currentTarget.value)}>
            <option value="">Any</option>
            {(options[column] ?? []).map((o) => <option key={o.value} value={o.value}>{`${o.value} (${o.count})`}</option>)}
          </select>
        </label>
      ))}
      <label>
        Time
        <select value={String(query.sinceMs)} onChange={(e) => onChange({ ...query, sinceMs: e.currentTarget.value === 'null' ? null : Number(e.currentTarget.value) })}>
          {WINDOWS.map(([label, ms]) => <option key={label} value={String(ms)}>{label}</option>)}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={query.errorsOnly} onChange={(e) => onChange({ ...query, errorsOnly: e.currentTarget.checked })} />
        Errors only
      </label>
    </form>
  );
}
