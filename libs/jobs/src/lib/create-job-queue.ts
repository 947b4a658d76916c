import type { PmedConfig } from '@pmed/core';
import { BullJobQueue } from './bull-queue';
import { InProcessJobQueue } from './in-process-queue';
import type { JobsLogger } from './job-runner';
import type { JobStore } from './job-store';
import { PrismaJobStore, type JobsPrismaClient } from './prisma-job-store';
import type { JobHandlerRegistry } from './registry';

export interface CreateJobQueueOptions {
  config: Pick<PmedConfig, 'redisUrl' | 'shutdownGraceMs'>;
  /** An open @pmed/data Database (only its client is used), or pass `store` instead. */
  db?: { client: JobsPrismaClient };
  store?: JobStore;
  registry: JobHandlerRegistry;
  logger?: JobsLogger;
  /** In-process only: jobs run at once (default 1). */
  concurrency?: number;
  /** BullMQ only: queue name and key prefix (defaults 'pmed-jobs', 'pmed'). */
  queueName?: string;
  prefix?: string;
}

/**
 * The queue this configuration asks for, started: BullMQ when REDIS_URL is set (jobs run in
 * apps/worker), otherwise in this process.
 */
export async function createJobQueue(options: CreateJobQueueOptions): Promise<InProcessJobQueue | BullJobQueue> {
  const store = options.store ?? (options.db ? new PrismaJobStore(options.db.client) : undefined);
  if (!store) throw new TypeError('createJobQueue needs a db or a store');
  const { config, registry, logger } = options;
  const queue = config.redisUrl
    ? new BullJobQueue({ redisUrl: config.redisUrl, queueName: options.queueName, prefix: options.prefix, store, registry, logger })
    : new InProcessJobQueue({ store, registry, logger, concurrency: options.concurrency, graceMs: config.shutdownGraceMs });
  try {
    await queue.start();
  } catch (error) {
    await queue.close({ graceMs: 0 }).catch(() => undefined);
    throw error;
  }
  return queue;
}
