import { ErrorCode, PmedError } from '@pmed/core';
import { waitFor } from '../testing/wait-for';
import { InProcessJobQueue, type InProcessJobQueueOptions } from './in-process-queue';
import { JobErrorCode } from './job-errors';
import type { JobStore } from './job-store';
import { MemoryJobStore } from './memory-job-store';
import { JobHandlerRegistry, type JobContext } from './registry';
import { registerSelftest, SELFTEST_KIND, type SelftestResult } from './selftest-handler';
import type { JobEvent, JobQueue, JobRecord } from './types';
import { storeFactories } from '../testing/store-factories';

const settled = (queue: JobQueue, id: string): Promise<JobRecord> =>
  waitFor(async () => {
    const job = await queue.get(id);
    return ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
  }, 15000, `job ${id} to finish`);

/** Resolves when the abort signal fires, with its reason; models a handler stuck at a safe point. */
const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

describe.each(storeFactories())('InProcessJobQueue on $name', ({ create }) => {
  let store: JobStore;
  let cleanup: () => Promise<void>;
  const queues: InProcessJobQueue[] = [];

  beforeEach(async () => {
    ({ store, cleanup } = await create());
  });

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.close({ graceMs: 500 })));
    await cleanup();
  });

  async function open(registry: JobHandlerRegistry, options: Partial<InProcessJobQueueOptions> = {}): Promise<InProcessJobQueue> {
    const queue = new InProcessJobQueue({ store, registry, retryDelayMs: 10, pollMs: 50, progressIntervalMs: 0, heartbeatMs: 50, ...options });
    queues.push(queue);
    await queue.start();
    return queue;
  }

  it('runs a job to success and stores its result', async () => {
    const queue = await open(registerSelftest(new JobHandlerRegistry()));
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 3, stepMs: 1 }, createdBy: 'key-1' });
    expect(job).toMatchObject({ status: 'queued', attempts: 0, maxAttempts: 3, createdBy: 'key-1', parameters: { steps: 3, stepMs: 1, checkpointEvery: 1, failAttempts: 0 } });
    const done = await settled(queue, job.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, attempts: 1, error: null, checkpoint: { done: 3 } });
    expect(done.result).toEqual({ steps: 3, stepsThisAttempt: 3, resumedFrom: 0, attempt: 1 } satisfies SelftestResult);
    expect(done.finishedAt?.getTime()).toBeGreaterThanOrEqual(done.createdAt.getTime());
  });

  it('publishes progress events in order, ending at 1, then the final status', async () => {
    const queue = await open(registerSelftest(new JobHandlerRegistry()));
    const events: JobEvent[] = [];
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 5, stepMs: 1 } });
    const stop = queue.subscribe(job.id, (event) => events.push(event));
    await settled(queue, job.id);
    await waitFor(() => events.some((event) => event.type === 'status' && event.status === 'succeeded'));
    stop();
    const progress = events.filter((event) => event.type === 'progress').map((event) => (event.type === 'progress' ? event.progress : -1));
    expect(progress).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(events.filter((event) => event.type === 'status').map((event) => (event.type === 'status' ? event.status : ''))).toEqual(['running', 'succeeded']);
  });

  it('throttles progress writes but always delivers the last value', async () => {
    const registry = new JobHandlerRegistry().register('test.fast', async (ctx) => {
      for (let i = 1; i <= 200; i += 1) await ctx.progress(i / 400, `${i}`);
      return 'ok';
    });
    const queue = await open(registry, { progressIntervalMs: 10000 });
    const events: JobEvent[] = [];
    const job = await queue.enqueue({ kind: 'test.fast' });
    queue.subscribe(job.id, (event) => events.push(event));
    await settled(queue, job.id);
    const progress = events.flatMap((event) => (event.type === 'progress' ? [event.progress] : []));
    expect(progress.length).toBeLessThanOrEqual(3);
    expect(progress.at(-1)).toBe(1);
  });

  it('streams events through the async iterator until the job ends', async () => {
    const queue = await open(registerSelftest(new JobHandlerRegistry()));
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 2, stepMs: 20 } });
    const seen: string[] = [];
    for await (const event of queue.events(job.id)) seen.push(event.type === 'status' ? event.status : event.type);
    expect(seen[0]).toBe('queued');
    expect(seen.at(-1)).toBe('succeeded');
    expect(seen).toContain('progress');
    const again: string[] = [];
    for await (const event of queue.events(job.id)) again.push(event.type === 'status' ? event.status : event.type);
    // A finished job's snapshot still carries its curve.
    expect(again).toEqual(['succeeded', 'metrics']);
    await expect(queue.events('no-such-job').next()).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  it('keeps the training curve with the job and publishes it as metrics events', async () => {
    const registry = new JobHandlerRegistry().register('test.curve', async (ctx) => {
      for (let epoch = 1; epoch <= 4; epoch += 1) {
        await ctx.progress(epoch / 4, `epoch ${epoch}/4`);
        // A diverging validation loss at epoch 2 is left out, not refused.
        await ctx.metrics?.(epoch, { loss: 1 / epoch, val_loss: epoch === 2 ? Number.NaN : 1.5 / epoch });
      }
      return 'ok';
    });
    const queue = await open(registry);
    const job = await queue.enqueue({ kind: 'test.curve' });
    expect(job.curve).toEqual([]);
    const live: JobEvent[] = [];
    for await (const event of queue.events(job.id)) live.push(event);
    const expected = [
      { epoch: 1, values: { loss: 1, val_loss: 1.5 } },
      { epoch: 2, values: { loss: 0.5 } },
      { epoch: 3, values: { loss: 1 / 3, val_loss: 0.5 } },
      { epoch: 4, values: { loss: 0.25, val_loss: 0.375 } },
    ];
    expect(live.flatMap((event) => (event.type === 'metrics' ? event.points : []))).toEqual(expected);
    expect((await queue.get(job.id)).curve).toEqual(expected);
    // A subscriber that comes late gets the curve so far in the snapshot, right after the status.
    const late: JobEvent[] = [];
    for await (const event of queue.events(job.id)) late.push(event);
    expect(late.map((event) => event.type)).toEqual(['status', 'metrics']);
    expect(late[1]).toMatchObject({ type: 'metrics', jobId: job.id, points: expected });
  });

  it('throttles curve writes into batched events without losing a point', async () => {
    const registry = new JobHandlerRegistry().register('test.many', async (ctx) => {
      for (let epoch = 1; epoch <= 120; epoch += 1) await ctx.metrics?.(epoch, { loss: 1 / epoch });
    });
    const queue = await open(registry, { progressIntervalMs: 10000 });
    const events: JobEvent[] = [];
    const job = await queue.enqueue({ kind: 'test.many' });
    queue.subscribe(job.id, (event) => events.push(event));
    const done = await settled(queue, job.id);
    const batches = events.flatMap((event) => (event.type === 'metrics' ? [event.points] : []));
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(batches.flat().map((point) => point.epoch)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(done.curve).toHaveLength(120);
  });

  it('starts the curve again when a retried attempt counts epochs from 1', async () => {
    const registry = new JobHandlerRegistry().register('test.retrain', async (ctx) => {
      const epochs = ctx.job.attempt === 1 ? 3 : 2;
      for (let epoch = 1; epoch <= epochs; epoch += 1) await ctx.metrics?.(epoch, { loss: ctx.job.attempt * 10 + epoch });
      if (ctx.job.attempt === 1) throw new PmedError(ErrorCode.SERVICE_UNAVAILABLE, 'lost the GPU');
    });
    const queue = await open(registry);
    const job = await queue.enqueue({ kind: 'test.retrain' });
    const done = await settled(queue, job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(done.curve).toEqual([
      { epoch: 1, values: { loss: 21 } },
      { epoch: 2, values: { loss: 22 } },
    ]);
  });

  it('fails a job that reports a malformed curve point, with the field named', async () => {
    const registry = new JobHandlerRegistry().register('test.badcurve', async (ctx) => {
      await ctx.metrics?.(1, Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`m${i}`, i])));
    });
    const queue = await open(registry);
    const done = await settled(queue, (await queue.enqueue({ kind: 'test.badcurve' })).id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: { code: ErrorCode.BAD_USER_INPUT }, curve: [] });
    expect(done.error?.message).toMatch(/at most 16 metrics/);
  });

  it('retries a failing job up to maxAttempts and stores the error code', async () => {
    let calls = 0;
    const registry = new JobHandlerRegistry().register('test.flaky', async () => {
      calls += 1;
      throw new PmedError(ErrorCode.SERVICE_UNAVAILABLE, `upstream down (call ${calls})`);
    });
    const queue = await open(registry);
    const job = await queue.enqueue({ kind: 'test.flaky', maxAttempts: 3 });
    const done = await settled(queue, job.id);
    expect(calls).toBe(3);
    expect(done).toMatchObject({ status: 'failed', attempts: 3, error: { code: ErrorCode.SERVICE_UNAVAILABLE, message: 'upstream down (call 3)' } });
  });

  it('succeeds on a later attempt after a failure, clearing the error', async () => {
    const queue = await open(registerSelftest(new JobHandlerRegistry()));
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 4, stepMs: 1, failAttempts: 1 } });
    const done = await settled(queue, job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect((done.result as SelftestResult).resumedFrom).toBe(1);
  });

  it('does not retry a failure no attempt can fix', async () => {
    let calls = 0;
    const registry = new JobHandlerRegistry().register('test.bad', async () => {
      calls += 1;
      throw new PmedError(ErrorCode.BAD_USER_INPUT, 'params.file: no such file');
    });
    const queue = await open(registry);
    const done = await settled(queue, (await queue.enqueue({ kind: 'test.bad' })).id);
    expect(calls).toBe(1);
    expect(done.error).toEqual({ code: ErrorCode.BAD_USER_INPUT, message: 'params.file: no such file' });
  });

  it('refuses bad enqueue input with the field named', async () => {
    const queue = await open(registerSelftest(new JobHandlerRegistry()));
    await expect(queue.enqueue({ kind: 'nope.missing' })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { field: 'kind' } });
    await expect(queue.enqueue({ kind: SELFTEST_KIND, maxAttempts: 0 })).rejects.toMatchObject({ details: { field: 'maxAttempts' } });
    await expect(queue.enqueue({ kind: SELFTEST_KIND, params: { steps: -1 } })).rejects.toMatchObject({ details: { field: 'params.steps' } });
    await expect(queue.enqueue({ kind: SELFTEST_KIND, params: { stepz: 1 } })).rejects.toMatchObject({ details: { field: 'params' } });
    await expect(queue.get('missing')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(queue.cancel('missing')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(queue.list({ limit: 0 })).rejects.toMatchObject({ details: { field: 'limit' } });
    await expect(queue.list({ status: 'done' as never })).rejects.toMatchObject({ details: { field: 'status' } });
  });

  it('cancels a queued job at once and a running job through its signal', async () => {
    let sawAbort = false;
    const registry = new JobHandlerRegistry().register('test.wait', async (ctx: JobContext) => {
      await ctx.progress(0.1, 'waiting');
      await untilAborted(ctx.signal).catch((reason: unknown) => {
        sawAbort = true;
        throw reason;
      });
    });
    const queue = await open(registry);
    const running = await queue.enqueue({ kind: 'test.wait' });
    const waiting = await queue.enqueue({ kind: 'test.wait' });
    await waitFor(async () => (await queue.get(running.id)).progress === 0.1);
    const cancelledQueued = await queue.cancel(waiting.id);
    expect(cancelledQueued).toMatchObject({ status: 'cancelled', attempts: 0 });
    const asked = await queue.cancel(running.id);
    expect(asked).toMatchObject({ status: 'running', cancelRequested: true });
    const done = await settled(queue, running.id);
    expect(sawAbort).toBe(true);
    expect(done).toMatchObject({ status: 'cancelled', error: { code: ErrorCode.JOB_CANCELLED } });
    expect((await queue.get(waiting.id)).attempts).toBe(0);
    // Cancelling a finished job changes nothing.
    expect((await queue.cancel(running.id)).status).toBe('cancelled');
  });

  it('resumes a job left running by a crashed process from its checkpoint, without repeating effects', async () => {
    const effects = new Map<string, number>();
    const registry = new JobHandlerRegistry().register('test.effects', async (ctx: JobContext<{ steps: number }, { done: number }>) => {
      for (let step = ctx.checkpoint?.done ?? 0; step < ctx.params.steps; step += 1) {
        const key = `${ctx.job.id}:${step}`;
        effects.set(key, (effects.get(key) ?? 0) + 1);
        await ctx.saveCheckpoint({ done: step + 1 });
        // The first process dies after step 3: it never writes again.
        if (ctx.job.attempt === 1 && step === 2) await untilAborted(ctx.signal);
      }
      return { steps: ctx.params.steps };
    });
    const first = await open(registry, { heartbeatMs: 60000 });
    const job = await first.enqueue({ kind: 'test.effects', params: { steps: 6 } });
    await waitFor(async () => ((await store.get(job.id))?.checkpoint as { done: number } | null)?.done === 3);
    // A second process on the same database: it takes the job back as if the first had died.
    const second = await open(registry);
    const done = await settled(second, job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, checkpoint: { done: 6 } });
    expect([...effects.values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('fails a job whose process keeps dying once maxAttempts is used', async () => {
    const registry = new JobHandlerRegistry().register('test.hang', async (ctx) => untilAborted(ctx.signal));
    const first = await open(registry, { heartbeatMs: 60000 });
    const job = await first.enqueue({ kind: 'test.hang', maxAttempts: 1 });
    await waitFor(async () => (await store.get(job.id))?.status === 'running');
    const second = await open(registry);
    const done = await settled(second, job.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: { code: JobErrorCode.ATTEMPTS_EXHAUSTED } });
    expect(done.error?.message).toMatch(/1 attempt/);
  });

  it('graceful close leaves a running job queued and resumable, with the attempt given back', async () => {
    const registry = registerSelftest(new JobHandlerRegistry());
    const first = await open(registry);
    const job = await first.enqueue({ kind: SELFTEST_KIND, params: { steps: 40, stepMs: 20 } });
    await waitFor(async () => (await store.get(job.id))!.progress >= 0.1);
    await first.close({ graceMs: 2000 });
    const left = (await store.get(job.id))!;
    expect(left).toMatchObject({ status: 'queued', attempts: 0, workerId: null });
    expect((left.checkpoint as { done: number }).done).toBeGreaterThan(0);
    await expect(first.enqueue({ kind: SELFTEST_KIND })).resolves.toMatchObject({ status: 'queued' });
    const second = await open(registry);
    const done = await settled(second, job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((done.result as SelftestResult).resumedFrom).toBeGreaterThan(0);
  });

  it('leaves a job that ignores the shutdown queued once the grace period is over', async () => {
    let release: () => void = () => undefined;
    const registry = new JobHandlerRegistry().register('test.stubborn', async (ctx) => {
      await ctx.progress(0.5);
      await new Promise<void>((resolve) => (release = resolve));
      await ctx.progress(0.9);
    });
    const queue = await open(registry);
    const job = await queue.enqueue({ kind: 'test.stubborn' });
    await waitFor(async () => (await store.get(job.id))!.progress === 0.5);
    await queue.close({ graceMs: 100 });
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.get(job.id)).toMatchObject({ status: 'queued', attempts: 1, progress: 0.5 });
  });

  it('runs up to `concurrency` jobs at once and lists them newest first', async () => {
    let running = 0;
    let peak = 0;
    const registry = new JobHandlerRegistry().register('test.slow', async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 40));
      running -= 1;
    });
    const queue = await open(registry, { concurrency: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await queue.enqueue({ kind: 'test.slow' })).id);
    for (const id of ids) await settled(queue, id);
    expect(peak).toBe(2);
    const page1 = await queue.list({ limit: 3, kind: 'test.slow' });
    expect(page1.items.map((job) => job.id)).toEqual(ids.slice(2).reverse());
    const page2 = await queue.list({ limit: 3, kind: 'test.slow', cursor: page1.nextCursor });
    expect(page2.items.map((job) => job.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.nextCursor).toBeNull();
    expect((await queue.list({ status: 'failed' })).items).toEqual([]);
  });

  it('keeps job logs', async () => {
    const registry = new JobHandlerRegistry().register('test.log', async (ctx) => {
      await ctx.log('info', 'first');
      await ctx.log('warn', 'second');
    });
    const queue = await open(registry);
    const job = await queue.enqueue({ kind: 'test.log' });
    await settled(queue, job.id);
    expect((await queue.logs(job.id)).map((log) => [log.level, log.message])).toEqual([
      ['info', 'first'],
      ['warn', 'second'],
    ]);
  });
});

describe('MemoryJobStore', () => {
  it('fences writes of an attempt that lost its job', async () => {
    const store = new MemoryJobStore();
    const job = await store.create({ kind: 'k', parameters: {}, maxAttempts: 2, createdBy: null });
    const exhausted = { code: 'X', message: 'x' };
    await store.claim({ id: job.id, workerId: 'a', allowRunning: false, exhaustedError: exhausted });
    const second = await store.claim({ id: job.id, workerId: 'b', allowRunning: true, exhaustedError: exhausted });
    expect(second).toMatchObject({ outcome: 'claimed', job: { attempts: 2, workerId: 'b' } });
    expect(await store.updateAttempt(job.id, 'a', { progress: 0.5 })).toBe(false);
    expect(await store.finishAttempt(job.id, 'a', { status: 'succeeded' })).toBeNull();
    expect(await store.updateAttempt(job.id, 'b', { progress: 0.5 })).toBe(true);
  });
});
