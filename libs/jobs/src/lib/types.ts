import type { ErrorCode } from '@pmed/core';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export type JobLogLevel = 'info' | 'warn' | 'error';
export const JOB_LOG_LEVELS: readonly JobLogLevel[] = ['info', 'warn', 'error'];

/** What the Job row stores in `error`. */
export interface JobError {
  code: ErrorCode | string;
  message: string;
}

/** A Job row as the rest of the platform sees it (JSON columns already parsed). */
export interface JobRecord {
  id: string;
  kind: string;
  status: JobStatus;
  progress: number;
  message: string | null;
  parameters: unknown;
  result: unknown;
  error: JobError | null;
  checkpoint: unknown;
  /** The per-epoch metrics the handler reported so far (ctx.metrics), oldest first; [] when none. */
  curve: JobCurvePoint[];
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
  workerId: string | null;
  heartbeatAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobLogRecord {
  id: number;
  jobId: string;
  at: Date;
  level: JobLogLevel;
  message: string;
}

/** One epoch of a job's training curve: metric name to a finite number, e.g. `{ loss: 0.41, val_loss: 0.47 }`. */
export interface JobCurvePoint {
  epoch: number;
  values: Record<string, number>;
}

/** Events delivered to subscribers (GraphQL `jobProgress`, CLI progress bars). `at` is ISO 8601. */
export type JobEvent =
  | { type: 'progress'; jobId: string; at: string; progress: number; message: string | null }
  /** New points of the training curve, oldest first; a point at or before the last epoch restarts the curve there. */
  | { type: 'metrics'; jobId: string; at: string; points: JobCurvePoint[] }
  | { type: 'status'; jobId: string; at: string; status: JobStatus; attempt: number; error: JobError | null }
  | { type: 'log'; jobId: string; at: string; level: JobLogLevel; message: string };

export type JobEventListener = (event: JobEvent) => void;

export interface EnqueueInput {
  kind: string;
  params?: unknown;
  /** Attempts before the job fails for good (default 3, 1..20). */
  maxAttempts?: number;
  /** ApiKey id of whoever asked for the job. */
  createdBy?: string | null;
}

export interface JobListFilter {
  status?: JobStatus;
  kind?: string;
  /** 1..200, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface JobPage {
  items: JobRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CloseOptions {
  /** How long running jobs get to reach a safe point before they are left for the next start. */
  graceMs?: number;
}

/** The queue the gateway and the CLI use; the same contract in-process and on BullMQ. */
export interface JobQueue {
  /** 'in-process' or 'bullmq', shown by the gateway's `system { queue }`. */
  readonly kind: 'in-process' | 'bullmq';
  enqueue(input: EnqueueInput): Promise<JobRecord>;
  /** Throws NOT_FOUND when there is no such job. */
  get(id: string): Promise<JobRecord>;
  list(filter?: JobListFilter): Promise<JobPage>;
  logs(id: string, options?: { limit?: number }): Promise<JobLogRecord[]>;
  /** Queued: cancelled at once. Running: asks the runner to stop; the job then ends 'cancelled'. */
  cancel(id: string): Promise<JobRecord>;
  /** Listener receives this job's events from now on; returns the function that stops them. */
  subscribe(id: string, listener: JobEventListener): () => void;
  /** This job's events as an async iterator, ending after a terminal status event. */
  events(id: string): AsyncIterableIterator<JobEvent>;
  close(options?: CloseOptions): Promise<void>;
}
