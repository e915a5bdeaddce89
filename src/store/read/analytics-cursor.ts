// STORE (read side, analytics family): the opaque page cursor. It holds the last row's sort
// value and span rowid (the keyset the next page starts after) and a fingerprint of the query
// it belongs to, signed with the database's own random key (store_secrets, migration 21), so
// a tampered cursor, or one from another query or another database, is a 400, not a wrong page.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../errors.js';

export interface CursorPosition {
  value: number | bigint | string;
  id: number;
}

const VERSION = 1;
const keys = new WeakMap<Database.Database, Buffer>();

function cursorKey(db: Database.Database): Buffer {
  let key = keys.get(db);
  if (!key) {
    key = db.prepare(`SELECT value FROM store_secrets WHERE name = 'cursor_key'`).pluck().get() as Buffer;
    keys.set(db, key);
  }
  return key;
}

/** A short id of this database (from its random key): caches shared by several instances
 *  (Redis) keep each database's answers apart. */
export function databaseIdentity(db: Database.Database): string {
  return createHash('sha256').update(cursorKey(db)).update('identity').digest('base64url').slice(0, 16);
}

/** What a cursor is bound to: the query without its position. `queryKey` is the caller's own
 *  canonical form of the request when it has one (relative times unresolved, so page 2 of
 *  "the last hour" is the same query a minute later). */
export function queryFingerprint(query: { projectIds: string[] | null; filter: unknown; sortBy: string; sortDesc: boolean; queryKey?: string }): string {
  const scope = query.projectIds === null ? null : [...query.projectIds].sort();
  const what = query.queryKey ?? JSON.stringify(query.filter, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
  return createHash('sha256').update(JSON.stringify([scope, query.sortBy, query.sortDesc, what])).digest('base64url').slice(0, 16);
}

function sign(db: Database.Database, payload: string): string {
  return createHmac('sha256', cursorKey(db)).update(payload).digest('base64url').slice(0, 22);
}

export function encodeCursor(db: Database.Database, position: CursorPosition, fingerprint: string): string {
  const value = typeof position.value === 'bigint' ? `${position.value}n` : position.value;
  const payload = Buffer.from(JSON.stringify([VERSION, value, position.id, fingerprint])).toString('base64url');
  return `${payload}.${sign(db, payload)}`;
}

/** The position a cursor names; BAD_REQUEST when it is garbage, tampered with, or belongs to
 *  another query. Integer sort values come back as bigint (ns timestamps exceed 2^53). */
export function decodeCursor(db: Database.Database, cursor: string, fingerprint: string, type: 'int' | 'real' | 'text'): CursorPosition {
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined || cursor.length > 2048) throw invalid('it is not a cursor this API issued');
  const expected = Buffer.from(sign(db, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('its signature does not match (altered, or from another database)');
  const [version, value, id, owner] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
  if (version !== VERSION || typeof id !== 'number') throw invalid('unsupported cursor version');
  if (owner !== fingerprint) throw invalid('it belongs to a different query (filter, sort or project changed)');
  return { value: reviveValue(value, type), id };
}

function reviveValue(value: unknown, type: 'int' | 'real' | 'text'): number | bigint | string {
  if (type === 'int' && typeof value === 'string' && /^-?\d+n$/.test(value)) return BigInt(value.slice(0, -1));
  if (type === 'int' && typeof value === 'number') return BigInt(value);
  if (type === 'real' && typeof value === 'number') return value;
  if (type === 'text' && typeof value === 'string') return value;
  throw invalid('its position does not fit the sort field');
}

function invalid(reason: string): AppError {
  return new AppError('BAD_REQUEST', `Invalid cursor: ${reason}`);
}
