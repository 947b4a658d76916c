/**
 * Stable error codes. Clients branch on these (GraphQL `extensions.code`, CLI exit messages), so a
 * code is never renamed or reused for another meaning.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  MODEL_ARTIFACT_INVALID: 'MODEL_ARTIFACT_INVALID',
  JOB_CANCELLED: 'JOB_CANCELLED',
  CONFIG_INVALID: 'CONFIG_INVALID',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface PmedErrorOptions {
  /** Extra machine-readable facts: the field, the line of a file, the transfer syntax, ... */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An error that carries a stable code and says what was wrong. */
export class PmedError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: PmedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PmedError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isPmedError(error: unknown): error is PmedError {
  return error instanceof PmedError;
}

/** A bad value in a named input field. */
export function badInput(field: string, message: string, details: Record<string, unknown> = {}): PmedError {
  return new PmedError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { details: { field, ...details } });
}

export function notFound(entity: string, id: string): PmedError {
  return new PmedError(ErrorCode.NOT_FOUND, `${entity} ${id} was not found`, { details: { entity, id } });
}
