import { badInput, notFound } from '@pmed/core';
import type { JobEventBus } from './event-bus';
import type { CreateJobInput, JobStore } from './job-store';
import type { JobHandlerRegistry } from './registry';
import {
  JOB_STATUSES,
  TERMINAL_STATUSES,
  type CloseOptions,
  type EnqueueInput,
  type JobEvent,
  type JobEventListener,
  type JobListFilter,
  type JobLogRecord,
  type JobPage,
  type JobQueue,
  type JobRecord,
} from './types';

export const MAX_ATTEMPTS_LIMIT = 20;
const MAX_PARAMS_BYTES = 1024 * 1024;

/** Checks an enqueue request and turns it into a row to create; bad input names its field. */
export function validateEnqueue(registry: JobHandlerRegistry, input: EnqueueInput): CreateJobInput {
  if (typeof input?.kind !== 'string' || input.kind === '') throw badInput('kind', 'a job kind is required');
  const registered = registry.get(input.kind);
  const maxAttempts = input.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
    throw badInput('maxAttempts', `must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}, got ${String(input.maxAttempts)}`);
  }
  const parameters = registered.validate(input.params ?? {});
  let json: string | undefined;
  try {
    json = JSON.stringify(parameters);
  } catch (error) {
    throw badInput('params', `must be JSON: ${(error as Error).message}`);
  }
  if (json === undefined) throw badInput('params', 'must be a JSON value');
  if (Buffer.byteLength(json) > MAX_PARAMS_BYTES) throw badInput('params', `must be at most ${MAX_PARAMS_BYTES} bytes of JSON`);
  if (input.createdBy !== undefined && input.createdBy !== null && typeof input.createdBy !== 'string') {
    throw badInput('createdBy', 'must be an ApiKey id');
  }
  return { kind: input.kind, parameters: JSON.parse(json) as unknown, maxAttempts, createdBy: input.createdBy ?? null };
}

/** The parts of JobQueue that do not depend on where jobs run. */
export abstract class BaseJobQueue implements JobQueue {
  abstract readonly kind: JobQueue['kind'];

  protected constructor(
    protected readonly store: JobStore,
    protected readonly registry: JobHandlerRegistry,
    protected readonly bus: JobEventBus,
  ) {}

  abstract enqueue(input: EnqueueInput): Promise<JobRecord>;
  abstract cancel(id: string): Promise<JobRecord>;
  abstract close(options?: CloseOptions): Promise<void>;

  async get(id: string): Promise<JobRecord> {
    if (typeof id !== 'string' || id === '') throw badInput('id', 'a job id is required');
    const job = await this.store.get(id);
    if (!job) throw notFound('Job', id);
    return job;
  }

  async list(filter: JobListFilter = {}): Promise<JobPage> {
    const limit = filter.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badInput('limit', `must be an integer from 1 to 200, got ${String(filter.limit)}`);
    if (filter.status !== undefined && !JOB_STATUSES.includes(filter.status)) {
      throw badInput('status', `must be one of ${JOB_STATUSES.join(', ')}, got '${String(filter.status)}'`);
    }
    if (filter.kind !== undefined && typeof filter.kind !== 'string') throw badInput('kind', 'must be a string');
    if (filter.cursor && !(await this.store.get(filter.cursor))) throw badInput('cursor', `no job ${filter.cursor} to continue from`);
    return this.store.list({ status: filter.status, kind: filter.kind, limit, cursor: filter.cursor ?? null });
  }

  async logs(id: string, options: { limit?: number } = {}): Promise<JobLogRecord[]> {
    const limit = options.limit ?? 200;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10000) throw badInput('limit', `must be an integer from 1 to 10000, got ${String(options.limit)}`);
    await this.get(id);
    return this.store.logs(id, limit);
  }

  subscribe(id: string, listener: JobEventListener): () => void {
    return this.bus.subscribe(id, listener);
  }

  /** Publishes the status of a row this process changed without running it (enqueue, cancel). */
  protected announce(job: JobRecord): void {
    this.bus.publish({ type: 'status', jobId: job.id, at: new Date().toISOString(), status: job.status, attempt: job.attempts, error: job.error });
  }

  /**
   * Starts with the job's current status (and progress while it runs, and its training curve so far
   * when it has one), then live events; ends after a terminal status. Throws NOT_FOUND on the first `next()` for an unknown id.
   */
  events(id: string): AsyncIterableIterator<JobEvent> {
    const buffer: JobEvent[] = [];
    const fromSnapshot = new Set<JobEvent>();
    let wake: (() => void) | null = null;
    let ended = false;
    const push = (event: JobEvent): void => {
      buffer.push(event);
      wake?.();
    };
    const unsubscribe = this.subscribe(id, push);
    const end = (): void => {
      ended = true;
      unsubscribe();
      wake?.();
    };
    // Subscribed before reading the row, so nothing between the snapshot and live events is lost.
    const snapshot = this.get(id).then((job) => {
      const at = new Date().toISOString();
      const current: JobEvent[] = [{ type: 'status', jobId: id, at, status: job.status, attempt: job.attempts, error: job.error }];
      if (job.status === 'running') current.push({ type: 'progress', jobId: id, at, progress: job.progress, message: job.message });
      // The curve so far, so a late subscriber draws it whole; live points that overlap it replace theirs.
      if (job.curve.length) current.push({ type: 'metrics', jobId: id, at, points: job.curve });
      for (const event of current) fromSnapshot.add(event);
      buffer.unshift(...current);
    });
    snapshot.catch(() => end());
    const iterator: AsyncIterableIterator<JobEvent> = {
      next: async () => {
        await snapshot;
        for (;;) {
          const event = buffer.shift();
          if (event) {
            if (event.type === 'status' && TERMINAL_STATUSES.includes(event.status)) {
              end();
              // A finished job's snapshot still delivers its curve; live events after the end do not.
              const rest = buffer.filter((next) => fromSnapshot.has(next));
              buffer.length = 0;
              buffer.push(...rest);
            }
            return { value: event, done: false };
          }
          if (ended) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      },
      return: async () => {
        end();
        buffer.length = 0;
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
