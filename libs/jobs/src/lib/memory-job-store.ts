import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@pmed/core';
import type { AttemptPatch, ClaimInput, ClaimResult, CreateJobInput, FinishInput, JobStore, ListJobsQuery } from './job-store';
import type { JobLogLevel, JobLogRecord, JobPage, JobRecord } from './types';

const CANCELLED = { code: ErrorCode.JOB_CANCELLED, message: 'cancelled on request' };
const copy = <T>(value: T): T => structuredClone(value);

/** A JobStore in memory: for unit tests and tools that run jobs without a database. */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly jobLogs: JobLogRecord[] = [];
  private lastCreatedAt = 0;

  async create(input: CreateJobInput): Promise<JobRecord> {
    // A strictly increasing createdAt keeps the ordering deterministic within one millisecond.
    this.lastCreatedAt = Math.max(Date.now(), this.lastCreatedAt + 1);
    const createdAt = new Date(this.lastCreatedAt);
    const job: JobRecord = {
      id: randomUUID(),
      kind: input.kind,
      status: 'queued',
      progress: 0,
      message: null,
      parameters: copy(input.parameters),
      result: null,
      error: null,
      checkpoint: null,
      curve: [],
      attempts: 0,
      maxAttempts: input.maxAttempts,
      cancelRequested: false,
      workerId: null,
      heartbeatAt: null,
      createdBy: input.createdBy,
      createdAt,
      startedAt: null,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    return copy(job);
  }

  async get(id: string): Promise<JobRecord | null> {
    const job = this.jobs.get(id);
    return job ? copy(job) : null;
  }

  async list(query: ListJobsQuery): Promise<JobPage> {
    const all = [...this.jobs.values()]
      .filter((job) => (!query.status || job.status === query.status) && (!query.kind || job.kind === query.kind))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    const start = query.cursor ? all.findIndex((job) => job.id === query.cursor) + 1 : 0;
    const items = all.slice(start, start + query.limit);
    const more = start + query.limit < all.length;
    const last = items.at(-1);
    return { items: items.map(copy), nextCursor: more && last ? last.id : null };
  }

  async queuedIds(limit: number): Promise<string[]> {
    return [...this.jobs.values()]
      .filter((job) => job.status === 'queued')
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((job) => job.id);
  }

  async claim(input: ClaimInput): Promise<ClaimResult> {
    const job = this.jobs.get(input.id);
    const claimable = job && (job.status === 'queued' || (input.allowRunning && job.status === 'running'));
    if (!job || !claimable) return { outcome: 'skipped', job: job ? copy(job) : null };
    const now = new Date();
    if (job.cancelRequested) {
      Object.assign(job, { status: 'cancelled', error: CANCELLED, workerId: null, finishedAt: now });
      return { outcome: 'cancelled', job: copy(job) };
    }
    if (job.attempts >= job.maxAttempts) {
      Object.assign(job, { status: 'failed', error: input.exhaustedError, workerId: null, finishedAt: now });
      return { outcome: 'exhausted', job: copy(job) };
    }
    Object.assign(job, { status: 'running', attempts: job.attempts + 1, workerId: input.workerId, heartbeatAt: now, startedAt: job.startedAt ?? now });
    return { outcome: 'claimed', job: copy(job) };
  }

  private owned(id: string, workerId: string): JobRecord | undefined {
    const job = this.jobs.get(id);
    return job && job.status === 'running' && job.workerId === workerId ? job : undefined;
  }

  async updateAttempt(id: string, workerId: string, patch: AttemptPatch): Promise<boolean> {
    const job = this.owned(id, workerId);
    if (!job) return false;
    if (patch.progress !== undefined) job.progress = patch.progress;
    if (patch.message !== undefined) job.message = patch.message;
    if (patch.checkpoint !== undefined) job.checkpoint = copy(patch.checkpoint);
    if (patch.curve !== undefined) job.curve = copy(patch.curve);
    job.heartbeatAt = new Date();
    return true;
  }

  async finishAttempt(id: string, workerId: string, input: FinishInput): Promise<JobRecord | null> {
    const job = this.owned(id, workerId);
    if (!job) return null;
    job.status = input.status;
    if (input.result !== undefined) job.result = copy(input.result);
    if (input.error !== undefined) job.error = copy(input.error);
    if (input.progress !== undefined) job.progress = input.progress;
    job.attempts += input.attemptsDelta ?? 0;
    job.workerId = null;
    job.finishedAt = input.status === 'queued' ? null : new Date();
    return copy(job);
  }

  async release(id: string, workerId: string): Promise<boolean> {
    const job = this.owned(id, workerId);
    if (!job) return false;
    Object.assign(job, { status: 'queued', workerId: null });
    return true;
  }

  async requeueRunning(): Promise<string[]> {
    const ids: string[] = [];
    for (const job of this.jobs.values()) {
      if (job.status !== 'running') continue;
      Object.assign(job, { status: 'queued', workerId: null });
      ids.push(job.id);
    }
    return ids;
  }

  async requestCancel(id: string): Promise<JobRecord | null> {
    const job = this.jobs.get(id);
    if (!job) return null;
    if (job.status === 'queued') Object.assign(job, { status: 'cancelled', cancelRequested: true, error: CANCELLED, finishedAt: new Date() });
    else if (job.status === 'running') job.cancelRequested = true;
    return copy(job);
  }

  async appendLog(jobId: string, level: JobLogLevel, message: string): Promise<JobLogRecord> {
    const log: JobLogRecord = { id: this.jobLogs.length + 1, jobId, at: new Date(), level, message };
    this.jobLogs.push(log);
    return copy(log);
  }

  async logs(jobId: string, limit: number): Promise<JobLogRecord[]> {
    return this.jobLogs.filter((log) => log.jobId === jobId).slice(-limit).map(copy);
  }
}
