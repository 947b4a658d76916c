import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ErrorCode, PmedError } from '@pmed/core';
import type { JobEventBus } from './event-bus';
import { AttemptContext } from './job-context';
import { exhaustedError, isPermanent, toJobError } from './job-errors';
import type { FinishInput, JobStore } from './job-store';
import type { JobHandlerRegistry } from './registry';
import type { JobError, JobRecord, JobStatus } from './types';

export type AttemptOutcome = 'succeeded' | 'failed' | 'cancelled' | 'retry' | 'interrupted' | 'exhausted' | 'skipped' | 'lost';
type AbortKind = 'cancel' | 'shutdown' | 'lost';

/** Where the job system writes what it does; the worker passes Nest's Logger. */
export interface JobsLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: JobsLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

export interface JobRunnerOptions {
  store: JobStore;
  registry: JobHandlerRegistry;
  bus: JobEventBus;
  /** Names this process in Job.workerId; defaults to host:pid. */
  workerName?: string;
  progressIntervalMs?: number;
  /** How often a running attempt refreshes heartbeatAt and re-reads cancelRequested. */
  heartbeatMs?: number;
  logger?: JobsLogger;
}

interface Active {
  workerId: string;
  controller: AbortController;
  abortKind: AbortKind | null;
  done: Promise<AttemptOutcome>;
}

const ABORT_REASONS: Record<AbortKind, (id: string) => PmedError> = {
  cancel: (id) => new PmedError(ErrorCode.JOB_CANCELLED, `job ${id} was cancelled`),
  shutdown: (id) => new PmedError(ErrorCode.SERVICE_UNAVAILABLE, `job ${id} was interrupted by a shutdown; it resumes on the next start`),
  lost: (id) => new PmedError(ErrorCode.CONFLICT, `job ${id} was taken over by another attempt`),
};

/** Runs single attempts of jobs: claims the row, calls the handler, records the outcome. */
export class JobRunner {
  readonly workerName: string;
  private readonly active = new Map<string, Active>();
  private readonly logger: JobsLogger;
  private readonly progressIntervalMs: number;
  private readonly heartbeatMs: number;

  constructor(private readonly options: JobRunnerOptions) {
    this.workerName = options.workerName ?? `${hostname()}:${process.pid}`;
    this.logger = options.logger ?? silentLogger;
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.heartbeatMs = options.heartbeatMs ?? 5000;
  }

  get activeCount(): number {
    return this.active.size;
  }

  isRunning(id: string): boolean {
    return this.active.has(id);
  }

  /** Aborts the attempt running here, if any; returns whether there was one. */
  abort(id: string, kind: AbortKind): boolean {
    const active = this.active.get(id);
    if (!active) return false;
    if (!active.controller.signal.aborted) {
      active.abortKind = kind;
      active.controller.abort(ABORT_REASONS[kind](id));
    }
    return true;
  }

  /** Aborts every attempt for shutdown; resolves when they have all ended or after graceMs. Returns ids still running. */
  async shutdown(graceMs: number): Promise<string[]> {
    for (const id of this.active.keys()) this.abort(id, 'shutdown');
    const all = Promise.allSettled([...this.active.values()].map((active) => active.done));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([all, timeout]);
    clearTimeout(timer);
    return [...this.active.keys()];
  }

  /**
   * Leaves attempts that ignored a shutdown: their jobs go back to 'queued' with the attempt
   * counted, and whatever the stray handler does afterwards is fenced off.
   */
  async abandon(ids: string[]): Promise<void> {
    for (const id of ids) {
      const active = this.active.get(id);
      if (!active) continue;
      active.abortKind = 'lost';
      if (await this.options.store.release(id, active.workerId)) {
        this.logger.warn(`job ${id} did not stop within the grace period; left queued for the next start`);
      }
    }
  }

  /** Runs one attempt of the job, if it can be claimed. Never rejects for a handler failure. */
  run(id: string, options: { allowRunning?: boolean } = {}): Promise<AttemptOutcome> {
    const existing = this.active.get(id);
    if (existing) return Promise.resolve('skipped');
    const workerId = `${this.workerName}:${randomBytes(4).toString('hex')}`;
    const active: Active = { workerId, controller: new AbortController(), abortKind: null, done: Promise.resolve('skipped') };
    this.active.set(id, active);
    active.done = this.attempt(id, workerId, active, options.allowRunning ?? false).finally(() => this.active.delete(id));
    return active.done;
  }

  private async attempt(id: string, workerId: string, active: Active, allowRunning: boolean): Promise<AttemptOutcome> {
    const { store, bus, registry } = this.options;
    const current = await store.get(id);
    const claim = await store.claim({ id, workerId, allowRunning, exhaustedError: exhaustedError(current?.maxAttempts ?? 0, current?.error ?? null) });
    if (claim.outcome === 'skipped') return 'skipped';
    if (claim.outcome === 'cancelled') {
      this.publishStatus(claim.job, 'cancelled');
      return 'cancelled';
    }
    if (claim.outcome === 'exhausted') {
      this.logger.error(`job ${id} (${claim.job.kind}) failed: ${claim.job.error?.message}`);
      this.publishStatus(claim.job, 'failed');
      return 'exhausted';
    }
    const job = claim.job;
    this.logger.log(`job ${id} (${job.kind}) attempt ${job.attempts}/${job.maxAttempts} started`);
    this.publishStatus(job, 'running');

    const ctx = new AttemptContext({
      job,
      workerId,
      store,
      bus,
      signal: active.controller.signal,
      progressIntervalMs: this.progressIntervalMs,
      onLost: () => this.abort(id, 'lost'),
      onWriteError: (error) => this.logger.warn(`job ${id}: progress/log write failed: ${toJobError(error).message}`),
    });
    const heartbeat = setInterval(() => void this.beat(id, workerId), this.heartbeatMs);
    heartbeat.unref();
    let result: unknown;
    let failure: unknown;
    let ok = false;
    try {
      const registered = registry.get(job.kind);
      result = await registered.handler(ctx);
      ok = true;
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(heartbeat);
      await ctx.drain();
    }
    if (active.abortKind === 'lost') {
      this.logger.warn(`job ${id}: attempt ${job.attempts} lost the job to another attempt; its outcome is dropped`);
      return 'lost';
    }
    if (ok) {
      if (ctx.lastProgress < 1) {
        bus.publish({ type: 'progress', jobId: id, at: new Date().toISOString(), progress: 1, message: null });
      }
      return this.finish(job, workerId, 'succeeded', { status: 'succeeded', result: result ?? null, error: null, progress: 1 });
    }
    return this.recordFailure(job, workerId, active.abortKind, failure);
  }

  private recordFailure(job: JobRecord, workerId: string, abortKind: AbortKind | null, failure: unknown): Promise<AttemptOutcome> {
    if (abortKind === 'cancel') {
      const error: JobError = { code: ErrorCode.JOB_CANCELLED, message: 'cancelled on request' };
      return this.finish(job, workerId, 'cancelled', { status: 'cancelled', error });
    }
    if (abortKind === 'shutdown') {
      // An orderly stop is not the job's fault: the attempt is given back and the job waits, resumable.
      return this.finish(job, workerId, 'interrupted', { status: 'queued', attemptsDelta: -1 });
    }
    const error = toJobError(failure);
    const final = isPermanent(error) || job.attempts >= job.maxAttempts;
    this.logger.warn(`job ${job.id} (${job.kind}) attempt ${job.attempts}/${job.maxAttempts} failed: ${error.code}: ${error.message}${final ? '' : '; will retry'}`);
    return this.finish(job, workerId, final ? 'failed' : 'retry', { status: final ? 'failed' : 'queued', error });
  }

  private async finish(job: JobRecord, workerId: string, outcome: AttemptOutcome, input: FinishInput): Promise<AttemptOutcome> {
    const finished = await this.options.store.finishAttempt(job.id, workerId, input);
    if (!finished) return 'lost';
    if (outcome !== 'retry' && outcome !== 'interrupted') this.logger.log(`job ${job.id} (${job.kind}) ${finished.status}`);
    this.publishStatus(finished, input.status);
    return outcome;
  }

  private publishStatus(job: JobRecord, status: JobStatus): void {
    this.options.bus.publish({ type: 'status', jobId: job.id, at: new Date().toISOString(), status, attempt: job.attempts, error: job.error });
  }

  /** Keeps heartbeatAt fresh and notices a cancel made by a process that could not reach this one. */
  private async beat(id: string, workerId: string): Promise<void> {
    try {
      const owned = await this.options.store.updateAttempt(id, workerId, {});
      if (!owned) {
        this.abort(id, 'lost');
        return;
      }
      const row = await this.options.store.get(id);
      if (row?.cancelRequested) this.abort(id, 'cancel');
    } catch (error) {
      this.logger.warn(`job ${id}: heartbeat failed: ${toJobError(error).message}`);
    }
  }
}
