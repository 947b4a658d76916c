import { ErrorCode } from '@pmed/core';
import { objectEnumValues } from '@prisma/client/runtime/client';
import { toCurve } from './job-curve';
import type { AttemptPatch, ClaimInput, ClaimResult, CreateJobInput, FinishInput, JobStore, ListJobsQuery } from './job-store';
import { JOB_LOG_LEVELS, JOB_STATUSES, type JobError, type JobLogLevel, type JobLogRecord, type JobPage, type JobRecord, type JobStatus } from './types';

/** A Job row as both generated Prisma clients (SQLite, PostgreSQL) return it. */
export interface JobRow {
  id: string;
  kind: string;
  status: string;
  progress: number;
  message: string | null;
  parameters: unknown;
  result: unknown;
  error: unknown;
  checkpoint: unknown;
  curve: unknown;
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

interface JobLogRow {
  id: number;
  jobId: string;
  at: Date;
  level: string;
  message: string;
}

type Where = Record<string, unknown>;

/** The slice of the Prisma client the store uses; both generated clients satisfy it. */
export interface JobsPrismaClient {
  job: {
    create(args: { data: { kind: string; parameters: object; maxAttempts: number; createdBy: string | null } }): PromiseLike<JobRow>;
    findUnique(args: { where: { id: string } }): PromiseLike<JobRow | null>;
    findMany(args: { where?: Where; orderBy?: Where[]; take?: number; skip?: number; cursor?: { id: string }; select?: { id: true } }): PromiseLike<Array<Pick<JobRow, 'id'>>>;
    updateMany(args: { where: Where; data: Where }): PromiseLike<{ count: number }>;
  };
  jobLog: {
    create(args: { data: { jobId: string; level: string; message: string } }): PromiseLike<JobLogRow>;
    findMany(args: { where: { jobId: string }; orderBy: { id: 'desc' }; take: number }): PromiseLike<JobLogRow[]>;
  };
}

// Prisma writes SQL NULL into a Json column only when given this marker; a plain null is refused.
const DB_NULL = objectEnumValues.instances.DbNull;
const CANCELLED: JobError = { code: ErrorCode.JOB_CANCELLED, message: 'cancelled on request' };
const jsonOrNull = (value: unknown): unknown => (value === null || value === undefined ? DB_NULL : value);

function toJobError(value: unknown): JobError | null {
  if (value && typeof value === 'object' && 'code' in value && 'message' in value) {
    const { code, message } = value as { code: unknown; message: unknown };
    return { code: String(code), message: String(message) };
  }
  return null;
}

export function toJobRecord(row: JobRow): JobRecord {
  const status = (JOB_STATUSES as readonly string[]).includes(row.status) ? (row.status as JobStatus) : 'failed';
  return { ...row, status, result: row.result ?? null, checkpoint: row.checkpoint ?? null, curve: toCurve(row.curve), error: toJobError(row.error) };
}

/** JobStore on the Job and JobLog tables (SQLite or PostgreSQL). Compare-and-set updates keep it safe across processes. */
export class PrismaJobStore implements JobStore {
  constructor(private readonly client: JobsPrismaClient) {}

  async create(input: CreateJobInput): Promise<JobRecord> {
    const parameters = (input.parameters ?? {}) as object;
    return toJobRecord(await this.client.job.create({ data: { kind: input.kind, parameters, maxAttempts: input.maxAttempts, createdBy: input.createdBy } }));
  }

  async get(id: string): Promise<JobRecord | null> {
    const row = await this.client.job.findUnique({ where: { id } });
    return row ? toJobRecord(row) : null;
  }

  async list(query: ListJobsQuery): Promise<JobPage> {
    const where: Where = {};
    if (query.status) where['status'] = query.status;
    if (query.kind) where['kind'] = query.kind;
    const rows = (await this.client.job.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    })) as JobRow[];
    const items = rows.slice(0, query.limit).map(toJobRecord);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? last.id : null };
  }

  async queuedIds(limit: number): Promise<string[]> {
    const rows = await this.client.job.findMany({ where: { status: 'queued' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: limit, select: { id: true } });
    return rows.map((row) => row.id);
  }

  async claim(input: ClaimInput): Promise<ClaimResult> {
    const row = await this.client.job.findUnique({ where: { id: input.id } });
    const claimable = row && (row.status === 'queued' || (input.allowRunning && row.status === 'running'));
    if (!row || !claimable) return { outcome: 'skipped', job: row ? toJobRecord(row) : null };
    // Compare-and-set on what was read: whoever changes the row first wins, the other skips.
    const seen: Where = { id: row.id, status: row.status, attempts: row.attempts, workerId: row.workerId };
    const now = new Date();
    const set = async (data: Where): Promise<JobRecord | null> => ((await this.client.job.updateMany({ where: seen, data })).count ? this.get(row.id) : null);
    if (row.cancelRequested) {
      const job = await set({ status: 'cancelled', error: CANCELLED, workerId: null, finishedAt: now });
      return job ? { outcome: 'cancelled', job } : { outcome: 'skipped', job: await this.get(row.id) };
    }
    if (row.attempts >= row.maxAttempts) {
      const job = await set({ status: 'failed', error: input.exhaustedError, workerId: null, finishedAt: now });
      return job ? { outcome: 'exhausted', job } : { outcome: 'skipped', job: await this.get(row.id) };
    }
    const job = await set({ status: 'running', attempts: row.attempts + 1, workerId: input.workerId, heartbeatAt: now, startedAt: row.startedAt ?? now });
    return job ? { outcome: 'claimed', job } : { outcome: 'skipped', job: await this.get(row.id) };
  }

  async updateAttempt(id: string, workerId: string, patch: AttemptPatch): Promise<boolean> {
    const data: Where = { heartbeatAt: new Date() };
    if (patch.progress !== undefined) data['progress'] = patch.progress;
    if (patch.message !== undefined) data['message'] = patch.message;
    if (patch.checkpoint !== undefined) data['checkpoint'] = jsonOrNull(patch.checkpoint);
    if (patch.curve !== undefined) data['curve'] = patch.curve;
    const { count } = await this.client.job.updateMany({ where: { id, workerId, status: 'running' }, data });
    return count === 1;
  }

  async finishAttempt(id: string, workerId: string, input: FinishInput): Promise<JobRecord | null> {
    const data: Where = { status: input.status, workerId: null, finishedAt: input.status === 'queued' ? null : new Date() };
    if (input.result !== undefined) data['result'] = jsonOrNull(input.result);
    if (input.error !== undefined) data['error'] = jsonOrNull(input.error);
    if (input.progress !== undefined) data['progress'] = input.progress;
    if (input.attemptsDelta) data['attempts'] = { increment: input.attemptsDelta };
    const { count } = await this.client.job.updateMany({ where: { id, workerId, status: 'running' }, data });
    return count ? this.get(id) : null;
  }

  async release(id: string, workerId: string): Promise<boolean> {
    const { count } = await this.client.job.updateMany({ where: { id, workerId, status: 'running' }, data: { status: 'queued', workerId: null } });
    return count === 1;
  }

  async requeueRunning(): Promise<string[]> {
    const rows = await this.client.job.findMany({ where: { status: 'running' }, select: { id: true } });
    const ids = rows.map((row) => row.id);
    if (ids.length) await this.client.job.updateMany({ where: { id: { in: ids }, status: 'running' }, data: { status: 'queued', workerId: null } });
    return ids;
  }

  async requestCancel(id: string): Promise<JobRecord | null> {
    // A job can move between queued and running while we ask; try until one of the two updates lands.
    for (let tries = 0; tries < 5; tries += 1) {
      const queued = await this.client.job.updateMany({
        where: { id, status: 'queued' },
        data: { status: 'cancelled', cancelRequested: true, error: CANCELLED, finishedAt: new Date() },
      });
      if (queued.count) break;
      const running = await this.client.job.updateMany({ where: { id, status: 'running' }, data: { cancelRequested: true } });
      if (running.count) break;
      const row = await this.get(id);
      if (!row || !['queued', 'running'].includes(row.status)) break;
    }
    return this.get(id);
  }

  async appendLog(jobId: string, level: JobLogLevel, message: string): Promise<JobLogRecord> {
    return toLog(await this.client.jobLog.create({ data: { jobId, level, message } }));
  }

  async logs(jobId: string, limit: number): Promise<JobLogRecord[]> {
    const rows = await this.client.jobLog.findMany({ where: { jobId }, orderBy: { id: 'desc' }, take: limit });
    return rows.reverse().map(toLog);
  }
}

function toLog(row: JobLogRow): JobLogRecord {
  const level = (JOB_LOG_LEVELS as readonly string[]).includes(row.level) ? (row.level as JobLogLevel) : 'info';
  return { id: row.id, jobId: row.jobId, at: row.at, level, message: row.message };
}
