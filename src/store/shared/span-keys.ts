// STORE: how a span is found from its trace. `span_keys` (migration 19) maps
// (project_id, trace_created_ms, trace_id, span_id) to the span's rowid, where
// trace_created_ms is the trace row's created_at_ms: set once when the trace first
// arrives, never changed, kept by VACUUM (unlike traces.rowid). New traces append
// to it; an index led by the random trace id took a random page per trace per commit.
// Every read of "the spans of these traces" goes traces -> span_keys -> spans.
import type { FilterNode } from './filter-ast.js';
import type { ColumnSpec } from './column-spec.js';

/** SQL selecting the span rowids of the project's traces that match `traceCondition`
 *  (SQL on `tk`, the traces row, and `k`, the key; binds the project id first, then the
 *  condition's own parameters). Own aliases: the query around it may have a `t` already. */
export function spanRowidsOfTraces(traceCondition: string): string {
  // CROSS JOIN fixes the order (traces first): for a list of trace ids SQLite otherwise walks
  // every key of the project and looks each trace up (the messages view: 4 -> 110 ms at 1M).
  return `SELECT k.span_rowid FROM traces tk CROSS JOIN span_keys k ON ${keysOfTrace('k', 'tk')}
    WHERE tk.project_id = ? AND ${traceCondition}`;
}

/** The condition joining span keys (alias `keys`) to the traces row they belong to (alias `trace`). */
export function keysOfTrace(keys: string, trace: string): string {
  return `${keys}.project_id = ${trace}.project_id AND ${keys}.trace_created_ms = ${trace}.created_at_ms AND ${keys}.trace_id = ${trace}.trace_id`;
}

/** A filter column for the trace id of span rows `s`: a condition on it selects through the
 *  project's traces and their keys (`s.trace_id = ?` alone would scan the project's spans). */
export function spanTraceIdColumn(projectId: string): ColumnSpec {
  return { sql: 'tk.trace_id', type: 'string', via: { template: `s.id IN (${spanRowidsOfTraces('{cond}')})`, params: [projectId] } };
}

/** Whether a filter narrows rows to some traces' spans: an eq/in condition on `column`,
 *  alone or a term of the top-level AND. Such a list should read spans `NOT INDEXED` (still by
 *  rowid): without statistics SQLite prefers walking the project's index of every span and
 *  checking each against the trace's keys. */
export function narrowsToTraces(filter: FilterNode | undefined, column: string): boolean {
  if (!filter) return false;
  if ('and' in filter) return filter.and.some((child) => narrowsToTraces(child, column));
  return 'field' in filter && filter.field.kind === 'column' && filter.field.name === column && (filter.op === 'eq' || filter.op === 'in');
}
