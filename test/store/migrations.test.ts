import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, SCHEMA_VERSION } from '../../src/store/schema/migrations.js';
import { openDatabase } from '../../src/store/schema/open-db.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-migrations-'));
  dirs.push(dir);
  return path.join(dir, 'old.db');
}

describe('schema migrations', () => {
  it('upgrades a version-7 database: traces keep every row and become a rowid table', () => {
    const file = tempFile();
    const old = new Database(file);
    applyMigrations(old, 7);
    const insert = old.prepare(`INSERT INTO traces (project_id, trace_id, name, start_ns, end_ns, span_count, genai_span_count,
      session_id, environment, input_preview, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, 1, 1, ?, 'prod', ?, ?, ?)`);
    insert.run('p1', 'a'.repeat(32), 'first', 1_700_000_000_000_000_001n, 1_700_000_000_000_000_009n, 's1', 'hello', 1, 1);
    insert.run('p2', 'b'.repeat(32), 'second', 9_007_199_254_740_993n, 9_007_199_254_740_999n, null, null, 2, 2);
    expect(() => old.prepare('SELECT rowid FROM traces').all()).toThrow();
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const rows = db.prepare('SELECT rowid, project_id, trace_id, name, start_ns, session_id, input_preview FROM traces ORDER BY rowid').safeIntegers(true).all();
    expect(rows).toEqual([
      { rowid: 1n, project_id: 'p1', trace_id: 'a'.repeat(32), name: 'first', start_ns: 1_700_000_000_000_000_001n, session_id: 's1', input_preview: 'hello' },
      { rowid: 2n, project_id: 'p2', trace_id: 'b'.repeat(32), name: 'second', start_ns: 9_007_199_254_740_993n, session_id: null, input_preview: null },
    ]);
    // The (project_id, trace_id) key still rejects duplicates, and every list index is back.
    expect(() => db.prepare(`INSERT INTO traces (project_id, trace_id, start_ns, end_ns, created_at_ms, updated_at_ms) VALUES ('p1', ?, 0, 0, 0, 0)`).run('a'.repeat(32))).toThrow(/UNIQUE/);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'traces' AND sql IS NOT NULL ORDER BY name`).pluck().all();
    expect(indexes).toEqual(['traces_project_env', 'traces_project_errors', 'traces_project_name', 'traces_project_session', 'traces_project_start', 'traces_project_tags', 'traces_project_user']);
    db.close();
  });

  it('creates new databases with 16 KiB pages', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    db.close();
  });
});
