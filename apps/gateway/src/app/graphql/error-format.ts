import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException, Logger } from '@nestjs/common';
import { ErrorCode, isPmedError } from '@pmed/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const STABLE_CODES = new Set<string>(Object.values(ErrorCode));

// Apollo's request-level codes all mean "the client sent something unusable".
const APOLLO_INPUT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  422: ErrorCode.BAD_USER_INPUT,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

const logger = new Logger('GraphQL');

function shaped(formatted: GraphQLFormattedError, code: string, message: string, extra: Record<string, unknown> = {}): GraphQLFormattedError {
  return { message, locations: formatted.locations, path: formatted.path, extensions: { ...extra, code } };
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = (response as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
  }
  return error.message;
}

/**
 * Gives every error one of the stable codes of `ErrorCode` in `extensions.code`. Unknown failures
 * become INTERNAL_SERVER_ERROR with a generic message: their text and stack go to the log only, as
 * they may hold SQL, file paths or patient data.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isPmedError(original)) {
    const details = Object.keys(original.details).length > 0 ? { details: original.details } : {};
    return shaped(formatted, original.code, original.message, details);
  }
  if (original instanceof HttpException) {
    const code = HTTP_STATUS_CODES[original.getStatus()];
    if (code) return shaped(formatted, code, httpExceptionMessage(original));
  }
  const code = formatted.extensions?.['code'];
  if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) {
    return shaped(formatted, ErrorCode.BAD_USER_INPUT, formatted.message, { reason: code });
  }
  // graphql-js and this gateway's plugins raise GraphQLErrors with a deliberate code and message.
  if (original instanceof GraphQLError && typeof code === 'string' && STABLE_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { code: _code, stacktrace: _stack, http: _http, ...rest } = formatted.extensions ?? {};
    return shaped(formatted, code, formatted.message, rest);
  }
  logger.error(`Internal error at ${formatted.path?.join('.') ?? 'request'}: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  return shaped(formatted, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
}
