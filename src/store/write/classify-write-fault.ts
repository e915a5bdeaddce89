// STORE: tells a failed write caused by the environment (full disk, read-only or vanished
// directory, permission denied) from any other failure. SQLite's codes alone do not say:
// an ENOSPC in ftruncate or in the shared-memory file comes back as SQLITE_IOERR_*, a
// directory remounted read-only as SQLITE_READONLY or SQLITE_CANTOPEN. So for those the
// database's directory is examined (only after a failure: never on the write path).
import fs from 'node:fs';
import path from 'node:path';
import { describeWriteFault, type WriteFault, type WriteFaultKind } from '../write-faults.js';

/** Less free space than this next to an I/O error is a full disk (a batch writes MBs). */
const LOW_SPACE_BYTES = 1024 * 1024;

/** The fault `err` is, or null when it is not one of the environment's (a bug, bad data). */
export function classifyWriteFault(err: unknown, dbFile: string): WriteFault | null {
  const code = errorCode(err);
  if (code === undefined) return null;
  const dir = path.dirname(path.resolve(dbFile));
  const kind = kindOfCode(code) ?? (isAmbiguousSqliteCode(code) ? examineDirectory(dir, dbFile) ?? fallbackKind(code) : null);
  if (kind === null) return null;
  const detail = `${code}: ${err instanceof Error ? err.message : String(err)}${kind === 'io_error' ? describeFileSizeLimit() : ''}`;
  return { kind, path: dir, message: describeWriteFault(kind, dir, detail) };
}

/** Past RLIMIT_FSIZE (ulimit -f, systemd LimitFSIZE) a write fails with EFBIG, which SQLite
 *  reports as a plain I/O error: name the limit when there is one. Linux only. */
function describeFileSizeLimit(): string {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max file size'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && soft !== 'unlimited' ? `; this process may not write files past ${soft} bytes (ulimit -f): raise the limit` : '';
  } catch {
    return '';
  }
}

/** An error for a database that cannot be opened at start, saying what to do; `err` itself
 *  when it is not a fault of the environment (a file that is not a database keeps its own). */
export function explainOpenFailure(err: unknown, dbFile: string): Error {
  const fault = classifyWriteFault(err, dbFile);
  if (fault === null) return err instanceof Error ? err : new Error(String(err));
  const code = errorCode(err);
  return new Error(`cannot open the database ${path.resolve(dbFile)}: ${describeStartFault(fault.kind, fault.path)} (${code})`, { cause: err });
}

/** Throws an ENOSPC error when the directory has (nearly) no space left: a write probe that
 *  fits in space SQLite already holds (its WAL) must not end a disk-full episode. */
export function assertFreeSpace(dbFile: string): void {
  const dir = path.dirname(path.resolve(dbFile));
  const stats = fs.statfsSync(dir);
  if (stats.bavail * stats.bsize < LOW_SPACE_BYTES) {
    throw Object.assign(new Error(`less than 1 MiB free in ${dir}`), { code: 'ENOSPC' });
  }
}

function describeStartFault(kind: WriteFaultKind, dir: string): string {
  switch (kind) {
    case 'disk_full':
      return `the disk holding ${dir} is full; free space there or choose another path (--db)`;
    case 'read_only':
      return `${dir} is on a read-only filesystem; mount it read-write or choose another path (--db)`;
    case 'permission_denied':
      return `permission denied in ${dir}; run tracelite as a user who may write that directory and the database files in it, or change their owner or mode`;
    case 'missing_directory':
      return `${dir} does not exist and cannot be created; create it or choose another path (--db)`;
    case 'io_error':
      return `I/O error in ${dir}; check the disk and the kernel log`;
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Codes that name their fault by themselves (SQLite's, or errno from Node's fs). */
function kindOfCode(code: string): WriteFaultKind | null {
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code === 'EROFS') return 'read_only';
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') return 'permission_denied';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing_directory';
  return null;
}

function isAmbiguousSqliteCode(code: string): boolean {
  return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR');
}

/** What the directory and the file say now about a failure SQLite could not name. */
function examineDirectory(dir: string, dbFile: string): WriteFaultKind | null {
  if (!fs.existsSync(dir)) return 'missing_directory';
  const denied = accessFault(dir) ?? (fs.existsSync(dbFile) ? accessFault(dbFile) : null);
  if (denied !== null) return denied;
  try {
    const stats = fs.statfsSync(dir);
    if (stats.bavail * stats.bsize < LOW_SPACE_BYTES) return 'disk_full';
  } catch {
    // statfs unsupported here: the codes decide
  }
  return null;
}

function accessFault(target: string): WriteFaultKind | null {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return null;
  } catch (err) {
    return kindOfCode(errorCode(err) ?? '');
  }
}

function fallbackKind(code: string): WriteFaultKind {
  // DBMOVED: the file was unlinked or renamed under the open connection.
  if (code === 'SQLITE_READONLY_DBMOVED') return 'missing_directory';
  if (code.startsWith('SQLITE_READONLY')) return 'read_only';
  return 'io_error';
}

/** Whether the database file is still the one the connection opened. In WAL mode SQLite
 *  keeps writing to a file whose directory was deleted or moved (no SQLITE_READONLY_DBMOVED
 *  there), so every acknowledged write would vanish with it; one stat per transaction. */
export class DatabaseLocation {
  private readonly identity: { dev: number; ino: number } | null;

  constructor(private readonly dbFile: string) {
    const stats = dbFile === ':memory:' || dbFile === '' ? undefined : fs.statSync(dbFile, { throwIfNoEntry: false });
    this.identity = stats ? { dev: stats.dev, ino: stats.ino } : null;
  }

  /** The fault when the file at the path is gone or another one; null when in place. */
  findFault(): WriteFault | null {
    if (this.identity === null) return null;
    const stats = fs.statSync(this.dbFile, { throwIfNoEntry: false });
    if (stats && stats.dev === this.identity.dev && stats.ino === this.identity.ino) return null;
    const dir = path.dirname(path.resolve(this.dbFile));
    const detail = stats ? 'another file is at its path now' : 'no file at its path';
    return { kind: 'missing_directory', path: dir, message: describeWriteFault('missing_directory', dir, detail) };
  }
}
