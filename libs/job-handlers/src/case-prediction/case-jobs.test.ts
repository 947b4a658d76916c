import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoData, openTestDatabase, type TestDatabase } from '@pmed/data';
import { testJobContext, type TestJobContext } from '@pmed/jobs';
import { selectBackend } from '@pmed/tensor';
import { loadCaseModel, predictEncounterOutcome, resolveCaseModelVersion } from './case-models';
import { validateCaseScoreParams, validateCaseTrainParams, type CaseScoreParams, type CaseTrainParams } from './case-params';
import { runCaseScoring, type CaseScoreCheckpoint } from './case-score';
import { runCaseTraining } from './case-train';
import { importPhysionet2012 } from './physionet-import';

function context<P, C = unknown>(id: string, params: P, checkpoint?: C): TestJobContext<P, C> {
  return testJobContext<P, C>({ params, checkpoint, job: { id, maxAttempts: 3 } });
}

function record(id: number, hrShift: number): string {
  const lines = ['Time,Parameter,Value', `00:00,RecordID,${id}`, '00:00,Age,61', '00:00,Gender,1', '00:00,Height,-1', '00:00,ICUType,3', '00:00,Weight,80'];
  for (let h = 0; h < 48; h += 4) lines.push(`${String(h).padStart(2, '0')}:10,HR,${80 + hrShift}`, `${String(h).padStart(2, '0')}:10,MAP,${75 - hrShift / 2}`);
  lines.push('05:00,Oddity,1');
  return lines.join('\n');
}

describe('case-prediction jobs', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    await selectBackend({ forced: 'wasm' });
    db = await openTestDatabase('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'pn2012-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('imports PhysioNet records idempotently and reports unknown parameters', async () => {
    const outcomes = ['RecordID,SAPS-I,SOFA,Length_of_stay,Survival,In-hospital_death'];
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(dir, `${1000 + i}.txt`), record(1000 + i, i % 2 ? 30 : 0));
      outcomes.push(`${1000 + i},10,3,7,-1,${i % 2}`);
    }
    writeFileSync(join(dir, 'Outcomes.csv'), outcomes.join('\n'));
    const first = await importPhysionet2012(db, { dir, outcomesFile: join(dir, 'Outcomes.csv') });
    expect(first).toMatchObject({ records: 4, created: 4, updated: 0, unchanged: 0, observations: 4 * 24, unknownParameters: { Oddity: 4 }, outcomesWithoutRecord: 0 });
    const again = await importPhysionet2012(db, { dir, outcomesFile: join(dir, 'Outcomes.csv') });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, observations: 0 });
    expect(await db.client.observation.count()).toBe(96);
    writeFileSync(join(dir, '1000.txt'), record(1000, 0) + '\n47:00,HR,90');
    expect(await importPhysionet2012(db, { dir, outcomesFile: join(dir, 'Outcomes.csv') })).toMatchObject({ updated: 1, unchanged: 3, observations: 25 });
    expect(await db.client.observation.count()).toBe(97);
    const enc = await db.client.encounter.findFirst({ where: { externalId: '1001' }, include: { patient: true } });
    expect(enc?.descriptors).toEqual({ age: 61, sex: 'male', heightCm: null, weightKg: 80, icuType: 'Medical ICU' });
    expect(enc?.outcomes).toMatchObject({ inHospitalDeath: true, sofa: 3 });
    expect(enc?.patient).toMatchObject({ mrn: 'PN2012-1001', source: 'physionet2012', synthetic: false });
    writeFileSync(join(dir, '1004.txt'), record(1004, 0).replace('00:10,HR,80', '00:10,HR'));
    await expect(importPhysionet2012(db, { dir, outcomesFile: join(dir, 'Outcomes.csv') })).rejects.toThrow(/^1004\.txt:8: expected 3/);
    rmSync(join(dir, '1004.txt'));
  });

  it('trains on the demo ICU stays, predicts a patient with drivers, and scores a cohort once per job', async () => {
    // The demo loads only into an empty database, so this test has one of its own.
    const demoDb = await openTestDatabase('sqlite');
    try {
      await demoTraining(demoDb);
    } finally {
      await demoDb.drop();
    }
  }, 60000);

  it('refuses bad parameters and unknown outcomes', async () => {
    expect(() => validateCaseTrainParams({ cell: 'rnn' })).toThrow(/params.cell: must be one of lstm, gru/);
    expect(() => validateCaseTrainParams({ hours: 48, binHours: 5 })).toThrow(/divide hours/);
    expect(() => validateCaseTrainParams({ nope: 1 })).toThrow(/unknown field/);
    expect(validateCaseTrainParams({})).toMatchObject({ summaryStats: ['first', 'last', 'min', 'max', 'mean', 'count'], ensembleSize: 5 });
    expect(validateCaseTrainParams({ summaryStats: [], ensembleSize: 3 })).toMatchObject({ summaryStats: [], ensembleSize: 3 });
    expect(validateCaseTrainParams({ summaryStats: ['std', 'count'] }).summaryStats).toEqual(['std', 'count']);
    expect(() => validateCaseTrainParams({ summaryStats: ['mean', 'median'] })).toThrow(/params.summaryStats: must list distinct statistics/);
    expect(() => validateCaseTrainParams({ summaryStats: ['mean', 'mean'] })).toThrow(/params.summaryStats/);
    expect(() => validateCaseTrainParams({ summaryStats: 'mean' })).toThrow(/params.summaryStats/);
    expect(() => validateCaseTrainParams({ ensembleSize: 21 })).toThrow(/params.ensembleSize: must be an integer in 1..20/);
    expect(() => validateCaseScoreParams({ filter: { limit: 0 } })).toThrow(/limit/);
    const params = validateCaseTrainParams({ outcome: 'neverRecorded', epochs: 1 });
    await expect(runCaseTraining(db, context('train-x', params))).rejects.toThrow(/no encounter in the selection records the outcome "neverRecorded"/);
    await expect(resolveCaseModelVersion(db, { name: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

async function demoTraining(db: TestDatabase): Promise<void> {
  expect((await loadDemoData(db)).loaded).toBe(true);
  const params: CaseTrainParams = validateCaseTrainParams({ name: 'demo', outcome: 'deteriorated', filter: { source: 'demo' }, hours: 24, epochs: 2, units: 4, hidden: 4, patience: 0, ensembleSize: 1 });
  const result = await runCaseTraining(db, context('train-1', params));
  expect(result).toMatchObject({ name: 'demo', version: 1, stays: 20, unlabelled: 0 });
  // The registry draws these: the validation ROC curve and reliability bins, and one history value per epoch.
  const stored = (await db.client.modelVersion.findUniqueOrThrow({ where: { id: result.modelVersionId } })).metrics as { rocCurve: { fpr: number[]; tpr: number[] }; reliability: { meanPredicted: number; observed: number; count: number }[]; history: Record<string, (number | null)[]> };
  expect(stored.rocCurve.fpr.length).toBeGreaterThan(1);
  expect(stored.rocCurve.fpr.length).toBeLessThanOrEqual(100);
  expect(stored.rocCurve.tpr).toHaveLength(stored.rocCurve.fpr.length);
  expect([stored.rocCurve.fpr.at(-1), stored.rocCurve.tpr.at(-1)]).toEqual([1, 1]);
  expect(stored.reliability.length).toBeGreaterThan(0);
  expect(stored.reliability.every((b) => b.count > 0 && b.meanPredicted >= 0 && b.observed <= 1)).toBe(true);
  expect(stored.history['loss']).toHaveLength(2);
  expect(stored.history['val_loss']).toHaveLength(2);
  expect(stored.history['val_auc']?.every((v) => typeof v === 'number')).toBe(true);
  const version = await resolveCaseModelVersion(db, { name: 'demo' });
  const model = await loadCaseModel(db, version.id);
  try {
    const prediction = await predictEncounterOutcome(db, { patientId: 'demo-patient-01', modelVersion: version, model });
    expect(prediction.encounterId).toBe('demo-encounter-01');
    expect(prediction.result.calibratedRisk).toBeGreaterThanOrEqual(0);
    expect(prediction.result.calibratedRisk).toBeLessThanOrEqual(1);
    expect(prediction.result.explanation?.drivers.length).toBeGreaterThan(0);
    expect(prediction.heatmapSvg).toContain('<svg');
    await expect(predictEncounterOutcome(db, { patientId: 'demo-patient-01', encounterId: 'demo-encounter-02', modelVersion: version, model })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  } finally {
    model.model.dispose();
  }
  const scoreParams: CaseScoreParams = validateCaseScoreParams({ name: 'demo', filter: { source: 'demo' } });
  const first = context<CaseScoreParams, CaseScoreCheckpoint>('score-1', scoreParams);
  expect(await runCaseScoring(db, first)).toMatchObject({ encounters: 20, scored: 20, skipped: 0 });
  // A retry that lost its checkpoint rewrites its own rows instead of adding more.
  expect(await runCaseScoring(db, context<CaseScoreParams, CaseScoreCheckpoint>('score-1', scoreParams))).toMatchObject({ scored: 20 });
  const resumed = await runCaseScoring(db, context<CaseScoreParams, CaseScoreCheckpoint>('score-1', scoreParams, first.saved[first.saved.length - 1]));
  expect(resumed.scored).toBe(20);
  expect(await db.client.riskPrediction.count()).toBe(20);
  const row = await db.client.riskPrediction.findFirst({ where: { encounterId: 'demo-encounter-01' } });
  expect(row).toMatchObject({ outcome: 'deteriorated', modelVersionId: version.id });
  expect(Array.isArray(row?.drivers)).toBe(true);
}
