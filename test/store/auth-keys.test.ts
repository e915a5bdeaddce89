// Projects and API keys in the store (store/read/auth-keys.ts, migration 23): creation, listing,
// revocation, both ways a key is presented (Basic pair, Bearer secret), project isolation,
// and that a secret is kept only as a keyed hash, nowhere in the file's bytes.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  createApiKey, createProject, findKeyBySecret, findProject, listApiKeys, listProjects, revokeApiKey, ROLES, verifyKeyPair, type Role,
} from '../../src/store/read/auth-keys.js';
import { openDatabase, openReadOnly } from '../../src/store/schema/open-db.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracelite-auth-keys-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let file: string;
let db: Database.Database;
let fileCount = 0;
beforeEach(() => {
  file = path.join(dir, `keys-${++fileCount}.db`);
  db = openDatabase(file);
});
afterEach(() => db.close());

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('projects', () => {
  it('are created with their name as id, listed by name and found by id', () => {
    const created = createProject(db, 'zeta');
    createProject(db, 'alpha.prod_1-x');
    expect(created).toEqual({ id: 'zeta', name: 'zeta', createdAtMs: expect.any(Number) });
    expect(listProjects(db).map((p) => p.id)).toEqual(['alpha.prod_1-x', 'zeta']);
    expect(findProject(db, 'zeta')).toEqual(created);
    expect(findProject(db, 'nope')).toBeUndefined();
  });

  it('refuse a duplicate or an invalid name with BAD_REQUEST', () => {
    createProject(db, 'demo');
    const duplicate = appErrorOf(() => createProject(db, 'demo'));
    expect(duplicate.code).toBe('BAD_REQUEST');
    expect(duplicate.message).toBe("project 'demo' exists");
    for (const name of ['', '-lead', '.hidden', 'has space', 'a/b', 'x'.repeat(65), 'é']) {
      expect(appErrorOf(() => createProject(db, name)).code).toBe('BAD_REQUEST');
    }
    expect(createProject(db, 'x'.repeat(64)).id).toHaveLength(64);
  });
});

describe('API keys', () => {
  beforeEach(() => {
    createProject(db, 'a');
    createProject(db, 'b');
  });

  it('are created as a pk-tl-/sk-tl- pair with the project, role and owner', () => {
    const key = createApiKey(db, { projectId: 'a', role: 'developer', owner: 'alice' });
    expect(key.publicKey).toMatch(/^pk-tl-[A-Za-z0-9]{24}$/);
    expect(key.secretKey).toMatch(/^sk-tl-[A-Za-z0-9]{48}$/);
    expect(key).toMatchObject({ projectId: 'a', role: 'developer', owner: 'alice', revokedAtMs: null });
    expect(createApiKey(db, { projectId: 'a', role: 'viewer' }).owner).toBeNull();
    const { secretKey: _secret, ...record } = key;
    expect(listApiKeys(db, 'a')[0]).toEqual(record);
  });

  it('refuse an unknown project (NOT_FOUND) and an unknown role (BAD_REQUEST)', () => {
    const unknown = appErrorOf(() => createApiKey(db, { projectId: 'nope', role: 'viewer' }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(appErrorOf(() => createApiKey(db, { projectId: 'a', role: 'root' as Role })).code).toBe('BAD_REQUEST');
    expect(listApiKeys(db)).toEqual([]);
  });

  it('of project A are not listed for project B', () => {
    const inA = createApiKey(db, { projectId: 'a', role: 'admin' });
    const inB = createApiKey(db, { projectId: 'b', role: 'viewer' });
    expect(listApiKeys(db, 'a').map((k) => k.publicKey)).toEqual([inA.publicKey]);
    expect(listApiKeys(db, 'b').map((k) => k.publicKey)).toEqual([inB.publicKey]);
    expect(listApiKeys(db, 'c')).toEqual([]);
    expect(listApiKeys(db).map((k) => k.publicKey).sort()).toEqual([inA.publicKey, inB.publicKey].sort());
  });

  it('verify as a Basic pair only with their own secret, until revoked', () => {
    const key = createApiKey(db, { projectId: 'a', role: 'developer' });
    const other = createApiKey(db, { projectId: 'b', role: 'admin' });
    expect(verifyKeyPair(db, key.publicKey, key.secretKey)).toMatchObject({ publicKey: key.publicKey, projectId: 'a', role: 'developer' });
    expect(verifyKeyPair(db, key.publicKey, other.secretKey)).toBeNull();
    expect(verifyKeyPair(db, key.publicKey, key.secretKey.slice(0, -1))).toBeNull();
    expect(verifyKeyPair(db, key.publicKey, '')).toBeNull();
    expect(verifyKeyPair(db, 'pk-tl-unknown', key.secretKey)).toBeNull();
    expect(revokeApiKey(db, key.publicKey)).toBe(true);
    expect(verifyKeyPair(db, key.publicKey, key.secretKey)).toBeNull();
    expect(verifyKeyPair(db, other.publicKey, other.secretKey)?.projectId).toBe('b');
  });

  it('are found by their secret alone (Bearer), until revoked', () => {
    const key = createApiKey(db, { projectId: 'b', role: 'billing', owner: 'bob' });
    expect(findKeyBySecret(db, key.secretKey)).toMatchObject({ publicKey: key.publicKey, projectId: 'b', role: 'billing', owner: 'bob' });
    expect(findKeyBySecret(db, key.publicKey)).toBeNull();
    expect(findKeyBySecret(db, 'sk-tl-' + 'x'.repeat(48))).toBeNull();
    revokeApiKey(db, key.publicKey);
    expect(findKeyBySecret(db, key.secretKey)).toBeNull();
  });

  it('are revoked once: unknown or already revoked keys answer false, and stay listed as revoked', () => {
    const key = createApiKey(db, { projectId: 'a', role: 'viewer' });
    expect(revokeApiKey(db, key.publicKey)).toBe(true);
    const revokedAt = listApiKeys(db, 'a')[0]!.revokedAtMs;
    expect(revokedAt).toEqual(expect.any(Number));
    expect(revokeApiKey(db, key.publicKey)).toBe(false);
    expect(revokeApiKey(db, 'pk-tl-unknown')).toBe(false);
    expect(listApiKeys(db, 'a')[0]!.revokedAtMs).toBe(revokedAt);
  });

  it('are read through a read-only connection, as the server checks them', () => {
    const key = createApiKey(db, { projectId: 'a', role: 'viewer' });
    const readDb = openReadOnly(file);
    try {
      expect(verifyKeyPair(readDb, key.publicKey, key.secretKey)?.role).toBe('viewer');
      expect(findKeyBySecret(readDb, key.secretKey)?.publicKey).toBe(key.publicKey);
      revokeApiKey(db, key.publicKey);
      expect(findKeyBySecret(readDb, key.secretKey)).toBeNull();
      expect(listProjects(readDb).map((p) => p.id)).toEqual(['a', 'b']);
    } finally {
      readDb.close();
    }
  });

  it('keep only an HMAC of the secret under the database pepper, and the secret nowhere in the file', () => {
    const keys = ROLES.map((role) => createApiKey(db, { projectId: 'a', role }));
    const pepper = db.prepare(`SELECT value FROM store_secrets WHERE name = 'api_key_pepper'`).pluck().get() as Buffer;
    expect(pepper).toHaveLength(32);
    for (const key of keys) {
      const stored = db.prepare('SELECT secret_hash FROM api_keys WHERE public_key = ?').pluck().get(key.publicKey) as string;
      expect(stored).toBe(createHmac('sha256', pepper).update(key.secretKey).digest('hex'));
      expect(stored).not.toContain(key.secretKey.slice(6));
    }
    db.close();
    // Closing the last connection checkpoints the WAL into the main file; read whatever is left.
    const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    for (const key of keys) {
      expect(bytes.includes(key.publicKey)).toBe(true);
      expect(bytes.includes(key.secretKey.slice(6))).toBe(false);
      expect(bytes.includes(key.secretKey.slice(6, 22))).toBe(false);
    }
    db = openDatabase(file);
  });

  it('have a role the schema itself restricts (CHECK)', () => {
    const insert = db.prepare('INSERT INTO api_keys (public_key, secret_hash, project_id, role, created_at_ms) VALUES (?, ?, ?, ?, 0)');
    expect(() => insert.run('pk-1', 'h1', 'a', 'owner')).toThrow(/CHECK constraint failed/);
    for (const [i, role] of ROLES.entries()) insert.run(`pk-ok-${i}`, `h-ok-${i}`, 'a', role);
    expect(listApiKeys(db, 'a')).toHaveLength(ROLES.length);
  });
});
