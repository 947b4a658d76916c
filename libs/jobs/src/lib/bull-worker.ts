import { DelayedError, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULL_JOB_NAME, closeRedis, redisConnection, whenRedisReady, resolveBullNames, type BullConnectionOptions, type BullJobData } from './bull-options';
import { JobRunner, silentLogger, type AttemptOutcome, type JobsLogger } from './job-runner';
import type { JobStore } from './job-store';
import { RedisJobEventBus } from './redis-event-bus';
import type { JobHandlerRegistry } from './registry';
import type { CloseOptions } from './types';

export interface BullJobWorkerOptions extends BullConnectionOptions {
  store: JobStore;
  registry: JobHandlerRegistry;
  /** Jobs this process runs at once (default 1). */
  concurrency?: number;
  /** How long a worker's lock on a job lasts without renewal (BullMQ lockDuration, default 30000 ms). */
  lockDurationMs?: number;
  /** How often BullMQ looks for jobs whose worker died (stalledInterval, default 30000 ms). */
  stalledIntervalMs?: number;
  /** Wait before a failed job's next attempt (default 1000 ms). */
  retryDelayMs?: number;
  progressIntervalMs?: number;
  heartbeatMs?: number;
  graceMs?: number;
  workerName?: string;
  logger?: JobsLogger;
}

/**
 * Consumes the BullMQ queue and runs each job through the JobRunner. A worker that dies leaves its
 * BullMQ lock to expire; stalled-job detection hands the job to another worker, whose attempt
 * claims the row (attempt counted) and resumes from the checkpoint.
 */
export class BullJobWorker {
  readonly runner: JobRunner;
  private readonly options: BullJobWorkerOptions;
  private readonly bus: RedisJobEventBus;
  private readonly connection: Redis;
  private worker: Worker<BullJobData> | null = null;
  private readonly logger: JobsLogger;
  private closing: Promise<void> | null = null;
  private readonly stopCancelListener: () => void;

  constructor(options: BullJobWorkerOptions) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    const names = resolveBullNames(options);
    this.bus = new RedisJobEventBus({ redisUrl: options.redisUrl, prefix: names.channelPrefix });
    this.connection = redisConnection(options.redisUrl);
    this.runner = new JobRunner({ ...options, bus: this.bus, logger: this.logger });
    this.stopCancelListener = this.bus.onCancel((id) => this.runner.abort(id, 'cancel'));
  }

  async start(): Promise<void> {
    if (this.worker) return;
    const { redisUrl, connectTimeoutMs = 10000 } = this.options;
    await whenRedisReady(Promise.all([this.bus.whenReady(), this.connection.ping()]), redisUrl, connectTimeoutMs);
    const { queueName, prefix } = resolveBullNames(this.options);
    const lockDuration = this.options.lockDurationMs ?? 30000;
    this.worker = new Worker<BullJobData>(queueName, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix,
      concurrency: this.options.concurrency ?? 1,
      lockDuration,
      lockRenewTime: Math.max(50, Math.floor(lockDuration / 3)),
      stalledInterval: this.options.stalledIntervalMs ?? 30000,
      // The Job row counts attempts and decides when to give up; BullMQ must never drop a stalled job.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
      autorun: false,
    });
    this.worker.on('error', (error) => this.logger.error(`BullMQ worker: ${error.message}`));
    void this.worker.run().catch((error: unknown) => this.logger.error(`BullMQ worker stopped: ${(error as Error).message}`));
    await this.worker.waitUntilReady();
    this.logger.log(`worker ${this.runner.workerName} consuming '${queueName}' (concurrency ${this.options.concurrency ?? 1})`);
  }

  /** Stops taking jobs, asks running ones to stop at a safe point and hands them back to the queue. */
  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.graceMs ?? this.options.graceMs ?? 30000);
    return this.closing;
  }

  private async shutdown(graceMs: number): Promise<void> {
    const worker = this.worker;
    // Stop fetching first so no new job starts while the running ones wind down.
    const closed = worker?.close();
    const stragglers = await this.runner.shutdown(graceMs);
    if (stragglers.length) {
      // Their BullMQ locks lapse and stalled-job detection hands them to the next worker.
      await this.runner.abandon(stragglers);
      await worker?.close(true);
    } else {
      await closed;
    }
    this.stopCancelListener();
    await this.bus.close();
    await closeRedis(this.connection);
  }

  private async process(job: BullJob<BullJobData>, token: string | undefined): Promise<AttemptOutcome> {
    if (job.name !== BULL_JOB_NAME || typeof job.data?.jobId !== 'string') {
      this.logger.warn(`ignoring BullMQ job ${job.id}: not a platform job`);
      return 'skipped';
    }
    const outcome = await this.runner.run(job.data.jobId, { allowRunning: true });
    if (outcome === 'retry' || outcome === 'interrupted') {
      // Back to BullMQ without spending a BullMQ attempt: the row already holds the count.
      const delay = outcome === 'retry' ? (this.options.retryDelayMs ?? 1000) : 0;
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    return outcome;
  }
}
