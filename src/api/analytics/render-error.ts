// QUERY/SERVE (analytics family): errors in the spec's ErrorResponse shape
// `{error: {code, message, details}, meta: {timestamp}}`. Input: whatever a route threw
// (AppError, a hono HTTPException, a zod validation result, unknown). Output: the JSON
// response, its status from the one error table (src/errors.ts).
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError, ERROR_TABLE, toAppError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** The spec's error codes (its examples: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND,
 *  RATE_LIMIT_EXCEEDED); every invalid-input code is a BAD_REQUEST to the client. */
const SPEC_CODES: Record<ErrorCode, string> = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION_ERROR: 'BAD_REQUEST',
  INVALID_FILTER: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'BAD_REQUEST',
  UNSUPPORTED_MEDIA_TYPE: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  TOO_MANY_REQUESTS: 'RATE_LIMIT_EXCEEDED',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_ERROR',
};

export function renderAnalyticsError(err: unknown, c: Context, log: Logger): Response {
  const appError = err instanceof HTTPException ? fromHttpException(err) : toAppError(err);
  if (appError.httpStatus >= 500) {
    // The cause (maybe SQL text) goes to the log only; the client gets the generic message.
    log.error('analytics api: request failed', { method: c.req.method, path: c.req.path, error: describeCause(appError.cause ?? err) });
  }
  if (appError.retryAfterSeconds !== undefined) c.header('Retry-After', String(appError.retryAfterSeconds));
  const message = appError.code === 'INVALID_FILTER' && !appError.message.startsWith('Invalid filter') ? `Invalid filter: ${appError.message}` : appError.message;
  const body = { error: { code: SPEC_CODES[appError.code], message, details: null }, meta: { timestamp: new Date().toISOString() } };
  return c.json(body, appError.httpStatus as 400);
}

/** hono's own 4xx (malformed JSON body, wrong content type) keep their status and text. */
function fromHttpException(err: HTTPException): AppError {
  const code = (Object.keys(ERROR_TABLE) as ErrorCode[]).find((c) => ERROR_TABLE[c].http === err.status && c !== 'INTERNAL');
  if (code === undefined || err.status >= 500) return new AppError('INTERNAL', 'internal error', { cause: err });
  return new AppError(code, err.message || 'invalid request');
}

/** zod-openapi hook: a failed validation becomes a 400 naming the parameter or body field. */
export function throwOnInvalidRequest(result: { success: boolean; error?: unknown; target?: string }): void {
  if (result.success) return;
  const issue = (result.error as ZodError).issues[0];
  const name = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  const where = result.target === 'json'
    ? name === null ? 'Invalid request body' : `Invalid request body field '${name}'`
    : `Invalid ${result.target === 'param' ? 'path' : 'query'} parameter '${name ?? 'request'}'`;
  throw new AppError('VALIDATION_ERROR', `${where}: ${issue?.message ?? 'validation failed'}`);
}

function describeCause(cause: unknown): Error | string {
  return cause instanceof Error ? cause : String(cause);
}
