import { ErrorCode, PmedError, loadConfig, type PmedConfig } from '@pmed/core';

/** The worker's settings: the shared config plus what only a BullMQ consumer needs. */
export interface WorkerConfig {
  config: PmedConfig;
  redisUrl: string;
  concurrency: number;
  /** BullMQ lock on a running job; a dead worker's job is re-delivered after about this long. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  queueName: string | undefined;
  prefix: string | undefined;
  /**
   * A module exporting `registerJobHandlers(registry, { db })`, loaded after the built-in handlers.
   * For diagnostics and tests; the platform's own handlers are listed in handlers.ts.
   */
  handlersModule: string | undefined;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PmedError(ErrorCode.CONFIG_INVALID, `${name} must be an integer from ${min} to ${max}, got '${raw}'`, { details: { variable: name } });
  }
  return value;
}

function name(env: Env, variable: string): string | undefined {
  const raw = env[variable];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(raw)) {
    throw new PmedError(ErrorCode.CONFIG_INVALID, `${variable} may hold only letters, digits, '.', '_' and '-', got '${raw}'`, { details: { variable } });
  }
  return raw;
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const config = loadConfig(env);
  if (!config.redisUrl) {
    throw new PmedError(ErrorCode.CONFIG_INVALID, 'REDIS_URL is not set: the worker consumes the BullMQ queue; without Redis the gateway runs jobs itself', {
      details: { variable: 'REDIS_URL' },
    });
  }
  return {
    config,
    redisUrl: config.redisUrl,
    concurrency: integer(env, 'PMED_WORKER_CONCURRENCY', 1, 1, 64),
    lockDurationMs: integer(env, 'PMED_JOB_LOCK_MS', 30000, 500, 3600000),
    stalledIntervalMs: integer(env, 'PMED_JOB_STALLED_MS', 30000, 200, 3600000),
    queueName: name(env, 'PMED_QUEUE_NAME'),
    prefix: name(env, 'PMED_QUEUE_PREFIX'),
    handlersModule: env['PMED_WORKER_HANDLERS'] || undefined,
  };
}
