// STORE (reads): what the observability facade (/api/v1/observability) shows beside the
// Langfuse trace rows (langfuse-trace-queries.ts). Input: a project and OTLP trace ids.
// Output: per trace its token total, span count and root span; per span an attribute's value.
import type Database from 'better-sqlite3';
import { keysOfTrace } from '../shared/span-keys.js';

export interface FacadeTraceExtras {
  trace_id: string;
  total_tokens: number;
  span_count: number;
  root_span_id: string | null;
}

/** The extras of the given traces (absent ones are left out), keyed by OTLP trace id. */
export function listFacadeTraceExtras(db: Database.Database, projectId: string, traceIds: string[]): Map<string, FacadeTraceExtras> {
  const out = new Map<string, FacadeTraceExtras>();
  if (traceIds.length === 0) return out;
  const marks = traceIds.map(() => '?').join(', ');
  const rows = db
    .prepare(`SELECT trace_id, total_tokens, span_count, root_span_id FROM traces WHERE project_id = ? AND trace_id IN (${marks})`)
    .all(projectId, ...traceIds) as FacadeTraceExtras[];
  for (const row of rows) out.set(row.trace_id, row);
  return out;
}

/** span id -> the string value of one span attribute, for the spans of a trace that carry it. */
export function listSpanAttributeValues(db: Database.Database, projectId: string, traceId: string, key: string): Map<string, string> {
  const path = `$.${JSON.stringify(key)}`;
  const rows = db
    .prepare(`SELECT k.span_id, json_extract(s.attributes_json, ?) AS value
      FROM traces t CROSS JOIN span_keys k ON ${keysOfTrace('k', 't')} CROSS JOIN spans s ON s.id = k.span_rowid
      WHERE t.project_id = ? AND t.trace_id = ?`)
    .all(path, projectId, traceId) as { span_id: string; value: unknown }[];
  const out = new Map<string, string>();
  for (const row of rows) if (typeof row.value === 'string') out.set(row.span_id, row.value);
  return out;
}
