import { ErrorCode, PmedError } from '@pmed/core';

export interface SubscriptionLimitOptions {
  /** Operations one API key may hold open at once, over all its sockets. */
  perKey: number;
  /** Operations one socket may hold open at once. */
  perSocket: number;
  /** Subscribe operations one caller may start per minute (refused ones count too). */
  perMinute: number;
  /** Injectable clock for tests. */
  now?: () => number;
}

export interface SubscribeAttempt {
  /** `key:<ApiKey id>`, or `ip:<address>` for a socket without a valid key. */
  caller: string;
  /** Operations already open on this socket, not counting the new one. */
  socketOpen: number;
  /** Operations already open on all sockets of the key, not counting the new one; null without a key. */
  keyOpen: number | null;
}

const WINDOW_MS = 60_000;

/**
 * Decides whether a graphql-ws subscribe operation may start. The open counts come from the
 * sockets themselves (graphql-ws drops an operation from its socket's table when it completes,
 * fails or the socket closes), so there is nothing here to release. Subscribe operations are
 * counted per caller in fixed one-minute windows, dropped whole when a window ends, as the HTTP
 * rate limit does.
 */
export class SubscriptionLimiter {
  private readonly now: () => number;
  private windowStart: number;
  private started = new Map<string, number>();

  constructor(private readonly options: SubscriptionLimitOptions) {
    this.now = options.now ?? Date.now;
    this.windowStart = Math.floor(this.now() / WINDOW_MS) * WINDOW_MS;
  }

  /** Counts the attempt; null when the operation may start, else the error to send back. */
  admit(attempt: SubscribeAttempt): PmedError | null {
    const time = this.now();
    if (time - this.windowStart >= WINDOW_MS) {
      this.windowStart = Math.floor(time / WINDOW_MS) * WINDOW_MS;
      this.started = new Map();
    }
    const started = (this.started.get(attempt.caller) ?? 0) + 1;
    this.started.set(attempt.caller, started);
    const { perKey, perSocket, perMinute } = this.options;
    if (started > perMinute) {
      const retryAfter = Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - time) / 1000));
      return new PmedError(ErrorCode.RATE_LIMITED, `Rate limit of ${perMinute} subscribe operations per minute reached; retry in ${retryAfter} s`, {
        details: { limitPerMinute: perMinute, retryAfterSeconds: retryAfter },
      });
    }
    if (attempt.socketOpen >= perSocket) {
      return new PmedError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `This connection already has ${perSocket} open subscriptions, the most allowed; complete one first`, {
        details: { scope: 'socket', limit: perSocket },
      });
    }
    if (attempt.keyOpen !== null && attempt.keyOpen >= perKey) {
      return new PmedError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `This API key already has ${perKey} open subscriptions, the most allowed; complete one first`, {
        details: { scope: 'key', limit: perKey },
      });
    }
    return null;
  }
}
