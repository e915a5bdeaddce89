// QUERY/SERVE (observability facade): who is asking, for the rule "non-admins can only
// query their own sessions". Input: the request. Output: a Caller the session reads take.
// Until auth exists every caller is an admin; auth only has to fill resolveCaller in.
import type { Context } from 'hono';
import { AppError } from '../../errors.js';

export interface Caller {
  /** The authenticated user's id (null: none, e.g. an admin key). */
  userId: string | null;
  admin: boolean;
}

export function resolveCaller(_c: Context): Caller {
  return { userId: null, admin: true };
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
