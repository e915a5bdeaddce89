// QUERY/SERVE (explorer): the explorer's one error shape, `{ error, code, message }`
// (SideSeat's: `error` names the HTTP class, `code` the reason), rendered from AppError
// via the shared code table. Unknown errors are logged with their cause and answered
// with a generic 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError, toAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';

const ERROR_NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  500: 'internal_error',
  501: 'not_implemented',
  503: 'service_unavailable',
};

export function renderExplorerError(err: unknown, c: Context, log: Logger): Response {
  const appError = err instanceof HTTPException ? fromHttpException(err) : toAppError(err);
  if (appError.code === 'INTERNAL') {
    log.error('explorer request failed', { path: c.req.path, error: appError.cause instanceof Error ? appError.cause : String(appError.cause) });
  }
  const status = appError.httpStatus;
  if (appError.retryAfterSeconds !== undefined) c.header('Retry-After', String(appError.retryAfterSeconds));
  return c.json({ error: ERROR_NAMES[status] ?? 'error', code: appError.code, message: appError.message }, status as 400);
}

function fromHttpException(err: HTTPException): AppError {
  if (err.status === 400) return new AppError('BAD_REQUEST', err.message || 'bad request');
  if (err.status === 413) return new AppError('PAYLOAD_TOO_LARGE', err.message || 'payload too large');
  if (err.status === 404) return new AppError('NOT_FOUND', err.message || 'not found');
  return new AppError('INTERNAL', 'internal error', { cause: err });
}

/** zod validation failure -> VALIDATION_ERROR naming the offending parameter. */
export function toValidationError(error: ZodError): AppError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'request';
  return new AppError('VALIDATION_ERROR', `invalid ${where}: ${issue?.message ?? 'validation failed'}`);
}

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found: ${id}`);
}
