// QUERY/SERVE (observability facade): who is asking, for the rule "non-admins can only
// query their own sessions". Input: the request. Output: a Caller the session reads take.
// The caller is the request's principal (src/api/auth-middleware.ts): with auth off, an admin.
import type { Context } from 'hono';
import { AppError } from '../../errors.js';
import { principalOf } from '../auth-middleware.js';

export interface Caller {
  /** The authenticated user's id (null: none, e.g. an admin key). */
  userId: string | null;
  admin: boolean;
}

export function resolveCaller(c: Context): Caller {
  const principal = principalOf(c);
  return { userId: principal.userId, admin: principal.role === 'admin' };
}

/** The user id a session list is narrowed to: the one asked for (admins), else the caller's own. */
export function sessionUserScope(caller: Caller, requested: string | undefined): string | undefined {
  if (caller.admin) return requested;
  if (requested !== undefined && requested !== caller.userId) {
    throw new AppError('FORBIDDEN', 'Non-admins can only query their own sessions');
  }
  if (caller.userId === null) throw new AppError('FORBIDDEN', 'Non-admins can only query their own sessions');
  return caller.userId;
}

/** Whether the caller may see a session owned by `ownerUserId` (others' look absent: 404). */
export function canSeeSession(caller: Caller, ownerUserId: string | null): boolean {
  return caller.admin || (caller.userId !== null && caller.userId === ownerUserId);
}
