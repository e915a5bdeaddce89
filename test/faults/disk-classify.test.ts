// SQLite's ambiguous codes (SQLITE_IOERR_*, SQLITE_READONLY, SQLITE_CANTOPEN) are named by
// what the directory says at the time: here real filesystems (a full tmpfs, a read-only one,
// a deleted directory) under the error codes SQLite gives for them. Unambiguous codes and
// failures that are not the environment's (a constraint, a bug) are checked too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyWriteFault, DatabaseLocation } from '../../src/store/write/classify-write-fault.js';
import { mountTmpfs, whyNoTmpfs, writeFiller, type Tmpfs } from './disk-mount.js';

const sqliteError = (code: string) => Object.assign(new Error(`${code} from sqlite`), { code });
const skipReason = whyNoTmpfs();
if (skipReason) console.warn(`skipping tmpfs classification tests: ${skipReason}`);

describe('write fault classification on an ordinary directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-classify-'));
  const db = path.join(dir, 'tracelite.db');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names SQLITE_FULL a full disk whatever the directory says, with the path in the message', () => {
    const fault = classifyWriteFault(sqliteError('SQLITE_FULL'), db);
    expect(fault).toMatchObject({ kind: 'disk_full', path: dir });
    expect(fault!.message).toContain(`database disk is full at ${dir}; free space there`);
  });

  it('leaves failures that are not the environment alone (they stay a 500)', () => {
    expect(classifyWriteFault(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), db)).toBeNull();
    expect(classifyWriteFault(new TypeError('a bug'), db)).toBeNull();
  });

  it('calls an I/O error on a writable directory with space an io_error, not a full disk', () => {
    expect(classifyWriteFault(sqliteError('SQLITE_IOERR_FSYNC'), db)?.kind).toBe('io_error');
  });

  it('sees a database file replaced or deleted under the connection', () => {
    fs.writeFileSync(db, 'x');
    const location = new DatabaseLocation(db);
    expect(location.findFault()).toBeNull();
    fs.renameSync(db, `${db}.moved`); // kept, so the new file cannot reuse its inode
    fs.writeFileSync(db, 'y');
    expect(location.findFault()?.kind).toBe('missing_directory');
    fs.rmSync(dir, { recursive: true });
    expect(location.findFault()?.message).toContain(`the database at ${dir} has vanished`);
    expect(classifyWriteFault(sqliteError('SQLITE_CANTOPEN'), db)?.kind).toBe('missing_directory');
  });
});

describe.skipIf(skipReason !== null)('write fault classification on real tmpfs mounts', () => {
  let full: Tmpfs;
  let readOnly: Tmpfs;
  beforeAll(() => {
    full = mountTmpfs('size=2m');
    writeFiller(path.join(full.dir, 'filler.bin'), 4 * 1024 * 1024);
    readOnly = mountTmpfs('size=1m');
    readOnly.remount('ro');
  });
  afterAll(() => {
    full?.unmount();
    readOnly?.unmount();
  });

  it('an I/O error (e.g. growing the -shm file) on a full filesystem is a full disk', () => {
    expect(classifyWriteFault(sqliteError('SQLITE_IOERR_SHMSIZE'), path.join(full.dir, 'tracelite.db'))?.kind).toBe('disk_full');
  });

  it('SQLITE_READONLY and SQLITE_CANTOPEN on a read-only filesystem are read_only', () => {
    const db = path.join(readOnly.dir, 'tracelite.db');
    expect(classifyWriteFault(sqliteError('SQLITE_READONLY'), db)?.kind).toBe('read_only');
    expect(classifyWriteFault(sqliteError('SQLITE_CANTOPEN'), db)?.message).toContain(`database directory ${readOnly.dir} is read-only`);
  });
});
