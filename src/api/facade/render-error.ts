// QUERY/SERVE (observability facade): errors in FastAPI's shape `{detail: …}` — a string,
// or for validation failures the list naming each field. Input: anything a route threw.
// Output: the JSON response, its status from the one error table (src/errors.ts).
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError, ERROR_TABLE, toAppError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { FacadeValidationError, toValidationDetails, type ValidationDetail } from './validation-detail.js';

// FastAPI answers request validation failures with 422 (RequestValidationError), not the
// table's 400: the facade's clients branch on it. Every other code keeps the table's status.
const VALIDATION_STATUS = 422;

export function renderFacadeError(err: unknown, c: Context, log: Logger): Response {
  const appError = err instanceof HTTPException ? fromHttpException(err) : toAppError(err);
  if (appError.code === 'INTERNAL') {
    log.error('observability api: request failed', { method: c.req.method, path: c.req.path, error: appError.cause instanceof Error ? appError.cause : String(appError.cause ?? err) });
  }
  if (appError.retryAfterSeconds !== undefined) c.header('Retry-After', String(appError.retryAfterSeconds));
  if (appError.code === 'VALIDATION_ERROR') return c.json({ detail: validationDetail(appError) }, VALIDATION_STATUS);
  return c.json({ detail: appError.message }, appError.httpStatus as 400);
}

function validationDetail(err: AppError): ValidationDetail[] {
  if (err instanceof FacadeValidationError) return err.detail;
  return [{ type: 'value_error', loc: ['body'], msg: err.message, input: null }];
}

// hono throws HTTPException(400) only when the JSON body does not parse: FastAPI's json_invalid.
function fromHttpException(err: HTTPException): AppError {
  if (err.status === 400) return new FacadeValidationError([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: err.message } }]);
  const code = (Object.keys(ERROR_TABLE) as ErrorCode[]).find((name) => ERROR_TABLE[name].http === err.status && name !== 'INTERNAL');
  if (code === undefined || err.status >= 500) return new AppError('INTERNAL', 'internal error', { cause: err });
  return new AppError(code, err.message || 'invalid request');
}

/** zod-openapi hook: a failed validation becomes a 422 naming each bad field, before any write. */
export function throwOnInvalidRequest(result: { success: boolean; error?: unknown; data?: unknown; target?: string }): void {
  if (result.success) return;
  throw new FacadeValidationError(toValidationDetails(result.error as ZodError, result.target ?? 'json', result.data));
}

/** A status the direct-ingestion engine answered (DirectResult) as an AppError of that status. */
export function errorForStatus(status: number, message: string): AppError {
  // BAD_REQUEST before VALIDATION_ERROR: an engine 400 stays a 400 here (not FastAPI's 422).
  const code = (Object.keys(ERROR_TABLE) as ErrorCode[]).find((name) => ERROR_TABLE[name].http === status && name !== 'INTERNAL');
  return code ? new AppError(code, message) : new AppError('INTERNAL', 'internal error', { cause: new Error(`direct ingestion: ${status} ${message}`) });
}
