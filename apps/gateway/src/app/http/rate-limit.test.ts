import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRateLimiter } from './rate-limit';

function call(limiter: ReturnType<typeof createRateLimiter>, headers: Record<string, string>, ip = '10.0.0.1') {
  const out = { passed: false, status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    set statusCode(code: number) {
      out.status = code;
    },
    setHeader: (name: string, value: string) => (out.headers[name.toLowerCase()] = String(value)),
    end: (body: string) => (out.body = body),
  } as unknown as ServerResponse;
  limiter({ headers, socket: { remoteAddress: ip } } as unknown as IncomingMessage, res, () => (out.passed = true));
  return out;
}

describe('createRateLimiter', () => {
  it('counts per key, then per address, and refuses with RATE_LIMITED and Retry-After', () => {
    let now = 60_000 * 100 + 15_000;
    const limiter = createRateLimiter({ perMinute: 2, now: () => now });
    expect(call(limiter, { 'x-api-key': 'a' }).passed).toBe(true);
    expect(call(limiter, { authorization: 'Bearer a' }).passed).toBe(true);
    const refused = call(limiter, { 'x-api-key': 'a' });
    expect(refused.passed).toBe(false);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(call(limiter, { 'x-api-key': 'b' }).passed).toBe(true);
    expect(call(limiter, {}).passed).toBe(true);
    expect(call(limiter, {}, '10.0.0.2').passed).toBe(true);
    now += 45_000;
    expect(call(limiter, { 'x-api-key': 'a' }).passed).toBe(true);
  });
});
