// STORE (write side): replaces spans of one trace by id — direct ingestion's upserts (a
// Langfuse span-update, a facade PUT). Runs in the writer's transaction: the trace's other
// spans are read back as rows, the trace and all that is rolled up from it removed (as a
// delete does, keeping its logs and scores), then the kept spans and the new ones are written
// by the one span writer, so the trace row, session, facets and counts are recomputed by the
// same code as for OTLP. Cost: the whole trace is rewritten, fine for the small traces this
// path carries.
import type Database from 'better-sqlite3';
import { removeTracesInTx } from './delete-traces.js';
import type { SpanRow } from '../shared/rows.js';
import { spanRowidsOfTraces } from '../shared/span-keys.js';
import { spanResourceJson } from '../shared/span-resources.js';
import { SPAN_COLUMNS, toSpanBatch, type SignalWriter, type SpanBatch } from './span-writer.js';
import type { CommittedSpan } from './store-writer.js';

const NS_COLUMNS = new Set(['start_ns', 'end_ns', 'duration_ns', 'completion_start_ns']);
const KEPT_SELECT = SPAN_COLUMNS.map((column) =>
  column === 'resource_json' ? `${spanResourceJson('s')} AS resource_json` : NS_COLUMNS.has(column) ? `CAST(s.${column} AS TEXT) AS ${column}` : `s.${column}`).join(', ');

export function replaceTraceSpansInTx(db: Database.Database, signals: SignalWriter, projectId: string, traceId: string, batch: SpanBatch, nowMs: number): CommittedSpan[] {
  const replaced = JSON.stringify(batch.tuples.map((tuple) => tuple[SPAN_COLUMNS.indexOf('span_id')]));
  const kept = readKeptRows(db, projectId, traceId, replaced);
  removeTracesInTx(db, projectId, [traceId], { keepLogsAndScores: true });
  const committed = kept.length > 0 ? signals.writeSpans(toSpanBatch(kept), nowMs) : [];
  return [...committed, ...signals.writeSpans(batch, nowMs)];
}

/** The trace's spans that stay, as rows (ns times exact; the trace's name kept on its root,
 *  where a convention may have set it apart from the span name). */
function readKeptRows(db: Database.Database, projectId: string, traceId: string, replacedIdsJson: string): SpanRow[] {
  const rows = db.prepare(`SELECT ${KEPT_SELECT} FROM spans s WHERE s.id IN (${spanRowidsOfTraces('tk.trace_id = ?')})
    AND s.span_id NOT IN (SELECT value FROM json_each(?)) ORDER BY s.id`).all(projectId, traceId, replacedIdsJson) as Record<string, unknown>[];
  const trace = db.prepare('SELECT name, root_span_id FROM traces WHERE project_id = ? AND trace_id = ?').get(projectId, traceId) as { name: string | null; root_span_id: string | null } | undefined;
  return rows.map((row) => {
    for (const column of NS_COLUMNS) if (row[column] !== null) row[column] = BigInt(row[column] as string);
    if (trace && row.span_id === trace.root_span_id) row.trace_name = trace.name;
    return row as unknown as SpanRow;
  });
}
