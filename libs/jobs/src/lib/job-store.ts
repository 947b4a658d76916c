import type { JobCurvePoint, JobError, JobLogLevel, JobLogRecord, JobPage, JobRecord, JobStatus } from './types';

export interface CreateJobInput {
  kind: string;
  parameters: unknown;
  maxAttempts: number;
  createdBy: string | null;
}

export interface ListJobsQuery {
  status?: JobStatus;
  kind?: string;
  limit: number;
  cursor: string | null;
}

/** Result of trying to start an attempt. */
export type ClaimResult =
  | { outcome: 'claimed'; job: JobRecord }
  /** Every attempt is used up: the store has marked the job failed. */
  | { outcome: 'exhausted'; job: JobRecord }
  /** A cancel arrived while the job waited for its next attempt: the store has marked it cancelled. */
  | { outcome: 'cancelled'; job: JobRecord }
  /** Not claimable (already finished, cancelled, or taken by someone else). */
  | { outcome: 'skipped'; job: JobRecord | null };

export interface ClaimInput {
  id: string;
  /** Owner token written to Job.workerId; every later write of this attempt is fenced on it. */
  workerId: string;
  /** BullMQ re-delivers a stalled job whose row still says 'running' under a dead worker. */
  allowRunning: boolean;
  exhaustedError: JobError;
}

export interface AttemptPatch {
  progress?: number;
  message?: string | null;
  checkpoint?: unknown;
  /** The whole curve so far (already merged and bounded). */
  curve?: JobCurvePoint[];
}

export interface FinishInput {
  status: JobStatus;
  result?: unknown;
  error?: JobError | null;
  progress?: number;
  /** -1 gives back the attempt (an orderly interruption did not use it up). */
  attemptsDelta?: number;
}

/**
 * Persistence of Job and JobLog rows. Writes made on behalf of a running attempt are fenced on
 * (id, workerId, status 'running'), so an attempt that lost its job (stalled, timed out) cannot
 * overwrite the attempt that replaced it.
 */
export interface JobStore {
  create(input: CreateJobInput): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | null>;
  list(query: ListJobsQuery): Promise<JobPage>;
  /** Oldest queued job ids, for the in-process scheduler. */
  queuedIds(limit: number): Promise<string[]>;
  claim(input: ClaimInput): Promise<ClaimResult>;
  /** False when this attempt no longer owns the job. */
  updateAttempt(id: string, workerId: string, patch: AttemptPatch): Promise<boolean>;
  /** Null when this attempt no longer owns the job. */
  finishAttempt(id: string, workerId: string, input: FinishInput): Promise<JobRecord | null>;
  /** Gives up an attempt that did not stop in time: the job goes back to 'queued', the attempt stays counted. */
  release(id: string, workerId: string): Promise<boolean>;
  /** Puts every 'running' job back to 'queued' (in-process start-up after a crash). Returns their ids. */
  requeueRunning(): Promise<string[]>;
  /** Queued: cancelled at once. Running: cancelRequested set. Finished: unchanged. */
  requestCancel(id: string): Promise<JobRecord | null>;
  appendLog(jobId: string, level: JobLogLevel, message: string): Promise<JobLogRecord>;
  logs(jobId: string, limit: number): Promise<JobLogRecord[]>;
}
