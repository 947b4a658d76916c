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
