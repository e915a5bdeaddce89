// QUERY/SERVE (Langfuse family): the ONE place a request becomes a project id.
// Input: the request's headers. Output: the project the request may see.
// Today any Basic credentials (or none) are accepted — loopback-open by default; project
// keys will slot in here and make the Authorization header pick the project.
import type { Context } from 'hono';
import { AppError } from '../../errors.js';

const DEFAULT_PROJECT_ID = 'default';
const PROJECT_HEADER = 'x-project-id';
const PROJECT_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export function resolveProjectId(c: Context): string {
  checkAuthorizationHeader(c.req.header('authorization'));
  const fromHeader = c.req.header(PROJECT_HEADER);
  if (fromHeader === undefined || fromHeader === '') return DEFAULT_PROJECT_ID;
  if (!PROJECT_ID_PATTERN.test(fromHeader)) {
    throw new AppError('BAD_REQUEST', `invalid ${PROJECT_HEADER} header: expected 1-128 characters of [A-Za-z0-9._-]`);
  }
  return fromHeader;
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
