// STORE: projects and their API key pairs (migration 23). Input: a project name, a role, or
// a presented key pair / secret. Output: project and key records (camelCase); a new key's
// secret once, at creation. Secrets are stored only as HMAC-SHA256 under a per-database pepper.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../errors.js';
import { prepareCached } from '../shared/read-cache.js';

export type Role = 'admin' | 'developer' | 'viewer' | 'billing';
export const ROLES: readonly Role[] = Object.freeze(['admin', 'developer', 'viewer', 'billing'] as const);

export interface ProjectRecord { id: string; name: string; createdAtMs: number }
export interface ApiKeyRecord { publicKey: string; projectId: string; role: Role; owner: string | null; createdAtMs: number; revokedAtMs: number | null }

/** Safe in a URL path segment, a header and a shell argument without quoting. */
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PUBLIC_PREFIX = 'pk-tl-';
const SECRET_PREFIX = 'sk-tl-';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

interface ProjectRow { id: string; name: string; created_at_ms: number }
interface ApiKeyRow { public_key: string; secret_hash: string; project_id: string; role: Role; owner: string | null; created_at_ms: number; revoked_at_ms: number | null }

const PROJECT_COLUMNS = 'id, name, created_at_ms';
const KEY_COLUMNS = 'public_key, secret_hash, project_id, role, owner, created_at_ms, revoked_at_ms';

export function createProject(db: Database.Database, name: string): ProjectRecord {
  if (!PROJECT_NAME.test(name)) {
    throw new AppError('BAD_REQUEST', `invalid project name '${name}': 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  const project: ProjectRecord = { id: name, name, createdAtMs: Date.now() };
  try {
    prepareCached(db, 'INSERT INTO projects (id, name, created_at_ms) VALUES (?, ?, ?)').run(project.id, project.name, project.createdAtMs);
  } catch (err) {
    // The constraint, not a prior SELECT, decides: two CLIs creating the same name at once
    // must not both succeed.
    if (isConstraintError(err)) throw new AppError('BAD_REQUEST', `project '${name}' exists`);
    throw err;
  }
  return project;
}

export function listProjects(db: Database.Database): ProjectRecord[] {
  const rows = prepareCached(db, `SELECT ${PROJECT_COLUMNS} FROM projects ORDER BY name`).all() as ProjectRow[];
  return rows.map(toProjectRecord);
}

export function findProject(db: Database.Database, id: string): ProjectRecord | undefined {
  const row = prepareCached(db, `SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = ?`).get(id) as ProjectRow | undefined;
  return row && toProjectRecord(row);
}

export function createApiKey(db: Database.Database, input: { projectId: string; role: Role; owner?: string | null }): ApiKeyRecord & { secretKey: string } {
  if (!ROLES.includes(input.role)) throw new AppError('BAD_REQUEST', `invalid role '${String(input.role)}': one of ${ROLES.join(', ')}`);
  const secretKey = SECRET_PREFIX + randomBase62(48);
  const record: ApiKeyRecord = {
    publicKey: PUBLIC_PREFIX + randomBase62(24),
    projectId: input.projectId,
    role: input.role,
    owner: input.owner || null,
    createdAtMs: Date.now(),
    revokedAtMs: null,
  };
  const secretHash = hashSecret(db, secretKey);
  // IMMEDIATE: the check and the insert under one write lock (a deferred transaction that
  // reads first can fail with SQLITE_BUSY_SNAPSHOT when the server's writer commits between).
  db.transaction(() => {
    if (!findProject(db, input.projectId)) throw new AppError('NOT_FOUND', `project '${input.projectId}' not found`);
    prepareCached(db, `INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL)`)
      .run(record.publicKey, secretHash, record.projectId, record.role, record.owner, record.createdAtMs);
  }).immediate();
  return { ...record, secretKey };
}

/** Every key (revoked ones too, with their revocation time), oldest first. */
export function listApiKeys(db: Database.Database, projectId?: string): ApiKeyRecord[] {
  const rows = projectId === undefined
    ? prepareCached(db, `SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at_ms, public_key`).all()
    : prepareCached(db, `SELECT ${KEY_COLUMNS} FROM api_keys WHERE project_id = ? ORDER BY created_at_ms, public_key`).all(projectId);
  return (rows as ApiKeyRow[]).map(toKeyRecord);
}

/** false when the key is unknown or already revoked (the first revocation time is kept). */
export function revokeApiKey(db: Database.Database, publicKey: string): boolean {
  const result = prepareCached(db, 'UPDATE api_keys SET revoked_at_ms = ? WHERE public_key = ? AND revoked_at_ms IS NULL').run(Date.now(), publicKey);
  return result.changes > 0;
}

/** Basic auth (Langfuse SDKs): the key pair's record, or null when the public key is unknown,
 *  the secret does not match, or the key is revoked. */
export function verifyKeyPair(db: Database.Database, publicKey: string, secretKey: string): ApiKeyRecord | null {
  const row = findKeyRow(db, 'public_key', publicKey);
  // Hash even for an unknown public key so both failures cost the same.
  const given = Buffer.from(hashSecret(db, secretKey), 'hex');
  const stored = Buffer.from(row?.secret_hash ?? '', 'hex');
  const matches = stored.length === given.length && timingSafeEqual(stored, given);
  if (!row || !matches || row.revoked_at_ms !== null) return null;
  return toKeyRecord(row);
}

/** Bearer sk-…: the key found by its secret's hash, or null when unknown or revoked. The
 *  index seek compares hashes, not the secret: its timing says nothing usable about the secret. */
export function findKeyBySecret(db: Database.Database, secretKey: string): ApiKeyRecord | null {
  const row = findKeyRow(db, 'secret_hash', hashSecret(db, secretKey));
  return row && row.revoked_at_ms === null ? toKeyRecord(row) : null;
}

function findKeyRow(db: Database.Database, column: 'public_key' | 'secret_hash', value: string): ApiKeyRow | undefined {
  return prepareCached(db, `SELECT ${KEY_COLUMNS} FROM api_keys WHERE ${column} = ?`).get(value) as ApiKeyRow | undefined;
}

const peppers = new WeakMap<Database.Database, Buffer>();

/** A fast keyed hash is enough: secrets are 48 random base62 characters (~285 bits), so no
 *  slow hash is needed against guessing, and a deterministic one lets Bearer secrets be
 *  found through the index. The pepper makes the stored value useless without this database. */
function hashSecret(db: Database.Database, secretKey: string): string {
  let pepper = peppers.get(db);
  if (!pepper) {
    pepper = prepareCached(db, `SELECT value FROM store_secrets WHERE name = 'api_key_pepper'`).pluck().get() as Buffer | undefined;
    if (!pepper) throw new AppError('INTERNAL', 'the database has no API key pepper (schema older than migration 23)');
    peppers.set(db, pepper);
  }
  return createHmac('sha256', pepper).update(secretKey).digest('hex');
}

function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

function isConstraintError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_CONSTRAINT');
}

function toProjectRecord(row: ProjectRow): ProjectRecord {
  return { id: row.id, name: row.name, createdAtMs: row.created_at_ms };
}

function toKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  return { publicKey: row.public_key, projectId: row.project_id, role: row.role, owner: row.owner, createdAtMs: row.created_at_ms, revokedAtMs: row.revoked_at_ms };
}

/** Every project there is: the registered ones and those holding traces (data sent without
 *  auth lives in `default`, never registered), with their trace counts. */
export function listKnownProjects(db: Database.Database): { id: string; traceCount: number; createdAtMs: number | null }[] {
  const rows = prepareCached(db, `SELECT id, SUM(traces) AS trace_count, MAX(created_at_ms) AS created_at_ms FROM (
      SELECT project_id AS id, SUM(trace_count) AS traces, NULL AS created_at_ms FROM trace_counts GROUP BY project_id
      UNION ALL SELECT id, 0, created_at_ms FROM projects) GROUP BY id ORDER BY id`).all() as { id: string; trace_count: number; created_at_ms: number | null }[];
  return rows.map((r) => ({ id: r.id, traceCount: r.trace_count, createdAtMs: r.created_at_ms }));
}
