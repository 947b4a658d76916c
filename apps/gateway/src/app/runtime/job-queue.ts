import type { PmedConfig } from '@pmed/core';
import type { Database } from '@pmed/data';
import type { JobHandlerRegistry } from '@pmed/jobs';
import { createJobQueue, type JobQueue } from '@pmed/jobs';
import { platformJobRegistry } from '@pmed/job-handlers';

export interface StartJobQueueOptions {
  config: PmedConfig;
  database: Database;
  log: (line: string) => void;
}

/**
 * The job kinds the gateway accepts. With the in-process queue it also runs them; with BullMQ
 * (REDIS_URL) it only validates and enqueues, and apps/worker runs them.
 */
export function gatewayJobRegistry(database: Database): JobHandlerRegistry {
  return platformJobRegistry({ db: database });
}

export function startJobQueue({ config, database, log }: StartJobQueueOptions): Promise<JobQueue> {
  return createJobQueue({
    config,
    db: database,
    registry: gatewayJobRegistry(database),
    logger: { log, warn: (line) => log(`warning: ${line}`), error: (line) => log(`error: ${line}`) },
  });
}
