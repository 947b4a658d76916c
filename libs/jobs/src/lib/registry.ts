import { badInput } from '@pmed/core';
import type { JobLogLevel } from './types';

/** What a handler sees while it runs one attempt of a job. */
export interface JobContext<P = unknown, C = unknown> {
  job: { id: string; kind: string; attempt: number; maxAttempts: number };
  params: P;
  /** Aborted when the job is cancelled or the process shuts down; stop at the next safe point. */
  signal: AbortSignal;
  /** Reports progress (0..1). Writes to the Job row and events are throttled; awaiting is optional backpressure. */
  progress(fraction: number, message?: string): Promise<void>;
  /**
   * Adds one epoch to the job's training curve, e.g. `ctx.metrics(3, { loss: 0.41, val_loss: 0.47 })`:
   * kept with the job (at most 500 points, at most 16 metrics each) and sent to subscribers as a
   * 'metrics' event, throttled with progress. Epochs count up; an epoch at or before the last one
   * starts the curve again from there. Non-finite values are left out; a bad epoch or metric name
   * throws BAD_USER_INPUT. Contexts that keep no curve (a CLI run) may leave it out: call `ctx.metrics?.(...)`.
   */
  metrics?(epoch: number, values: Record<string, number>): Promise<void>;
  log(level: JobLogLevel, message: string): Promise<void>;
  /** The checkpoint the last attempt saved, or undefined on a fresh start. */
  readonly checkpoint: C | undefined;
  /** Saves resume state on the Job row so a retried attempt skips work already done. */
  saveCheckpoint(data: C): Promise<void>;
  /** Throws JOB_CANCELLED (or the shutdown reason) when the signal is aborted: call at safe points. */
  throwIfAborted(): void;
}

export type JobHandler<P = unknown, R = unknown, C = unknown> = (ctx: JobContext<P, C>) => Promise<R>;

export interface JobHandlerOptions<P> {
  /** Checks and normalises parameters at enqueue time; throw badInput(...) to refuse them. */
  validate?: (params: unknown) => P;
  description?: string;
}

export interface RegisteredHandler {
  kind: string;
  handler: JobHandler<unknown, unknown, unknown>;
  validate: (params: unknown) => unknown;
  description: string | undefined;
}

const KIND_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** The job kinds this process knows, by name ('imaging.train', 'system.selftest', ...). */
export class JobHandlerRegistry {
  private readonly handlers = new Map<string, RegisteredHandler>();

  register<P, R, C = unknown>(kind: string, handler: JobHandler<P, R, C>, options: JobHandlerOptions<P> = {}): this {
    if (!KIND_PATTERN.test(kind)) throw badInput('kind', `'${kind}' is not a valid job kind (lower-case words joined by dots)`);
    if (this.handlers.has(kind)) throw badInput('kind', `a handler for '${kind}' is already registered`);
    this.handlers.set(kind, {
      kind,
      handler: handler as JobHandler<unknown, unknown, unknown>,
      validate: options.validate ?? ((params) => params),
      description: options.description,
    });
    return this;
  }

  has(kind: string): boolean {
    return this.handlers.has(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /** The handler for a kind; unknown kinds are a BAD_USER_INPUT naming the known ones. */
  get(kind: string): RegisteredHandler {
    const found = this.handlers.get(kind);
    if (!found) {
      const known = this.kinds();
      throw badInput('kind', `unknown job kind '${kind}'${known.length ? `; known kinds: ${known.join(', ')}` : ''}`, { kind, known });
    }
    return found;
  }
}
