import { ErrorCode, PmedError } from '@pmed/core';
import { Redis } from 'ioredis';

export interface BullConnectionOptions {
  redisUrl: string;
  /** BullMQ queue name (default 'pmed-jobs'). Tests use a unique one per run. */
  queueName?: string;
  /** Redis key prefix (default 'pmed'). */
  prefix?: string;
  /** How long start() waits for Redis before failing (default 10000 ms). */
  connectTimeoutMs?: number;
}

export const DEFAULT_QUEUE_NAME = 'pmed-jobs';
export const DEFAULT_PREFIX = 'pmed';

/** The BullMQ job name; its data is only the Job row id (the row is the source of truth). */
export const BULL_JOB_NAME = 'run';
export interface BullJobData {
  jobId: string;
}

export function resolveBullNames(options: BullConnectionOptions): { queueName: string; prefix: string; channelPrefix: string } {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  return { queueName, prefix, channelPrefix: `${prefix}:${queueName}` };
}

/** BullMQ needs maxRetriesPerRequest null on connections that block (workers). */
export function redisConnection(redisUrl: string): Redis {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // Reported through failed commands; without a listener ioredis prints every reconnect attempt.
  connection.on('error', () => undefined);
  return connection;
}

/** Rejects with SERVICE_UNAVAILABLE when Redis does not answer in time, instead of waiting forever. */
export async function whenRedisReady<T>(ready: Promise<T>, redisUrl: string, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const where = redisUrl.replace(/\/\/[^@/]*@/, '//***@');
      reject(new PmedError(ErrorCode.SERVICE_UNAVAILABLE, `Redis at ${where} did not answer within ${timeoutMs} ms (REDIS_URL)`, { details: { variable: 'REDIS_URL' } }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Quits politely when connected; otherwise drops the connection (quit would wait for a connect that never comes). */
export async function closeRedis(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
  else connection.disconnect();
}
