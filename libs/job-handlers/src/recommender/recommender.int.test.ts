import { ErrorCode } from '@pmed/core';
import { loadDemoData, ModelVersionRepository, openTestDatabase, skipServiceTests, type TestDatabase } from '@pmed/data';
import { InProcessJobQueue, JobHandlerRegistry, PrismaJobStore, testJobContext, type JobRecord } from '@pmed/jobs';
import { loadRecommender, type RecommenderTrainOptions } from './recommender-engine';
import { RECOMMENDER_TRAIN_KIND, registerRecommenderJobs, trainRecommenderHandler, type RecommenderTrainResult } from './recommender-jobs';
import { bookPatientAssignment, planPatientAssignment, recommendDoctorsForPatient } from './recommender-queries';

// The recommender's training job and bookings on PostgreSQL (artifact bytes, job rows, row locks).
// Fails when PostgreSQL is unreachable, unless PMED_SKIP_SERVICE_TESTS=1.
(skipServiceTests() ? describe.skip : describe)('recommender on PostgreSQL', () => {
  let db: TestDatabase;
  let queue: InProcessJobQueue;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    await loadDemoData(db);
    const registry = new JobHandlerRegistry();
    registerRecommenderJobs(registry, { db });
    queue = new InProcessJobQueue({ store: new PrismaJobStore(db.client), registry, pollMs: 50, retryDelayMs: 10, progressIntervalMs: 0, heartbeatMs: 200 });
    await queue.start();
  });
  afterAll(async () => {
    await queue?.close();
    await db?.drop();
  });

  async function finished(id: string): Promise<JobRecord> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const job = await queue.get(id);
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('runs recommender.train from the queue, stores a ready ModelVersion and serves from it', async () => {
    await expect(queue.enqueue({ kind: RECOMMENDER_TRAIN_KIND, params: { folds: 1 } })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
    const job = await finished((await queue.enqueue({ kind: RECOMMENDER_TRAIN_KIND, params: { folds: 3, seed: 1 } })).id);
    expect(job.status).toBe('succeeded');
    const result = job.result as RecommenderTrainResult;
    expect(result.metrics.doctor!.rmse).toBeGreaterThan(0);
    expect(result.metrics.drug!.ratings).toBeGreaterThan(0);

    const row = await new ModelVersionRepository(db).latest('recommender', 'default');
    expect(row).toMatchObject({ id: result.modelVersionId, version: result.version, status: 'ready', jobId: job.id, parameters: { algorithm: 'als', folds: 3, seed: 1 } });
    const loaded = await loadRecommender(db); // reads the artifact bytes back and checks the checksum
    expect(loaded.version).toBe(result.version);
    expect(loaded.models.doctor!.baseline.userIndex.size).toBeGreaterThan(0);
    const served = await recommendDoctorsForPatient(db, { patientId: 'demo-patient-02', conditionCode: 'Atrial fibrillation', k: 3 });
    expect(served.modelVersion).toBe(result.version);
    expect(served.items.length).toBeGreaterThan(0);

    // A retried attempt of the same job finishes its own row instead of adding a version.
    const params: RecommenderTrainOptions = { algorithm: 'als', folds: 3, seed: 1 };
    const ctx = testJobContext({ params, job: { id: job.id, kind: RECOMMENDER_TRAIN_KIND, attempt: 2, maxAttempts: 3 } });
    expect((await trainRecommenderHandler({ db }, ctx)).version).toBe(result.version);
    expect(await db.client.modelVersion.count({ where: { module: 'recommender' } })).toBe(1);
  });

  it('two bookings racing for the same slots: one books, the other is refused and writes nothing', async () => {
    await db.client.doctor.updateMany({ data: { openSlots: 1 } });
    const plan = await planPatientAssignment(db, { patientIds: ['demo-patient-01', 'demo-patient-02'], conditionCode: 'I10' });
    const placed = plan.assignments.filter((a) => a.doctorId);
    expect(placed.length).toBeGreaterThan(0);
    const outcomes = await Promise.allSettled([bookPatientAssignment(db, plan), bookPatientAssignment(db, plan)]);
    const booked = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: ErrorCode.CONFLICT, details: expect.objectContaining({ reason: 'CAPACITY_CHANGED' }) });
    expect(await db.client.appointment.count()).toBe(placed.length);
    for (const a of placed) expect((await db.client.doctor.findUniqueOrThrow({ where: { id: a.doctorId! } })).openSlots).toBe(0);
  });
});
