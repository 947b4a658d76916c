import { ErrorCode, isPmedError } from '@pmed/core';
import type { JobError } from './types';

/** Codes stored in Job.error that only the job system produces. Stable, like ErrorCode. */
export const JobErrorCode = {
  /** Every attempt was used (the job failed, or its process died, maxAttempts times). */
  ATTEMPTS_EXHAUSTED: 'JOB_ATTEMPTS_EXHAUSTED',
} as const;

/** Failures that another attempt cannot fix, so the job fails without a retry. */
const PERMANENT_CODES = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.NOT_FOUND, ErrorCode.UNSUPPORTED_FORMAT, ErrorCode.FORBIDDEN]);

export function toJobError(error: unknown): JobError {
  if (isPmedError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: error.message || error.name };
  return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: String(error) };
}

export function isPermanent(error: JobError): boolean {
  return PERMANENT_CODES.has(error.code);
}

export function exhaustedError(maxAttempts: number, last: JobError | null): JobError {
  const why = last ? `; last error: ${last.message}` : '; the process running it stopped before it finished';
  return { code: JobErrorCode.ATTEMPTS_EXHAUSTED, message: `job gave up after ${maxAttempts} attempt(s)${why}` };
}
