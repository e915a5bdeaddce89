// STORE (write side): deleting traces and sessions with everything that hangs off them
// (spans with their events/links/messages, the roll-up row, log records, scores).
// Plain synchronous functions of (db, …) that the StoreWriter runs inside its transaction.
import type Database from 'better-sqlite3';
import { rewindSearchIndexesInTx } from './attribute-indexer.js';
import { deleteSpanTextsInTx } from './span-text-index.js';
import { SessionRollup } from './session-rollup.js';
import { spanRowidsOfTraces } from '../shared/span-keys.js';
import { TraceCounts } from './trace-counts.js';
import { subtractFacetsOfTraces } from './span-facets.js';
import { subtractTraceFacetsOfTraces } from './trace-facets.js';

/** Ids are bound as one JSON array parameter, so any count fits one statement. */
const IDS = 'SELECT value FROM json_each(?)';

/** Deletes the traces of one project; returns how many trace roll-ups existed. */
export function deleteTracesInTx(db: Database.Database, projectId: string, traceIds: string[]): number {
  return removeTracesInTx(db, projectId, traceIds, { keepLogsAndScores: false });
}

/** Deletes the traces' spans and everything rolled up from them (trace rows, sessions, facets,
 *  counts); with keepLogsAndScores, their log records and scores stay (a trace being rewritten). */
export function removeTracesInTx(db: Database.Database, projectId: string, traceIds: string[], options: { keepLogsAndScores: boolean }): number {
  if (traceIds.length === 0) return 0;
  const unique = [...new Set(traceIds)];
  const ids = JSON.stringify(unique);
  const rollup = new SessionRollup(db);
  const counts = new TraceCounts(db);
  const sessions = rollup.sessionsOfTraces(projectId, unique);
  for (const traceId of unique) counts.addTraceChange(projectId, rollup.read(projectId, traceId), undefined);
  subtractFacetsOfTraces(db, projectId, ids);
  subtractTraceFacetsOfTraces(db, projectId, ids);
  const spanRowids = spanRowidsOfTraces(`tk.trace_id IN (${IDS})`);
  deleteSpanTextsInTx(db, spanRowids, [projectId, ids]);
  db.prepare(`DELETE FROM spans WHERE id IN (${spanRowids})`).run(projectId, ids);
  db.prepare(`DELETE FROM span_keys WHERE project_id = ? AND (trace_created_ms, trace_id) IN
    (SELECT created_at_ms, trace_id FROM traces WHERE project_id = ? AND trace_id IN (${IDS}))`).run(projectId, projectId, ids);
  db.prepare(`DELETE FROM generation_parents WHERE project_id = ? AND (trace_created_ms, trace_id) IN
    (SELECT created_at_ms, trace_id FROM traces WHERE project_id = ? AND trace_id IN (${IDS}))`).run(projectId, projectId, ids);
  rewindSearchIndexesInTx(db);
  if (!options.keepLogsAndScores) {
    db.prepare(`DELETE FROM logs WHERE project_id = ? AND trace_id IN (${IDS})`).run(projectId, ids);
    db.prepare(`DELETE FROM scores WHERE project_id = ? AND trace_id IN (${IDS})`).run(projectId, ids);
  }
  const deleted = db.prepare(`DELETE FROM traces WHERE project_id = ? AND trace_id IN (${IDS})`).run(projectId, ids).changes;
  rollup.recomputeSessions(projectId, sessions);
  counts.apply();
  return deleted;
}

/** Deletes every trace of the sessions (and the sessions' own scores); returns how many traces were deleted. */
export function deleteSessionsInTx(db: Database.Database, projectId: string, sessionIds: string[]): number {
  if (sessionIds.length === 0) return 0;
  const ids = JSON.stringify([...new Set(sessionIds)]);
  // A trace belongs to a session through its roll-up (indexed), the same membership the
  // session views use; scanning spans.session_id would stall the writer on a large project.
  const traceIds = db
    .prepare(`SELECT trace_id FROM traces WHERE project_id = ? AND session_id IN (${IDS})`)
    .pluck()
    .all(projectId, ids) as string[];
  db.prepare(`DELETE FROM scores WHERE project_id = ? AND session_id IN (${IDS})`).run(projectId, ids);
  return deleteTracesInTx(db, projectId, traceIds);
}
