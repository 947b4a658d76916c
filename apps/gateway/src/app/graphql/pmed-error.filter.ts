import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import { ErrorCode, PmedError } from '@pmed/core';
import type { ServerResponse } from 'node:http';
import { sendJsonError } from '../http/json-error';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * PmedErrors are expected outcomes (a missing key, an unknown id): handed to GraphQL unchanged so
 * `formatGatewayError` shapes them, instead of Nest logging each one as an unhandled exception.
 */
@Catch(PmedError)
export class PmedErrorFilter implements ExceptionFilter {
  catch(error: PmedError, host: ArgumentsHost): PmedError | void {
    if (host.getType<GqlContextType>() === 'graphql') return error;
    const res = host.switchToHttp().getResponse<ServerResponse>();
    sendJsonError(res, { status: HTTP_STATUS[error.code] ?? 500, code: error.code, message: error.message });
  }
}
