// STORE (write side): scores as the writer stores them (store/read/scores.ts reads them).
// Input: ScoreRow objects (store/shared/rows.ts) or score ids. Plain synchronous functions of
// (db, …) that the StoreWriter runs inside its transaction.
import type Database from 'better-sqlite3';
import type { ScoreRow } from '../shared/rows.js';

const SCORE_ROW_COLUMNS = [
  'id', 'project_id', 'trace_id', 'observation_id', 'session_id', 'dataset_run_id', 'name', 'data_type', 'value',
  'string_value', 'comment', 'metadata_json', 'source', 'config_id', 'queue_id', 'author_user_id', 'environment',
  'timestamp_ms', 'created_at_ms', 'updated_at_ms', 'source_trace_id', 'source_observation_id',
] as const satisfies readonly (keyof ScoreRow)[];

// An upsert keeps the first created_at (Langfuse semantics: the id names one score
// across updates).
const UPSERT_SCORE_SQL = `
INSERT INTO scores (${SCORE_ROW_COLUMNS.join(', ')})
VALUES (${SCORE_ROW_COLUMNS.map((c) => '@' + c).join(', ')})
ON CONFLICT (project_id, id) DO UPDATE SET
${SCORE_ROW_COLUMNS.filter((c) => c !== 'id' && c !== 'project_id' && c !== 'created_at_ms')
  .map((c) => `  ${c} = excluded.${c}`)
  .join(',\n')}`;

const upsertStatements = new WeakMap<Database.Database, Database.Statement>();

/** Inserts or replaces scores by (project_id, id). Runs inside the writer's transaction. */
export function upsertScoresInTx(db: Database.Database, rows: ScoreRow[]): void {
  let statement = upsertStatements.get(db);
  if (!statement) upsertStatements.set(db, (statement = db.prepare(UPSERT_SCORE_SQL)));
  for (const row of rows) {
    const params: Record<string, unknown> = {};
    for (const column of SCORE_ROW_COLUMNS) params[column] = row[column] ?? null;
    statement.run(params);
  }
}

/** Deletes scores by id; returns how many existed. Runs inside the writer's transaction. */
export function deleteScoresInTx(db: Database.Database, projectId: string, ids: string[]): number {
  return db.prepare('DELETE FROM scores WHERE project_id = ? AND id IN (SELECT value FROM json_each(?))').run(projectId, JSON.stringify(ids)).changes;
}
