import { ErrorCode } from '@pmed/core';
import { SubscriptionLimiter } from './subscription-limits';

describe('SubscriptionLimiter', () => {
  const start = Date.UTC(2024, 0, 1, 12, 0, 0);

  it('refuses past the open limits of the socket and of the key, and admits again below them', () => {
    const limiter = new SubscriptionLimiter({ perKey: 3, perSocket: 2, perMinute: 100, now: () => start });
    expect(limiter.admit({ caller: 'key:a', socketOpen: 1, keyOpen: 1 })).toBeNull();
    const socketFull = limiter.admit({ caller: 'key:a', socketOpen: 2, keyOpen: 2 });
    expect(socketFull).toMatchObject({ code: ErrorCode.TOO_MANY_SUBSCRIPTIONS, details: { scope: 'socket', limit: 2 } });
    const keyFull = limiter.admit({ caller: 'key:a', socketOpen: 0, keyOpen: 3 });
    expect(keyFull).toMatchObject({ code: ErrorCode.TOO_MANY_SUBSCRIPTIONS, details: { scope: 'key', limit: 3 } });
    expect(limiter.admit({ caller: 'key:a', socketOpen: 1, keyOpen: 2 })).toBeNull();
    // Without a key only the socket limit applies.
    expect(limiter.admit({ caller: 'ip:127.0.0.1', socketOpen: 1, keyOpen: null })).toBeNull();
  });

  it('counts subscribe operations per caller in one-minute windows, refused ones included', () => {
    let now = start + 15_000;
    const limiter = new SubscriptionLimiter({ perKey: 1, perSocket: 1, perMinute: 3, now: () => now });
    expect(limiter.admit({ caller: 'key:a', socketOpen: 1, keyOpen: 1 })?.code).toBe(ErrorCode.TOO_MANY_SUBSCRIPTIONS);
    expect(limiter.admit({ caller: 'key:a', socketOpen: 0, keyOpen: 0 })).toBeNull();
    expect(limiter.admit({ caller: 'key:a', socketOpen: 0, keyOpen: 0 })).toBeNull();
    const limited = limiter.admit({ caller: 'key:a', socketOpen: 0, keyOpen: 0 });
    expect(limited).toMatchObject({ code: ErrorCode.RATE_LIMITED, details: { limitPerMinute: 3, retryAfterSeconds: 45 } });
    // Another caller has its own allowance; the next window starts afresh.
    expect(limiter.admit({ caller: 'key:b', socketOpen: 0, keyOpen: 0 })).toBeNull();
    now = start + 60_000;
    expect(limiter.admit({ caller: 'key:a', socketOpen: 0, keyOpen: 0 })).toBeNull();
  });
});
