import { ErrorCode } from '@pmed/core';
import { loadDemoData, ModelVersionRepository, openTestDatabase, type TestDatabase } from '@pmed/data';
import type { JobContext } from '@pmed/jobs';
import { SAFETY_RULES } from '@pmed/recommender';
import { importRatings } from './import-ratings';
import { loadDrugs, loadPatientProfile, loadRatings } from './recommender-data';
import { loadRecommender, validateTrainOptions, type RecommenderTrainOptions } from './recommender-engine';
import { trainRecommenderHandler } from './recommender-jobs';
import { assignPatientsToDoctors, rateItem, recommendDoctorsForPatient, recommendDrugsForPatient } from './recommender-queries';

describe('recommender on the demo database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    await loadDemoData(db);
  });
  afterAll(async () => db?.drop());

  const every = async (patientId: string, conditions: string[]) => {
    const out = [];
    for (const conditionCode of conditions) out.push(await recommendDrugsForPatient(db, { patientId, conditionCode, k: 50, includeFiltered: true }));
    return out;
  };

  it('patient 01 (penicillin allergy) is never offered a penicillin', async () => {
    const p = await loadPatientProfile(db, 'demo-patient-01');
    const results = await every(p.id, p.conditions.map((c) => c.code));
    const pneumonia = results.find((r) => r.condition.display === 'Community-acquired pneumonia' || r.condition.display === 'Sepsis')!;
    expect(pneumonia.filtered.map((f) => f.name)).toEqual(expect.arrayContaining(['piperacillin-tazobactam']));
    expect(pneumonia.filtered.find((f) => f.name === 'piperacillin-tazobactam')!.findings[0]!.rule).toBe(SAFETY_RULES.ALLERGY_CONTRAINDICATION);
    for (const r of results) for (const item of r.items) expect(['amoxicillin', 'piperacillin-tazobactam']).not.toContain(item.name);
    expect(results.some((r) => r.items.some((i) => i.name === 'ceftriaxone'))).toBe(true);
  });

  it('patient 02 (on warfarin) is never offered an interacting drug', async () => {
    const results = await every('demo-patient-02', ['Atrial fibrillation', 'Coronary artery disease', 'Deep vein thrombosis', 'Community-acquired pneumonia']);
    const offered = results.flatMap((r) => r.items.map((i) => i.name));
    for (const bad of ['aspirin', 'clopidogrel', 'amiodarone', 'clarithromycin', 'ibuprofen', 'apixaban', 'heparin']) expect(offered).not.toContain(bad);
    const interactions = results.flatMap((r) => r.filtered).filter((f) => f.findings.some((x) => x.rule === SAFETY_RULES.DRUG_INTERACTION));
    expect(interactions.map((f) => f.name)).toEqual(expect.arrayContaining(['aspirin', 'amiodarone', 'clarithromycin']));
  });

  it('patient 03 (CKD stage 4) is never offered metformin or nitrofurantoin', async () => {
    const results = await every('demo-patient-03', ['Type 2 diabetes mellitus', 'Urinary tract infection']);
    const offered = results.flatMap((r) => r.items.map((i) => i.name));
    expect(offered).not.toContain('metformin');
    expect(offered).not.toContain('nitrofurantoin');
    expect(offered).toContain('empagliflozin');
    // The demo gives this patient insulin already (metformin being contraindicated).
    expect(results[0]!.filtered.find((f) => f.name === 'insulin glargine')!.findings[0]!.rule).toBe(SAFETY_RULES.DUPLICATE_THERAPY);
    expect(results[0]!.filtered.find((f) => f.name === 'metformin')!.findings[0]).toMatchObject({ rule: SAFETY_RULES.CONDITION_CONTRAINDICATION, drugTerm: 'Chronic kidney disease stage 4' });
    expect((await recommendDrugsForPatient(db, { patientId: 'demo-patient-03', conditionCode: 'E11.9', k: 5, includeFiltered: false })).filtered).toEqual([]);
  });

  it('recommends doctors on the fly before any training, and refuses bad requests', async () => {
    const r = await recommendDoctorsForPatient(db, { patientId: 'demo-patient-02', conditionCode: 'Atrial fibrillation', k: 3 });
    expect(r.modelVersion).toBeNull();
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items[0]!.explanation).toMatch(/mean/);
    await expect(recommendDoctorsForPatient(db, { patientId: 'nobody', conditionCode: 'I10', k: 3 })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(recommendDoctorsForPatient(db, { patientId: 'demo-patient-02', conditionCode: 'zzz', k: 3 })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(recommendDoctorsForPatient(db, { patientId: 'demo-patient-02', conditionCode: 'I10', k: 0 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });

  it('assigns patients within open slots', async () => {
    const ids = Array.from({ length: 8 }, (_, k) => `demo-patient-${String(k + 1).padStart(2, '0')}`);
    const { assignments, unassigned } = await assignPatientsToDoctors(db, { patientIds: ids, conditionCode: 'I10' });
    const doctors = await db.client.doctor.findMany();
    const load = new Map<string, number>();
    for (const a of assignments) if (a.doctorId) load.set(a.doctorId, (load.get(a.doctorId) ?? 0) + 1);
    for (const [id, n] of load) expect(n).toBeLessThanOrEqual(doctors.find((d) => d.id === id)!.openSlots);
    expect(assignments.filter((a) => a.doctorId).length + unassigned).toBe(8);
  });

  it('rates, trains a ModelVersion through the job handler, then serves from it', async () => {
    await expect(rateItem(db, 'drug', { patientId: 'demo-patient-01', itemId: 'demo-drug-ceftriaxone', value: 6 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
    await rateItem(db, 'drug', { patientId: 'demo-patient-01', itemId: 'demo-drug-ceftriaxone', value: 5 });
    const params: RecommenderTrainOptions = validateTrainOptions({ folds: 3 });
    const ctx = { job: { id: 'job-rec-1', kind: 'recommender.train', attempt: 1, maxAttempts: 3 }, params, signal: new AbortController().signal, progress: async () => undefined, log: async () => undefined, checkpoint: undefined, saveCheckpoint: async () => undefined, throwIfAborted: () => undefined } as JobContext<RecommenderTrainOptions>;
    const first = await trainRecommenderHandler({ db }, ctx);
    const again = await trainRecommenderHandler({ db }, ctx);
    expect(again.version).toBe(first.version); // a retried job keeps its own row
    expect(first.metrics.doctor!.rmse).toBeGreaterThan(0);
    expect((await new ModelVersionRepository(db).latest('recommender', 'default'))!.status).toBe('ready');
    expect((await loadRecommender(db)).version).toBe(first.version);
    expect(() => validateTrainOptions({ algorithm: 'svd' })).toThrow(/algorithm/);
  });

  it('stores the sentiment of feedback and turns a feedback without a value into an implicit rating', async () => {
    // A fixed scorer: the clinical analyser itself is tested in libs/nlp (its lexicon needs an ESM transform under jest).
    const scorer = (text: string): number => (text.includes('rude') ? -1 : 0.6);
    const explicit = await rateItem(db, 'doctor', { patientId: 'demo-patient-04', itemId: 'demo-doctor-02', value: 2, feedback: 'kind but rushed' }, scorer);
    expect(explicit).toMatchObject({ value: 2, sentiment: 0.6, source: 'api' });
    const implicit = await rateItem(db, 'doctor', { patientId: 'demo-patient-04', itemId: 'demo-doctor-03', feedback: 'rude and dismissive' }, scorer);
    expect(implicit).toMatchObject({ value: 1, sentiment: -1, source: 'feedback-sentiment' });
    const stored = await db.client.rating.findUniqueOrThrow({ where: { id: implicit.id } });
    expect(stored).toMatchObject({ value: 1, sentiment: -1, feedback: 'rude and dismissive' });
    expect((await loadRatings(db, 'doctor', 'demo-patient-04')).some((r) => r.itemId === 'demo-doctor-03' && r.value === 1)).toBe(true);
    await expect(rateItem(db, 'doctor', { patientId: 'demo-patient-04', itemId: 'demo-doctor-03', feedback: '  ' }, scorer)).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });

  it('imports a ratings file all or nothing, naming the bad line', async () => {
    const before = await db.client.rating.count();
    const drugs = await loadDrugs(db);
    const good = `demo-patient-04\t${drugs[0]!.id}\t4\t1700000000\ndemo-patient-05\t${drugs[1]!.id}\t2\t1700000100\n`;
    await expect(importRatings(db, { text: `${good}demo-patient-06\t${drugs[2]!.id}\tfive\t1700000200\n`, domain: 'drug' })).rejects.toThrow(/line 3/);
    await expect(importRatings(db, { text: `${good}ghost\t${drugs[2]!.id}\t3\t1700000200\n`, domain: 'drug' })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND, details: expect.objectContaining({ line: 3 }) });
    expect(await db.client.rating.count()).toBe(before);
    expect(await importRatings(db, { text: good, domain: 'drug' })).toEqual({ domain: 'drug', imported: 2 });
    expect(await db.client.rating.count()).toBe(before + 2);
  });
});
