import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import { ErrorCode, PmedError } from '@pmed/core';
import { waitFor } from '../testing/wait-for';
import { BullJobQueue } from './bull-queue';
import { BullJobWorker, type BullJobWorkerOptions } from './bull-worker';
import { MemoryJobStore } from './memory-job-store';
import { JobHandlerRegistry, type JobContext } from './registry';
import { registerSelftest, SELFTEST_KIND } from './selftest-handler';
import type { JobEvent, JobRecord } from './types';

// BullMQ on the local Redis, queue and worker in this process around one in-memory store; the
// cross-process cases (child worker, kill -9, PostgreSQL) are in apps/worker.
const describeServices = process.env['PMED_SKIP_SERVICE_TESTS'] === '1' ? describe.skip : describe;
const REDIS_URL = process.env['PMED_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describeServices('BullJobQueue with BullJobWorker', () => {
  const queueName = `unit-${process.pid}-${randomBytes(3).toString('hex')}`;
  const prefix = 'pmed-test';
  let store: MemoryJobStore;
  let queue: BullJobQueue;
  const workers: BullJobWorker[] = [];
  const effects = new Map<string, number>();
  let flakyCalls = 0;

  const registry = (): JobHandlerRegistry =>
    registerSelftest(new JobHandlerRegistry())
      .register('test.flaky', async (ctx) => {
        flakyCalls += 1;
        if (ctx.job.attempt < 2) throw new PmedError(ErrorCode.SERVICE_UNAVAILABLE, 'try again');
        return { attempt: ctx.job.attempt };
      })
      .register('test.stall', async (ctx: JobContext<{ steps: number }, { done: number }>) => {
        for (let step = ctx.checkpoint?.done ?? 0; step < ctx.params.steps; step += 1) {
          effects.set(`${ctx.job.id}:${step}`, (effects.get(`${ctx.job.id}:${step}`) ?? 0) + 1);
          await ctx.saveCheckpoint({ done: step + 1 });
          // Attempt 1 hangs after step 2, as if its process had frozen.
          if (ctx.job.attempt === 1 && step === 1) await new Promise((_r, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
        }
      });

  async function startWorker(options: Partial<BullJobWorkerOptions> = {}): Promise<BullJobWorker> {
    const worker = new BullJobWorker({ redisUrl: REDIS_URL, queueName, prefix, store, registry: registry(), retryDelayMs: 10, progressIntervalMs: 0, lockDurationMs: 1000, stalledIntervalMs: 300, heartbeatMs: 200, ...options });
    workers.push(worker);
    await worker.start();
    return worker;
  }

  const finished = (id: string): Promise<JobRecord> =>
    waitFor(async () => {
      const job = await queue.get(id);
      return ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
    }, 20000, `job ${id}`);

  beforeEach(async () => {
    store = new MemoryJobStore();
    queue = new BullJobQueue({ redisUrl: REDIS_URL, queueName, prefix, store, registry: registry(), connectTimeoutMs: 5000 });
    await queue.start();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close({ graceMs: 1000 })));
    await queue.obliterate();
    await queue.close();
  });

  it('runs a job and delivers its events to the enqueuing side', async () => {
    await startWorker();
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 3, stepMs: 5 } });
    const events: JobEvent[] = [];
    for await (const event of queue.events(job.id)) events.push(event);
    expect(await queue.get(job.id)).toMatchObject({ status: 'succeeded', attempts: 1, progress: 1 });
    expect(events.flatMap((event) => (event.type === 'progress' ? [event.progress] : []))).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('carries the training curve over Redis and replays it to a late subscriber', async () => {
    await startWorker();
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 4, stepMs: 5 } });
    const events: JobEvent[] = [];
    for await (const event of queue.events(job.id)) events.push(event);
    const expected = [0.75, 0.5, 0.25, 0].map((remaining, i) => ({ epoch: i + 1, values: { remaining } }));
    expect(events.flatMap((event) => (event.type === 'metrics' ? event.points : []))).toEqual(expected);
    expect((await queue.get(job.id)).curve).toEqual(expected);
    const late: JobEvent[] = [];
    for await (const event of queue.events(job.id)) late.push(event);
    expect(late).toMatchObject([{ type: 'status', status: 'succeeded' }, { type: 'metrics', points: expected }]);
  });

  it('retries through BullMQ until the handler succeeds', async () => {
    await startWorker();
    flakyCalls = 0;
    const done = await finished((await queue.enqueue({ kind: 'test.flaky' })).id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, result: { attempt: 2 }, error: null });
    expect(flakyCalls).toBe(2);
  });

  it('cancels over the Redis channel', async () => {
    await startWorker();
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 1000, stepMs: 10 } });
    await waitFor(async () => (await queue.get(job.id)).progress > 0, 10000, 'progress');
    await queue.cancel(job.id);
    expect(await finished(job.id)).toMatchObject({ status: 'cancelled', error: { code: ErrorCode.JOB_CANCELLED } });
  });

  it('re-delivers a stalled job to another worker, which resumes from the checkpoint', async () => {
    const frozen = await startWorker();
    const job = await queue.enqueue({ kind: 'test.stall', params: { steps: 4 } });
    await waitFor(async () => ((await store.get(job.id))?.checkpoint as { done: number } | null)?.done === 2, 10000, 'checkpoint 2');
    // Stop renewing the lock without giving the job back, as a frozen or dead process would.
    await (frozen as unknown as { worker: Worker }).worker.close(true);
    await startWorker();
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, checkpoint: { done: 4 } });
    expect([...effects.entries()].filter(([key]) => key.startsWith(job.id)).map(([, count]) => count)).toEqual([1, 1, 1, 1]);
    // The frozen attempt lost the job: its heartbeat finds another owner and aborts it.
    await waitFor(() => frozen.runner.activeCount === 0, 5000, 'the frozen attempt to be dropped');
  });

  it('fails clearly when Redis cannot be reached', async () => {
    const unreachable = new BullJobQueue({ redisUrl: 'redis://127.0.0.1:1', queueName, prefix, store, registry: registry(), connectTimeoutMs: 300 });
    await expect(unreachable.start()).rejects.toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
    await unreachable.close();
  });
});
