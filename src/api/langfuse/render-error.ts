// QUERY/SERVE (Langfuse family): errors in Langfuse's public-API shape `{ message, error }`.
// Input: anything a route threw (AppError, a zod validation result, unknown). Output: the
// JSON response with the status from the one error table (src/errors.ts).
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { AppError, toAppError, type ErrorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';

/** Langfuse's error class names, which its SDKs and users recognize in `error`. */
const ERROR_NAMES: Partial<Record<ErrorCode, string>> = {
  BAD_REQUEST: 'InvalidRequestError',
  VALIDATION_ERROR: 'InvalidRequestError',
  INVALID_FILTER: 'InvalidRequestError',
  UNAUTHORIZED: 'UnauthorizedError',
  FORBIDDEN: 'ForbiddenError',
  NOT_FOUND: 'LangfuseNotFoundError',
  METHOD_NOT_ALLOWED: 'MethodNotAllowedError',
  PAYLOAD_TOO_LARGE: 'PayloadTooLargeError',
  UNSUPPORTED_MEDIA_TYPE: 'UnsupportedMediaTypeError',
  TOO_MANY_REQUESTS: 'TooManyRequestsError',
  NOT_IMPLEMENTED: 'NotImplementedError',
  UNAVAILABLE: 'ServiceUnavailableError',
  INTERNAL: 'InternalServerError',
};

export function renderLangfuseError(err: unknown, c: Context, log: Logger): Response {
  const appError = toAppError(err);
  if (appError.code === 'INTERNAL') {
    log.error('langfuse api: unexpected error', { path: c.req.path, method: c.req.method, err: appError.cause ?? err });
  }
  if (appError.retryAfterSeconds !== undefined) c.header('Retry-After', String(appError.retryAfterSeconds));
  const body = { message: appError.message, error: ERROR_NAMES[appError.code] ?? appError.code };
  return c.json(body, appError.httpStatus as 400);
}

/** zod-openapi hook: a failed validation becomes a 400 naming each bad parameter. */
export function throwOnInvalidRequest(result: { success: boolean; error?: unknown }): void {
  if (result.success) return;
  throw new AppError('VALIDATION_ERROR', describeZodError(result.error as ZodError));
}

export function describeZodError(error: ZodError): string {
  const issues = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : 'request';
    return `${path}: ${issue.message}`;
  });
  return `Invalid request data: ${issues.join('; ')}`;
}
