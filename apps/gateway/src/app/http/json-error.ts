import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '@pmed/core';

export interface JsonErrorBody {
  status: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Errors raised before GraphQL runs still answer in the GraphQL shape, with a stable code. */
export function sendJsonError(res: ServerResponse, error: JsonErrorBody): void {
  const extensions = error.details ? { code: error.code, details: error.details } : { code: error.code };
  const body = JSON.stringify({ errors: [{ message: error.message, extensions }] });
  res.statusCode = error.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
