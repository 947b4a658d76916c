import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@pmed/core';
import { presentedApiKey } from '../auth/principal';
import { clientIp } from '../graphql/gateway-context';
import { sendJsonError } from './json-error';

export interface RateLimiterOptions {
  perMinute: number;
  /** Injectable clock for tests. */
  now?: () => number;
}

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows counted per API key (hashed, so raw keys never sit in memory), or per
 * client address when no key is sent. The whole table is dropped when a window ends, which keeps
 * memory bounded by one minute's distinct callers.
 */
export function createRateLimiter(options: RateLimiterOptions) {
  const now = options.now ?? Date.now;
  let windowStart = Math.floor(now() / WINDOW_MS) * WINDOW_MS;
  let counts = new Map<string, number>();

  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const time = now();
    if (time - windowStart >= WINDOW_MS) {
      windowStart = Math.floor(time / WINDOW_MS) * WINDOW_MS;
      counts = new Map();
    }
    const { key } = presentedApiKey(req.headers);
    const caller = key ? `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}` : `ip:${clientIp(req) ?? 'unknown'}`;
    const count = (counts.get(caller) ?? 0) + 1;
    counts.set(caller, count);
    if (count <= options.perMinute) {
      next();
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - time) / 1000));
    res.setHeader('Retry-After', String(retryAfter));
    sendJsonError(res, {
      status: 429,
      code: ErrorCode.RATE_LIMITED,
      message: `Rate limit of ${options.perMinute} requests per minute reached; retry in ${retryAfter} s`,
      details: { limitPerMinute: options.perMinute, retryAfterSeconds: retryAfter },
    });
  };
}
