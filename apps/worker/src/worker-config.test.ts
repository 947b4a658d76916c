import { ErrorCode } from '@pmed/core';
import { loadWorkerConfig } from './worker-config';

describe('loadWorkerConfig', () => {
  it('needs REDIS_URL and reads the BullMQ settings', () => {
    expect(() => loadWorkerConfig({})).toThrow(expect.objectContaining({ code: ErrorCode.CONFIG_INVALID, message: expect.stringMatching(/REDIS_URL/) }));
    const settings = loadWorkerConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PMED_JOB_LOCK_MS: '1500', PMED_QUEUE_NAME: 'q-1' });
    expect(settings).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', lockDurationMs: 1500, stalledIntervalMs: 30000, concurrency: 1, queueName: 'q-1', handlersModule: undefined });
  });

  it('names the variable that is wrong', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(() => loadWorkerConfig({ ...redis, PMED_WORKER_CONCURRENCY: '0' })).toThrow(/PMED_WORKER_CONCURRENCY/);
    expect(() => loadWorkerConfig({ ...redis, PMED_JOB_STALLED_MS: 'soon' })).toThrow(/PMED_JOB_STALLED_MS/);
    expect(() => loadWorkerConfig({ ...redis, PMED_QUEUE_NAME: 'a b' })).toThrow(/PMED_QUEUE_NAME/);
  });
});
