// STORE: opens the SQLite file the way every connection needs it: WAL (readers never
// wait for the writer), NORMAL sync (durable at each WAL commit checkpoint; an OS crash
// may lose the last transactions but never corrupts; a process crash loses nothing
// committed), migrations applied by the writer connection only.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations } from './migrations.js';
import { explainOpenFailure } from '../write/classify-write-fault.js';

export interface OpenOptions {
  /** false for the writer connection when the checkpoint thread copies WAL pages instead. */
  autoCheckpoint?: boolean;
}

/** Creates the directory if needed and checks this process may write there, before anything
 *  else touches it: an error naming the path and what to do (read-only, missing, denied). */
export function assertDatabaseWritable(file: string): void {
  if (file === ':memory:') return;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (err) {
    throw explainOpenFailure(err, file);
  }
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  assertDatabaseWritable(file);
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    configureConnection(db, options);
    applyMigrations(db);
    return db;
  } catch (err) {
    db?.close();
    throw explainOpenFailure(err, file);
  }
}

function configureConnection(db: Database.Database, options: OpenOptions): void {
  // 16 KiB pages for a new file (an existing one keeps its size): a span row is ~4 KB, so
  // 4 KiB pages pushed most rows into overflow chains; measured +30% writer throughput.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // 16 MiB: the random inserts into the id indexes outgrow any cache that fits the RSS budget
  // (pages missing from it come back from the OS page cache). Measured at 1M spans over
  // OTLP/HTTP protobuf: 8,396 spans/s and peak RSS 279 MB, against 8,500/s and 319 MB at 32 MiB.
  db.pragma('cache_size = -16384');
  db.pragma(`wal_autocheckpoint = ${options.autoCheckpoint === false ? 0 : 4000}`);
}

/** A read-only connection for queries; the schema must already exist (openDatabase ran). */
export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // Half the writer's: every commit invalidates a reader's changed pages anyway, and the
  // process has an RSS budget (~300 MB under load).
  db.pragma('cache_size = -32768');
  return db;
}
