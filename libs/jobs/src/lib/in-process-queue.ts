import { LocalJobEventBus, type JobEventBus } from './event-bus';
import { JobRunner, silentLogger, type JobsLogger } from './job-runner';
import type { JobStore } from './job-store';
import { BaseJobQueue, validateEnqueue } from './queue-base';
import type { JobHandlerRegistry } from './registry';
import type { CloseOptions, EnqueueInput, JobRecord } from './types';

export interface InProcessJobQueueOptions {
  store: JobStore;
  registry: JobHandlerRegistry;
  bus?: JobEventBus;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** Wait before a failed job's next attempt (default 1000 ms). */
  retryDelayMs?: number;
  /** How often to look for queued rows this process did not enqueue (default 2000 ms). */
  pollMs?: number;
  progressIntervalMs?: number;
  heartbeatMs?: number;
  /** Default grace for close() when none is given (default 30000 ms). */
  graceMs?: number;
  workerName?: string;
  logger?: JobsLogger;
}

/**
 * Runs jobs inside this process (the default when no Redis is configured). It assumes it is the
 * only runner on its database: on start, jobs another process left 'running' are taken back.
 */
export class InProcessJobQueue extends BaseJobQueue {
  readonly kind = 'in-process' as const;
  private readonly runner: JobRunner;
  private readonly concurrency: number;
  private readonly retryDelayMs: number;
  private readonly pollMs: number;
  private readonly graceMs: number;
  private readonly logger: JobsLogger;
  private pollTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pumping = false;
  private pumpAgain = false;
  private closing: Promise<void> | null = null;
  private started = false;
  private readonly stopCancelListener: () => void;

  constructor(options: InProcessJobQueueOptions) {
    super(options.store, options.registry, options.bus ?? new LocalJobEventBus());
    this.concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`concurrency must be an integer >= 1, got ${this.concurrency}`);
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.pollMs = options.pollMs ?? 2000;
    this.graceMs = options.graceMs ?? 30000;
    this.logger = options.logger ?? silentLogger;
    this.runner = new JobRunner({ ...options, bus: this.bus, logger: this.logger });
    this.stopCancelListener = this.bus.onCancel((id) => this.runner.abort(id, 'cancel'));
  }

  /** Takes back jobs a previous process left running, then starts taking jobs. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const resumed = await this.store.requeueRunning();
    if (resumed.length) this.logger.warn(`re-queued ${resumed.length} job(s) left running by a previous process: ${resumed.join(', ')}`);
    this.pollTimer = setInterval(() => this.pump(), this.pollMs);
    this.pollTimer.unref();
    this.pump();
  }

  async enqueue(input: EnqueueInput): Promise<JobRecord> {
    const row = validateEnqueue(this.registry, input);
    const job = await this.store.create(row);
    this.announce(job);
    this.pump();
    return job;
  }

  async cancel(id: string): Promise<JobRecord> {
    await this.get(id);
    const job = (await this.store.requestCancel(id)) ?? (await this.get(id));
    if (job.status === 'cancelled') this.announce(job);
    else if (job.status === 'running') this.bus.requestCancel(id);
    return job;
  }

  /** Stops taking jobs, asks running ones to stop, waits up to graceMs; unfinished jobs stay resumable. */
  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= this.shutdown(options.graceMs ?? this.graceMs);
    return this.closing;
  }

  private async shutdown(graceMs: number): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const stragglers = await this.runner.shutdown(graceMs);
    await this.runner.abandon(stragglers);
    this.stopCancelListener();
    await this.bus.close();
  }

  /** Starts queued jobs while there is a free slot. Safe to call at any time, from anywhere. */
  private pump(): void {
    if (!this.started || this.closing) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    this.fill()
      .catch((error: unknown) => this.logger.error(`job scheduling failed: ${(error as Error).message}`))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
  }

  private async fill(): Promise<void> {
    while (!this.closing && this.runner.activeCount < this.concurrency) {
      const free = this.concurrency - this.runner.activeCount;
      const ids = (await this.store.queuedIds(free + this.runner.activeCount)).filter((id) => !this.runner.isRunning(id)).slice(0, free);
      if (!ids.length) return;
      for (const id of ids) {
        this.runner.run(id).then(
          (outcome) => this.afterAttempt(outcome),
          (error: unknown) => {
            this.logger.error(`job ${id}: attempt could not be recorded: ${(error as Error).message}`);
            this.later(this.retryDelayMs);
          },
        );
      }
    }
  }

  private afterAttempt(outcome: string): void {
    if (outcome === 'retry') this.later(this.retryDelayMs);
    else this.pump();
  }

  private later(ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pump();
    }, ms);
    this.timers.add(timer);
  }
}
