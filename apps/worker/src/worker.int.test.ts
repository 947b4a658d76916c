import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@pmed/core';
import { openTestDatabase } from '@pmed/data';
import { BullJobQueue, JobHandlerRegistry, PrismaJobStore, registerSelftest, SELFTEST_KIND, type JobEvent, type JobRecord } from '@pmed/jobs';
import { EFFECTS_KIND, registerJobHandlers } from './testing/test-handlers';

// BullMQ on Redis with PostgreSQL, the worker in child processes. These fail when the services are
// down; PMED_SKIP_SERVICE_TESTS=1 skips them on machines without Redis and PostgreSQL.
const describeServices = process.env['PMED_SKIP_SERVICE_TESTS'] === '1' ? describe.skip : describe;
const REDIS_URL = process.env['PMED_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ROOT = resolve(__dirname, '../../..');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/src/main.js');
const TEST_HANDLERS = join(ROOT, 'dist/apps/worker/src/testing/test-handlers.js');

jest.setTimeout(120000);

async function waitFor<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeServices('worker on BullMQ + PostgreSQL', () => {
  const queueName = `it-${process.pid}-${randomBytes(3).toString('hex')}`;
  const prefix = 'pmed-test';
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let queue: BullJobQueue;
  let effectsDir: string;
  const workers = new Set<ChildProcess>();

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'tools/scripts/build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    db = await openTestDatabase('postgres');
    effectsDir = mkdtempSync(join(tmpdir(), 'pmed-effects-'));
    const registry = registerSelftest(new JobHandlerRegistry());
    registerJobHandlers(registry, { db });
    queue = new BullJobQueue({ redisUrl: REDIS_URL, queueName, prefix, store: new PrismaJobStore(db.client), registry, connectTimeoutMs: 5000 });
    await queue.start();
  });

  afterAll(async () => {
    for (const child of workers) child.kill('SIGKILL');
    await queue?.obliterate().catch(() => undefined);
    await queue?.close();
    await db?.drop();
    if (effectsDir) rmSync(effectsDir, { recursive: true, force: true });
  });

  /** Starts `node dist/apps/worker/src/main.js` and resolves once it consumes the queue. */
  async function startWorker(): Promise<{ child: ChildProcess; output: () => string; exited: Promise<string> }> {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL,
        PMED_QUEUE_NAME: queueName,
        PMED_QUEUE_PREFIX: prefix,
        PMED_JOB_LOCK_MS: '1500',
        PMED_JOB_STALLED_MS: '500',
        PMED_SHUTDOWN_GRACE_MS: '5000',
        PMED_WORKER_HANDLERS: TEST_HANDLERS,
        PMED_DEMO: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.add(child);
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    // 'code 0', or the signal that ended it ('SIGTERM': Nest re-raises it once its shutdown hooks ran).
    const exited = new Promise<string>((done) => child.on('exit', (code, signal) => (workers.delete(child), done(signal ?? `code ${code}`))));
    await waitFor(async () => /consuming/.test(text) || (child.exitCode !== null && Promise.reject(new Error(`worker exited:\n${text}`))), 'the worker to start');
    return { child, output: () => text, exited };
  }

  const row = async (id: string): Promise<JobRecord> => queue.get(id);
  const finished = (id: string): Promise<JobRecord> =>
    waitFor(async () => {
      const job = await row(id);
      return ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
    }, `job ${id} to finish`);

  it('runs a job enqueued here in the worker process, with events reaching this side', async () => {
    const worker = await startWorker();
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 4, stepMs: 30 } });
    const events: JobEvent[] = [];
    const iterator = queue.events(job.id);
    for await (const event of iterator) events.push(event);
    const done = await row(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, progress: 1, result: { steps: 4, stepsThisAttempt: 4 } });
    expect(done.workerId).toBeNull();
    const progress = events.flatMap((event) => (event.type === 'progress' ? [event.progress] : []));
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'succeeded' });
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe('SIGTERM');
    expect(worker.output()).toMatch(/stopped cleanly/);
  });

  it('completes a job once after its worker is killed mid-job, without repeating effects', async () => {
    const first = await startWorker();
    const job = await queue.enqueue({ kind: EFFECTS_KIND, params: { steps: 6, stepMs: 30, pauseAfter: 3, effectsDir } });
    await waitFor(async () => ((await row(job.id)).checkpoint as { done?: number } | null)?.done === 3, 'the checkpoint after step 3');
    first.child.kill('SIGKILL');
    await first.exited;
    expect((await row(job.id)).status).toBe('running');
    const second = await startWorker();
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, checkpoint: { done: 6 } });
    const effects = readFileSync(join(effectsDir, `${job.id}.log`), 'utf8').trim().split('\n');
    expect(effects).toEqual(['0 1', '1 1', '2 1', '3 2', '4 2', '5 2']);
    expect(await db.client.modelVersion.count({ where: { jobId: job.id } })).toBe(1);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('cancels a job running in another process', async () => {
    const worker = await startWorker();
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 500, stepMs: 20 } });
    const statuses: string[] = [];
    queue.subscribe(job.id, (event) => event.type === 'status' && statuses.push(event.status));
    await waitFor(async () => (await row(job.id)).progress > 0, 'progress');
    expect((await queue.cancel(job.id)).cancelRequested).toBe(true);
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'cancelled', error: { code: ErrorCode.JOB_CANCELLED } });
    expect(done.progress).toBeLessThan(1);
    await waitFor(async () => statuses.includes('cancelled'), 'the cancelled event');
    worker.child.kill('SIGTERM');
    await worker.exited;
  });

  it('leaves a running job queued and resumable on SIGTERM, and the next worker finishes it', async () => {
    const first = await startWorker();
    const job = await queue.enqueue({ kind: SELFTEST_KIND, params: { steps: 60, stepMs: 30 } });
    await waitFor(async () => (await row(job.id)).progress >= 0.1, 'progress');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe('SIGTERM');
    expect(first.output()).toMatch(/stopped cleanly/);
    expect(await row(job.id)).toMatchObject({ status: 'queued', attempts: 0, workerId: null });
    const second = await startWorker();
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((done.result as { resumedFrom: number }).resumedFrom).toBeGreaterThan(0);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
