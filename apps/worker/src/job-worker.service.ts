import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Database } from '@pmed/data';
import { BullJobWorker, PrismaJobStore } from '@pmed/jobs';
import { buildRegistry } from './handlers';
import type { WorkerConfig } from './worker-config';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const DATABASE = Symbol('DATABASE');

/** Consumes the BullMQ queue for the lifetime of the application context. */
@Injectable()
export class JobWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobWorker');
  private worker: BullJobWorker | null = null;

  constructor(
    @Inject(WORKER_CONFIG) private readonly settings: WorkerConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const registry = buildRegistry({ db: this.db }, this.settings.handlersModule);
    this.worker = new BullJobWorker({
      redisUrl: this.settings.redisUrl,
      queueName: this.settings.queueName,
      prefix: this.settings.prefix,
      store: new PrismaJobStore(this.db.client),
      registry,
      concurrency: this.settings.concurrency,
      lockDurationMs: this.settings.lockDurationMs,
      stalledIntervalMs: this.settings.stalledIntervalMs,
      graceMs: this.settings.config.shutdownGraceMs,
      logger: this.logger,
    });
    await this.worker.start();
    this.logger.log(`job kinds: ${registry.kinds().join(', ')}`);
  }

  /** Running jobs get the grace period to reach a safe point; unfinished ones stay resumable. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (!this.worker) return;
    this.logger.log(`${signal ?? 'shutdown'}: stopping; running jobs get ${this.settings.config.shutdownGraceMs} ms`);
    await this.worker.close({ graceMs: this.settings.config.shutdownGraceMs });
    this.worker = null;
    this.logger.log('worker stopped cleanly');
  }
}
