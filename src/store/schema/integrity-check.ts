// STORE: is the database file intact? SQLite's integrity_check (or quick_check) on a read-only
// connection, and what an operator can do when it is not. Used by `tracelite check` and
// `serve --check`.
import Database from 'better-sqlite3';

/** Enough of SQLite's list to tell the kind of damage; a broken file can report thousands. */
const MAX_PROBLEMS = 10;

export interface DatabaseVerdict {
  ok: boolean;
  /** SQLite's own lines (empty when ok), at most MAX_PROBLEMS. */
  problems: string[];
}

/** Runs integrity_check (or quick_check); a file SQLite cannot read at all is damaged too. */
export function checkDatabaseFile(file: string, quick: boolean): DatabaseVerdict {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const pragma = quick ? 'quick_check' : 'integrity_check';
    const rows = db.prepare(`PRAGMA ${pragma}(${MAX_PROBLEMS})`).pluck().all() as string[];
    if (rows.length === 1 && rows[0] === 'ok') return { ok: true, problems: [] };
    // One row can hold several problems, one a line, under a "*** in database main ***" heading.
    const problems = rows.flatMap((row) => row.split('\n')).filter((line) => line !== '' && !line.startsWith('***'));
    return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  } catch (err) {
    // NOTADB, CORRUPT, IOERR: the check itself cannot run, which is the verdict.
    return { ok: false, problems: [`${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`] };
  } finally {
    db?.close();
  }
}

/** What an operator can do with a damaged file; shared with `serve --check`. */
export function describeDamageRemedy(file: string): string {
  return `The database ${file} is damaged. Stop any server using it, then either:
  - restore it from a backup (copy the backup over it, and delete ${file}-wal and ${file}-shm), or
  - save what can still be read: tracelite export --db ${file} --logs > saved.jsonl
    (export stops at the first damaged page it meets; --since/--until export the time ranges
    around it), move the damaged file aside, start on a new file and tracelite import saved.jsonl.`;
}
