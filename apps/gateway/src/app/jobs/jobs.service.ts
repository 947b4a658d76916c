import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, PmedError } from '@pmed/core';
import { SELFTEST_KIND, type JobEvent, type JobListFilter, type JobLogRecord, type JobPage, type JobQueue, type JobRecord } from '@pmed/jobs';
import type { Principal } from '../auth/principal';
import { JOB_QUEUE } from '../runtime/runtime.tokens';
import type { StartSelfTestJobInput } from './jobs.input';

@Injectable()
export class JobsService {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}

  get(id: string): Promise<JobRecord> {
    return this.queue.get(id);
  }

  list(filter: JobListFilter): Promise<JobPage> {
    return this.queue.list(filter);
  }

  logs(id: string, limit: number | undefined): Promise<JobLogRecord[]> {
    return this.queue.logs(id, { limit });
  }

  /** Admins cancel any job; other roles only the jobs their own key started. */
  async cancel(id: string, principal: Principal): Promise<JobRecord> {
    const job = await this.queue.get(id);
    if (principal.role !== 'admin' && job.createdBy !== principal.id) {
      throw new PmedError(ErrorCode.FORBIDDEN, `Job ${id} was started by another key; only an admin may cancel it`, { details: { jobId: id } });
    }
    return this.queue.cancel(id);
  }

  startSelfTest(input: StartSelfTestJobInput, principal: Principal): Promise<JobRecord> {
    const params = Object.fromEntries(Object.entries({ steps: input.steps, stepMs: input.stepMs, failAttempts: input.failAttempts }).filter(([, v]) => v !== undefined && v !== null));
    return this.queue.enqueue({ kind: SELFTEST_KIND, params, createdBy: principal.id });
  }

  /** Checks the job exists (NOT_FOUND as a normal GraphQL error), then streams its events. */
  async events(id: string): Promise<AsyncIterableIterator<JobEvent>> {
    await this.queue.get(id);
    return this.queue.events(id);
  }
}
