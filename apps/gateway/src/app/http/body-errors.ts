import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@pmed/core';
import { sendJsonError } from './json-error';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
}

/**
 * Express error handler placed right after the body parser: an over-long or malformed body answers
 * JSON with PAYLOAD_TOO_LARGE / BAD_USER_INPUT instead of Express's HTML page.
 */
export function bodyErrorHandler(bodyLimitBytes: number) {
  return (error: unknown, _req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const parserError = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
    if (parserError.type === 'entity.too.large') {
      sendJsonError(res, {
        status: 413,
        code: ErrorCode.PAYLOAD_TOO_LARGE,
        message: `Request body is larger than the limit of ${bodyLimitBytes} bytes`,
        details: { limitBytes: bodyLimitBytes, ...(parserError.length === undefined ? {} : { lengthBytes: parserError.length }) },
      });
      return;
    }
    if (parserError.type === 'entity.parse.failed' || parserError.type === 'encoding.unsupported' || parserError.type === 'charset.unsupported') {
      sendJsonError(res, { status: 400, code: ErrorCode.BAD_USER_INPUT, message: 'Request body is not valid JSON' });
      return;
    }
    next(error);
  };
}
