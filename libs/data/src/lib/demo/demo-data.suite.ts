/* eslint-disable @typescript-eslint/no-non-null-assertion -- shared by the .test.ts files, where the rule is off */
// Demo data tests, run on SQLite (demo-data.test.ts) and PostgreSQL (demo-data.int.test.ts).
import { openTestDatabase, type TestDatabase } from '../testing';
import type { DatabaseKind } from '../database';
import { PatientRepository } from '../repositories/patient.repository';
import { loadDemoData } from './load-demo-data';

async function snapshot(db: TestDatabase) {
  const c = db.client;
  return {
    patients: await c.patient.findMany({ orderBy: { id: 'asc' }, select: { id: true, mrn: true, givenName: true, familyName: true, sex: true, birthDate: true } }),
    observations: await c.observation.findMany({ orderBy: [{ patientId: 'asc' }, { time: 'asc' }, { code: 'asc' }], select: { patientId: true, code: true, value: true, unit: true, time: true } }),
    ratings: await c.rating.findMany({ orderBy: [{ patientId: 'asc' }, { ratedAt: 'asc' }], select: { patientId: true, doctorId: true, drugId: true, value: true, ratedAt: true } }),
    notes: await c.clinicalNote.findMany({ orderBy: { patientId: 'asc' }, select: { patientId: true, text: true } }),
  };
}

export function demoDataSuite(kind: DatabaseKind): void {
  let db: TestDatabase;
  let second: TestDatabase;
  beforeAll(async () => {
    [db, second] = await Promise.all([openTestDatabase(kind), openTestDatabase(kind)]);
  });
  afterAll(async () => {
    await Promise.all([db?.drop(), second?.drop()]);
  });

  it('loads a synthetic, clearly marked, clinically plausible demo set once', async () => {
    const summary = await loadDemoData(db, { seed: 7 });
    expect(summary).toMatchObject({ loaded: true, patients: 20, encounters: 20, doctors: 12 });
    expect(summary.drugs).toBeGreaterThanOrEqual(25);
    expect(summary.observations).toBeGreaterThan(20 * 48 * 5);
    expect(summary.notes).toBeGreaterThanOrEqual(3);
    const c = db.client;
    expect(await c.patient.count({ where: { synthetic: true, source: 'demo', mrn: { startsWith: 'DEMO-' } } })).toBe(20);
    expect((await c.patient.findUniqueOrThrow({ where: { id: 'demo-patient-01' } })).familyName).toBe('Patient 01');
    expect(await c.doctor.count({ where: { synthetic: true } })).toBe(12);
    expect(await c.drug.count({ where: { synthetic: true } })).toBe(summary.drugs);

    const warfarin = await c.drug.findUniqueOrThrow({ where: { name: 'warfarin' } });
    expect(warfarin.interactsWith).toContain('aspirin');
    expect((await c.drug.findUniqueOrThrow({ where: { name: 'amoxicillin' } })).contraindications).toContain('penicillin');
    expect((await c.drug.findUniqueOrThrow({ where: { name: 'metformin' } })).contraindications).toContain('Chronic kidney disease stage 4');

    // The three fixed safety cases.
    const timeline = (id: string) => new PatientRepository(db).timeline(id);
    const p1 = await timeline('demo-patient-01');
    expect(p1.allergies.map((a) => a.substance)).toContain('penicillin');
    expect(p1.conditions.map((x) => x.display)).toEqual(expect.arrayContaining(['Sepsis', 'Community-acquired pneumonia']));
    expect((await timeline('demo-patient-02')).activeMedications.map((m) => m.name)).toContain('warfarin');
    const p3 = await timeline('demo-patient-03');
    expect(p3.conditions.map((x) => x.display)).toContain('Chronic kidney disease stage 4');
    expect(p3.activeMedications.map((m) => m.name)).not.toContain('metformin');

    // Vitals are hourly over 48 h and in plausible ranges with proper units.
    const hr = p1.observations.filter((o) => o.code === 'HR');
    expect(hr).toHaveLength(48);
    expect(hr.every((o) => o.unit === '/min' && o.value! >= 35 && o.value! <= 190)).toBe(true);
    const lactate = p1.observations.filter((o) => o.code === 'Lactate');
    expect(lactate.length).toBeGreaterThanOrEqual(6);
    expect(lactate[0]!.unit).toBe('mmol/L');
    const spans = p1.observations[p1.observations.length - 1]!.time.getTime() - p1.observations[0]!.time.getTime();
    expect(spans).toBeGreaterThan(46 * 3_600_000);

    const encounters = await c.encounter.findMany();
    const deteriorated = encounters.filter((e) => (e.outcomes as { deteriorated: boolean }).deteriorated);
    expect(deteriorated.length).toBeGreaterThanOrEqual(4);
    // A deteriorating patient's last lactate is higher than the first.
    const worst = await c.observation.findMany({ where: { encounterId: deteriorated[0]!.id, code: 'Lactate' }, orderBy: { time: 'asc' } });
    expect(worst[worst.length - 1]!.value!).toBeGreaterThan(worst[0]!.value!);

    expect(await c.rating.count({ where: { doctorId: { not: null } } })).toBeGreaterThanOrEqual(60);
    expect(await c.rating.count({ where: { drugId: { not: null } } })).toBeGreaterThan(0);
    const note = await c.clinicalNote.findFirstOrThrow({ where: { patientId: 'demo-patient-01' } });
    for (const section of ['CHIEF COMPLAINT:', 'HISTORY OF PRESENT ILLNESS:', 'PAST MEDICAL HISTORY:', 'MEDICATIONS:', 'ALLERGIES:', 'ASSESSMENT:', 'PLAN:']) {
      expect(note.text).toContain(section);
    }
    expect(note.text).toMatch(/\b(No|Denies) [a-z]/);
    expect(note.synthetic).toBe(true);

    const again = await loadDemoData(db, { seed: 7 });
    expect(again.loaded).toBe(false);
    expect(again.message).toMatch(/already has 20 patient/);
    expect(await c.patient.count()).toBe(20);
  });

  it('is deterministic for a seed', async () => {
    await loadDemoData(second, { seed: 7 });
    expect(await snapshot(second)).toEqual(await snapshot(db));
  });
}
