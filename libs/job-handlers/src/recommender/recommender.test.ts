import { ErrorCode } from '@pmed/core';
import { loadDemoData, ModelVersionRepository, openTestDatabase, type TestDatabase } from '@pmed/data';
import { testJobContext } from '@pmed/jobs';
import { SAFETY_RULES } from '@pmed/recommender';
import { importDoctorCatalogue, importDrugCatalogue } from './import-catalogue';
import { importRatings } from './import-ratings';
import { loadDrugs, loadPatientProfile, loadRatings } from './recommender-data';
import { loadRecommender, validateTrainOptions, type RecommenderTrainOptions } from './recommender-engine';
import { trainRecommenderHandler } from './recommender-jobs';
import { evaluateRecommender } from './recommender-engine';
import { assignPatientsToDoctors, bookPatientAssignment, planPatientAssignment, rateItem, recommendDoctorsForPatient, recommendDrugsForPatient } from './recommender-queries';

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
    const ctx = testJobContext({ params, job: { id: 'job-rec-1', kind: 'recommender.train', maxAttempts: 3 } });
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

  it('imports a drug catalogue whose codes the safety filter matches against conditions and medications', async () => {
    const csv = [
      'code,name,classes,indications,contraindications,interactions,id',
      // Contraindicated by ICD-10 code; patient 03 has CKD stage 4 recorded by SNOMED code and name.
      'A10BB09,gliclazide,sulfonylurea;antidiabetic,E11.9,N18.4;hypoglycemia,,csv-drug-gliclazide',
      // Interacts with warfarin by its ATC code; patient 02 takes warfarin.
      'B01AC30,"dipyridamole, aspirin",antiplatelet,Ischemic stroke;Atrial fibrillation,active bleeding,B01AA03,',
    ].join('\n');
    expect(await importDrugCatalogue(db, { text: csv })).toMatchObject({ created: 2, updated: 0 });
    const t2dm = await recommendDrugsForPatient(db, { patientId: 'demo-patient-03', conditionCode: 'Type 2 diabetes mellitus', k: 50, includeFiltered: true });
    expect(t2dm.filtered.find((f) => f.drugId === 'csv-drug-gliclazide')!.findings[0]).toMatchObject({ rule: SAFETY_RULES.CONDITION_CONTRAINDICATION, drugTerm: 'N18.4' });
    const af = await recommendDrugsForPatient(db, { patientId: 'demo-patient-02', conditionCode: 'Atrial fibrillation', k: 50, includeFiltered: true });
    expect(af.items.map((i) => i.name)).not.toContain('dipyridamole, aspirin');
    expect(af.filtered.find((f) => f.name === 'dipyridamole, aspirin')!.findings.map((f) => f.rule)).toContain(SAFETY_RULES.DRUG_INTERACTION);
    // An id that does not belong to the drug with that code is refused, naming the line.
    await expect(importDrugCatalogue(db, { text: 'code,name,id\nA10BB09,gliclazide,other-id\n' })).rejects.toMatchObject({ code: ErrorCode.CONFLICT, message: expect.stringMatching(/line 2: code A10BB09 is the stored drug csv-drug-gliclazide, not other-id/) });
  });

  it('re-importing doctors with fewer columns keeps the fields of the columns left out', async () => {
    const before = await db.client.doctor.findUniqueOrThrow({ where: { id: 'demo-doctor-01' } });
    const result = await importDoctorCatalogue(db, { text: `id,name,specialties,openSlots\ndemo-doctor-01,${before.name},cardiology,7\n` });
    expect(result).toMatchObject({ created: 0, updated: 1, columns: ['id', 'name', 'specialties', 'openSlots'] });
    const after = await db.client.doctor.findUniqueOrThrow({ where: { id: 'demo-doctor-01' } });
    expect(after).toMatchObject({ specialties: ['cardiology'], openSlots: 7, languages: before.languages, procedures: before.procedures, outcomes: before.outcomes });
  });

  it('evaluates top-N for the baseline and the hybrid ranking', async () => {
    const [doctor, drug] = await evaluateRecommender(db, { algorithm: 'als', folds: 3, seed: 0, k: 5 });
    for (const e of [doctor!, drug!]) {
      expect(e.topN!.baseline.k).toBe(5);
      expect(e.topN!.hybrid.users).toBe(e.topN!.baseline.users);
      expect(e.topN!.hybridWeight).toBeGreaterThanOrEqual(0);
      expect(e.topN!.trainRatings + e.topN!.testRatings).toBe(e.ratings);
    }
  });

  // Last: it changes the doctors' open slots.
  it('books an assignment all or nothing, and later assignments see the reduced capacity', async () => {
    const ids = ['demo-patient-01', 'demo-patient-02', 'demo-patient-03'];
    await db.client.doctor.updateMany({ data: { openSlots: 1 } });
    const slots = async () => Object.fromEntries((await db.client.doctor.findMany()).map((d) => [d.id, d.openSlots]));
    const plan = await planPatientAssignment(db, { patientIds: ids, conditionCode: 'I10' });
    const placed = plan.assignments.filter((a) => a.doctorId);
    expect(placed.length).toBeGreaterThanOrEqual(2);
    expect(plan.bookingId).toBeNull();

    // Another booking takes the slot of the planned doctor whose row is written last.
    const last = placed.map((a) => a.doctorId!).sort().at(-1)!;
    await db.client.doctor.update({ where: { id: last }, data: { openSlots: 0 } });
    const before = await slots();
    await expect(bookPatientAssignment(db, plan)).rejects.toMatchObject({ code: ErrorCode.CONFLICT, details: expect.objectContaining({ reason: 'CAPACITY_CHANGED', doctorId: last, plannedOpenSlots: 1, openSlots: 0 }) });
    expect(await db.client.appointment.count()).toBe(0);
    expect(await slots()).toEqual(before); // the decrements before the refused one were rolled back

    await db.client.doctor.update({ where: { id: last }, data: { openSlots: 1 } });
    const booked = await assignPatientsToDoctors(db, { patientIds: ids, conditionCode: 'I10', book: true });
    const appointments = await db.client.appointment.findMany({ where: { bookingId: booked.bookingId! } });
    const bookedPlaced = booked.assignments.filter((a) => a.doctorId);
    expect(appointments).toHaveLength(bookedPlaced.length);
    for (const a of bookedPlaced) expect(appointments.find((x) => x.id === a.appointmentId)).toMatchObject({ patientId: a.patientId, doctorId: a.doctorId, conditionCode: 'I10', status: 'booked' });
    const now = await slots();
    for (const a of bookedPlaced) expect(now[a.doctorId!]).toBe(0);
    expect(booked.assignments.filter((a) => !a.doctorId).every((a) => a.appointmentId === null)).toBe(true);

    // The booked doctors are full now: neither recommended nor assigned again.
    const full = new Set(bookedPlaced.map((a) => a.doctorId!));
    const later = await planPatientAssignment(db, { patientIds: ['demo-patient-04', 'demo-patient-05', 'demo-patient-06'], conditionCode: 'I10' });
    for (const a of later.assignments) if (a.doctorId) expect(full.has(a.doctorId)).toBe(false);
    const recommended = await recommendDoctorsForPatient(db, { patientId: 'demo-patient-04', conditionCode: 'I10', k: 100 });
    for (const r of recommended.items) expect(full.has(r.itemId)).toBe(false);
    await expect(assignPatientsToDoctors(db, { patientIds: ['demo-patient-01', 'demo-patient-01'], conditionCode: 'I10', book: true })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });
});

