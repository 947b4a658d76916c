import { loadConfig } from './config';
import { ErrorCode, PmedError } from './errors';

describe('loadConfig', () => {
  it('defaults to the embedded SQLite database and the in-process queue', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('file:./data/pmed.db');
    expect(config.databaseKind).toBe('sqlite');
    expect(config.redisUrl).toBeUndefined();
    expect(config.demo).toBe(true);
  });

  it('recognises PostgreSQL and Redis', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@localhost/db', REDIS_URL: 'redis://127.0.0.1:6379', PMED_DEMO: '0' });
    expect(config.databaseKind).toBe('postgres');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.demo).toBe(false);
  });

  it('reads the WebSocket subscription limits and the key re-check interval', () => {
    expect(loadConfig({})).toMatchObject({ subscriptionsPerKey: 50, subscriptionsPerSocket: 20, subscribeRateLimitPerMinute: 120, socketKeyCheckMs: 5000 });
    const config = loadConfig({ PMED_SUBSCRIPTIONS_PER_KEY: '3', PMED_SUBSCRIPTIONS_PER_SOCKET: '2', PMED_SUBSCRIBE_RATE_LIMIT: '10', PMED_SOCKET_KEY_CHECK_MS: '250' });
    expect(config).toMatchObject({ subscriptionsPerKey: 3, subscriptionsPerSocket: 2, subscribeRateLimitPerMinute: 10, socketKeyCheckMs: 250 });
    expect(() => loadConfig({ PMED_SUBSCRIPTIONS_PER_KEY: '0' })).toThrow(/PMED_SUBSCRIPTIONS_PER_KEY/);
    expect(() => loadConfig({ PMED_SOCKET_KEY_CHECK_MS: '1' })).toThrow(/PMED_SOCKET_KEY_CHECK_MS/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ PMED_RATE_LIMIT: 'lots' })).toThrow(/PMED_RATE_LIMIT/);
    try {
      loadConfig({ PMED_DEMO: 'maybe' });
    } catch (error) {
      expect(error).toBeInstanceOf(PmedError);
      expect((error as PmedError).code).toBe(ErrorCode.CONFIG_INVALID);
    }
    expect.assertions(4);
  });
});
