import { ErrorCode, PmedError, badInput } from '@pmed/core';
import type { JobEventBus } from './event-bus';
import type { JobStore } from './job-store';
import { curvePoint, mergeCurve } from './job-curve';
import type { JobContext } from './registry';
import { JOB_LOG_LEVELS, type JobCurvePoint, type JobLogLevel, type JobRecord } from './types';

export interface AttemptContextOptions {
  job: JobRecord;
  workerId: string;
  store: JobStore;
  bus: JobEventBus;
  signal: AbortSignal;
  /** Smallest gap between two progress or curve writes (and events) in milliseconds. */
  progressIntervalMs: number;
  /** Called when the store says this attempt no longer owns the job. */
  onLost: () => void;
  onWriteError: (error: unknown) => void;
}

/**
 * The JobContext of one attempt. Progress, curve, log and checkpoint writes run one after another, so
 * the row and the events see them in the order the handler made them.
 */
export class AttemptContext implements JobContext<unknown, unknown> {
  readonly job: JobContext['job'];
  readonly params: unknown;
  readonly signal: AbortSignal;
  private savedCheckpoint: unknown;
  private chain: Promise<void> = Promise.resolve();
  private lastWriteAt = 0;
  private pending: { fraction: number; message: string | null } | null = null;
  /** Curve points not yet written; written (and published as one event) with the next progress write. */
  private pendingPoints: JobCurvePoint[] = [];
  /** The curve as the row holds it: the previous attempts' points, then this attempt's. */
  private curve: JobCurvePoint[];
  private trailing: NodeJS.Timeout | null = null;
  /** The last progress value written, so the runner knows whether a final 1 is still owed. */
  lastProgress: number;

  constructor(private readonly options: AttemptContextOptions) {
    const { job } = options;
    this.job = { id: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.maxAttempts };
    this.params = job.parameters;
    this.signal = options.signal;
    this.savedCheckpoint = job.checkpoint ?? undefined;
    this.lastProgress = job.progress;
    this.curve = job.curve;
  }

  get checkpoint(): unknown {
    return this.savedCheckpoint;
  }

  throwIfAborted(): void {
    this.signal.throwIfAborted();
  }

  progress(fraction: number, message?: string): Promise<void> {
    if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
      throw badInput('progress', `must be a number from 0 to 1, got ${String(fraction)}`);
    }
    this.pending = { fraction, message: message ?? null };
    return this.schedule(fraction >= 1);
  }

  metrics(epoch: number, values: Record<string, number>): Promise<void> {
    const point = curvePoint(epoch, values);
    this.pendingPoints = mergeCurve(this.pendingPoints, [point]);
    return this.schedule(false);
  }

  private schedule(now: boolean): Promise<void> {
    const due = this.lastWriteAt + this.options.progressIntervalMs;
    if (now || Date.now() >= due) return this.flushProgress();
    // Throttled: the latest values are written when the interval is over (or when the attempt ends).
    this.trailing ??= setTimeout(() => void this.flushProgress(), due - Date.now());
    return Promise.resolve();
  }

  /** Writes the newest unwritten progress value and curve points, if any. Never rejects. */
  flushProgress(): Promise<void> {
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = null;
    const next = this.pending;
    const points = this.pendingPoints;
    this.pending = null;
    this.pendingPoints = [];
    if (!next && !points.length) return this.chain;
    this.lastWriteAt = Date.now();
    return this.enqueue(async () => {
      const { store, bus, job, workerId } = this.options;
      const curve = points.length ? mergeCurve(this.curve, points) : undefined;
      const owned = await store.updateAttempt(job.id, workerId, { ...(next ? { progress: next.fraction, message: next.message } : {}), ...(curve ? { curve } : {}) });
      if (!owned) return this.options.onLost();
      const at = new Date().toISOString();
      if (next) {
        this.lastProgress = next.fraction;
        bus.publish({ type: 'progress', jobId: job.id, at, progress: next.fraction, message: next.message });
      }
      if (curve) {
        this.curve = curve;
        bus.publish({ type: 'metrics', jobId: job.id, at, points });
      }
    });
  }

  log(level: JobLogLevel, message: string): Promise<void> {
    if (!JOB_LOG_LEVELS.includes(level)) throw badInput('level', `must be one of ${JOB_LOG_LEVELS.join(', ')}, got '${String(level)}'`);
    const text = String(message).slice(0, 10000);
    return this.enqueue(async () => {
      const row = await this.options.store.appendLog(this.job.id, level, text);
      this.options.bus.publish({ type: 'log', jobId: this.job.id, at: row.at.toISOString(), level, message: text });
    });
  }

  saveCheckpoint(data: unknown): Promise<void> {
    if (data === undefined) throw badInput('checkpoint', 'must be a JSON value, got undefined');
    const json = JSON.parse(JSON.stringify(data)) as unknown;
    let owned = true;
    const write = this.enqueue(async () => {
      owned = await this.options.store.updateAttempt(this.job.id, this.options.workerId, { checkpoint: json });
    }, true);
    return write.then(() => {
      if (!owned) {
        this.options.onLost();
        throw new PmedError(ErrorCode.CONFLICT, `job ${this.job.id}: attempt ${this.job.attempt} no longer owns the job; checkpoint not saved`);
      }
      this.savedCheckpoint = json;
    });
  }

  /** Waits for every write the handler started. */
  async drain(): Promise<void> {
    await this.flushProgress();
    await this.chain;
  }

  private enqueue(write: () => Promise<void>, rejectOnError = false): Promise<void> {
    const run = this.chain.then(write);
    this.chain = run.catch((error: unknown) => {
      if (!rejectOnError) this.options.onWriteError(error);
    });
    return rejectOnError ? run : this.chain;
  }
}
