// QUERY/SERVE (Langfuse family): the ONE place a request becomes a project id.
// Input: the request's headers. Output: the project the request may see.
// With auth on, the caller's key decides (src/api/auth-middleware.ts checked it); x-project-id
// may only pick among the caller's projects. With auth off any well-formed Basic credentials
// (or none) are accepted: loopback-open by default.
import type { Context } from 'hono';
import { AppError } from '../../errors.js';
import { resolveRequestProject } from '../../auth/access.js';
import { principalOf } from '../auth-middleware.js';

const DEFAULT_PROJECT_ID = 'default';
const PROJECT_HEADER = 'x-project-id';
const PROJECT_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export function resolveProjectId(c: Context): string {
  const principal = principalOf(c);
  if (principal.kind === 'anonymous') checkAuthorizationHeader(c.req.header('authorization'));
  const fromHeader = c.req.header(PROJECT_HEADER);
  if (fromHeader === undefined || fromHeader === '') return resolveRequestProject(principal, undefined, DEFAULT_PROJECT_ID);
  if (!PROJECT_ID_PATTERN.test(fromHeader)) {
    throw new AppError('BAD_REQUEST', `invalid ${PROJECT_HEADER} header: expected 1-128 characters of [A-Za-z0-9._-]`);
  }
  return resolveRequestProject(principal, fromHeader);
}

/** A present Authorization header must be well-formed Basic credentials (what every
 *  Langfuse SDK sends); a malformed one is a client bug worth a clear 401. */
function checkAuthorizationHeader(header: string | undefined): void {
  if (header === undefined) return;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  if (!decoded.includes(':')) {
    throw new AppError('UNAUTHORIZED', 'invalid Authorization header: expected Basic base64(publicKey:secretKey)');
  }
}
