import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULL_JOB_NAME, closeRedis, redisConnection, whenRedisReady, resolveBullNames, type BullConnectionOptions, type BullJobData } from './bull-options';
import { silentLogger, type JobsLogger } from './job-runner';
import type { JobStore } from './job-store';
import { BaseJobQueue, validateEnqueue } from './queue-base';
import { RedisJobEventBus } from './redis-event-bus';
import type { JobHandlerRegistry } from './registry';
import type { CloseOptions, EnqueueInput, JobRecord } from './types';

export interface BullJobQueueOptions extends BullConnectionOptions {
  store: JobStore;
  /** The kinds the workers run; used here to refuse unknown kinds and bad parameters at enqueue time. */
  registry: JobHandlerRegistry;
  logger?: JobsLogger;
}

/**
 * The enqueuing side of BullMQ: the Job row is written first and is the source of truth; BullMQ
 * carries only its id to a worker (apps/worker). Events come back over Redis pub/sub.
 */
export class BullJobQueue extends BaseJobQueue {
  readonly kind = 'bullmq' as const;
  private readonly queue: Queue<BullJobData>;
  private readonly connection: Redis;
  private readonly redisBus: RedisJobEventBus;
  private readonly logger: JobsLogger;
  private closing: Promise<void> | null = null;
  private readonly redisUrl: string;
  private readonly connectTimeoutMs: number;

  constructor(options: BullJobQueueOptions) {
    const names = resolveBullNames(options);
    const bus = new RedisJobEventBus({ redisUrl: options.redisUrl, prefix: names.channelPrefix });
    super(options.store, options.registry, bus);
    this.redisBus = bus;
    this.redisUrl = options.redisUrl;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10000;
    this.logger = options.logger ?? silentLogger;
    this.connection = redisConnection(options.redisUrl);
    this.queue = new Queue<BullJobData>(names.queueName, { connection: this.connection, prefix: names.prefix });
  }

  /** Waits for Redis, then hands BullMQ every queued row it may have lost (e.g. Redis was emptied). */
  async start(): Promise<void> {
    await whenRedisReady(Promise.all([this.redisBus.whenReady(), this.queue.waitUntilReady()]), this.redisUrl, this.connectTimeoutMs);
    const queued = await this.store.queuedIds(10000);
    for (const id of queued) await this.dispatch(id);
    if (queued.length) this.logger.log(`handed ${queued.length} queued job(s) to BullMQ`);
  }

  async enqueue(input: EnqueueInput): Promise<JobRecord> {
    const job = await this.store.create(validateEnqueue(this.registry, input));
    await this.dispatch(job.id);
    this.announce(job);
    return job;
  }

  async cancel(id: string): Promise<JobRecord> {
    await this.get(id);
    const job = (await this.store.requestCancel(id)) ?? (await this.get(id));
    if (job.status === 'cancelled') {
      // The worker would skip it anyway; removing it just saves the trip. It fails while locked.
      await this.queue.remove(id).catch(() => 0);
      this.announce(job);
    } else if (job.status === 'running') {
      this.redisBus.requestCancel(id);
    }
    return job;
  }

  close(_options: CloseOptions = {}): Promise<void> {
    // Nothing runs here; closing only stops publishing and listening.
    this.closing ??= (async () => {
      await this.redisBus.close();
      // Queue.close() waits for a connection that never came when Redis was unreachable.
      if (this.connection.status === 'ready') await this.queue.close();
      await closeRedis(this.connection);
    })();
    return this.closing;
  }

  /** Jobs waiting, running and delayed in BullMQ (for health and diagnostics). */
  async counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('wait', 'active', 'delayed', 'failed');
  }

  /** Removes this queue's keys from Redis. For tests and for tearing down a queue name. */
  async obliterate(): Promise<void> {
    await this.queue.obliterate({ force: true });
  }

  private async dispatch(id: string): Promise<void> {
    // The BullMQ job id is the row id, so handing the same job over twice adds nothing.
    await this.queue.add(BULL_JOB_NAME, { jobId: id }, { jobId: id, attempts: 1, removeOnComplete: true, removeOnFail: true });
  }
}
