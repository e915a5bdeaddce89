// The one error type and the one table mapping its codes to HTTP and gRPC status.
// Transports and API families render AppError in their own shape; none decides a
// status code by itself.

/** gRPC status codes (grpc/status.proto); duplicated here so this module has no grpc import. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export const ERROR_TABLE = {
  BAD_REQUEST: { http: 400, grpc: GrpcCode.INVALID_ARGUMENT },
  VALIDATION_ERROR: { http: 400, grpc: GrpcCode.INVALID_ARGUMENT },
  INVALID_FILTER: { http: 400, grpc: GrpcCode.INVALID_ARGUMENT },
  UNAUTHORIZED: { http: 401, grpc: GrpcCode.UNAUTHENTICATED },
  FORBIDDEN: { http: 403, grpc: GrpcCode.PERMISSION_DENIED },
  NOT_FOUND: { http: 404, grpc: GrpcCode.NOT_FOUND },
  METHOD_NOT_ALLOWED: { http: 405, grpc: GrpcCode.UNIMPLEMENTED },
  PAYLOAD_TOO_LARGE: { http: 413, grpc: GrpcCode.RESOURCE_EXHAUSTED },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, grpc: GrpcCode.INVALID_ARGUMENT },
  TOO_MANY_REQUESTS: { http: 429, grpc: GrpcCode.RESOURCE_EXHAUSTED },
  NOT_IMPLEMENTED: { http: 501, grpc: GrpcCode.UNIMPLEMENTED },
  /** Retryable: the write queue is full, a write fault (full disk, read-only directory) refuses writes, or the store is shutting down. */
  UNAVAILABLE: { http: 503, grpc: GrpcCode.UNAVAILABLE },
  INTERNAL: { http: 500, grpc: GrpcCode.INTERNAL },
} as const satisfies Record<string, { http: number; grpc: number }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Seconds a client should wait before retrying (503/429 Retry-After, gRPC RetryInfo). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  get grpcCode(): number {
    return ERROR_TABLE[this.code].grpc;
  }
}

/** Any thrown value as an AppError; unknown errors become INTERNAL with a generic message
 *  (the cause is kept for the log, never for the client). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('INTERNAL', 'internal error', { cause: err });
}
