import { badInput } from '@pmed/core';
import type { Prisma } from '../../generated/sqlite/client';
import type { PmedPrismaClient } from '../database';
import { clientOf, isUniqueViolation, type DataSource } from '../repositories/source';
import { DEMO_CONDITIONS, DEMO_DOCTORS, DEMO_DRUGS, ICD10, SNOMED } from './demo-catalog';
import { buildDemoNotes } from './demo-notes';
import { buildDemoPatients, type DemoPatient } from './demo-patients';
import { DemoRandom } from './demo-random';

export interface LoadDemoDataOptions {
  /** Same seed, same data (default 2012). */
  seed?: number;
  /** The demo's "now": admissions end here (default 2025-01-15T08:00Z, so the data never changes). */
  anchor?: Date;
  /** How many patients (default 20, at most 200). */
  patients?: number;
}

export interface DemoDataSummary {
  /** False when the database already had patients and nothing was written. */
  loaded: boolean;
  message: string;
  patients: number;
  encounters: number;
  observations: number;
  conditions: number;
  allergies: number;
  medications: number;
  medicationRequests: number;
  doctors: number;
  drugs: number;
  ratings: number;
  notes: number;
}

export const DEMO_SOURCE = 'demo';
export const DEFAULT_DEMO_SEED = 2012;
export const DEFAULT_DEMO_ANCHOR = new Date('2025-01-15T08:00:00Z');

function emptySummary(message: string): DemoDataSummary {
  return { loaded: false, message, patients: 0, encounters: 0, observations: 0, conditions: 0, allergies: 0, medications: 0, medicationRequests: 0, doctors: 0, drugs: 0, ratings: 0, notes: 0 };
}

/**
 * Writes the synthetic demo set (patients with ICU timelines, doctors, drugs, ratings, notes, all
 * marked synthetic) when the database has no patients. Deterministic for a seed; a second call
 * writes nothing and says so.
 */
export async function loadDemoData(source: DataSource, options: LoadDemoDataOptions = {}): Promise<DemoDataSummary> {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw badInput('seed', 'must be an integer from 0 to 4294967295');
  const anchor = options.anchor ?? DEFAULT_DEMO_ANCHOR;
  if (!(anchor instanceof Date) || Number.isNaN(anchor.getTime())) throw badInput('anchor', 'must be a valid date');
  const count = options.patients ?? 20;
  if (!Number.isInteger(count) || count < 1 || count > 200) throw badInput('patients', 'must be an integer from 1 to 200');

  const client = clientOf(source);
  const existing = await client.patient.count();
  if (existing > 0) return emptySummary(`the database already has ${existing} patient(s); demo data not loaded`);

  const rng = new DemoRandom(seed);
  const patients = buildDemoPatients(rng, anchor, count);
  const notes = buildDemoNotes(patients, rng, Math.min(6, count));
  try {
    // One transaction: a half-written demo would block a later attempt (the database is no longer empty).
    return await client.$transaction(async (tx) => write(tx as unknown as PmedPrismaClient, { patients, notes, rng, anchor }), { timeout: 120_000, maxWait: 30_000 });
  } catch (error) {
    // Another process (gateway and worker starting together) loaded it first.
    if (isUniqueViolation(error)) return emptySummary('demo data was loaded concurrently by another process; nothing written');
    throw error;
  }
}

interface WriteInput {
  patients: DemoPatient[];
  notes: ReturnType<typeof buildDemoNotes>;
  rng: DemoRandom;
  anchor: Date;
}

async function write(tx: PmedPrismaClient, { patients, notes, rng, anchor }: WriteInput): Promise<DemoDataSummary> {
  if ((await tx.patient.count()) > 0) return emptySummary('the database already has patients; demo data not loaded');
  const drugIds = new Map(DEMO_DRUGS.map((d) => [d.name, `demo-drug-${d.name.replace(/[^a-z0-9]+/g, '-')}`]));
  const drugId = (name: string) => drugIds.get(name) ?? null;
  await tx.drug.createMany({ data: DEMO_DRUGS.map((d) => ({ id: drugId(d.name) as string, ...d, synthetic: true })) });
  const doctors = DEMO_DOCTORS.map((d, i) => ({
    id: `demo-doctor-${String(i + 1).padStart(2, '0')}`,
    name: `Demo Doctor ${String(i + 1).padStart(2, '0')} (${d.specialties[0]})`,
    specialties: d.specialties,
    languages: d.languages,
    procedures: d.procedures,
    outcomes: { readmissionRate: Math.round(rng.uniform(0.04, 0.16) * 1000) / 1000, patientsSeen: rng.int(300, 2500) },
    openSlots: rng.int(0, 12),
    synthetic: true,
    quality: rng.normal(3.8, 0.5),
  }));
  await tx.doctor.createMany({ data: doctors.map(({ quality: _quality, ...d }) => d) });

  await tx.patient.createMany({
    data: patients.map((p) => ({ id: p.id, mrn: p.mrn, givenName: p.givenName, familyName: p.familyName, sex: p.sex, birthDate: p.birthDate, synthetic: true, source: DEMO_SOURCE })),
  });
  await tx.encounter.createMany({
    data: patients.map((p) => ({
      id: p.encounterId,
      patientId: p.id,
      externalId: p.mrn,
      kind: 'icu',
      startedAt: p.admittedAt,
      endedAt: p.died || p.index % 3 === 0 ? new Date(p.admittedAt.getTime() + 48 * 3_600_000) : null,
      descriptors: { age: p.age, sex: p.sex, icuType: p.icuType, heightCm: Math.round(rng.uniform(152, 192)), weightKg: Math.round(rng.uniform(52, 118)) },
      outcomes: { inHospitalDeath: p.died, deteriorated: p.deteriorating },
    })),
  });
  const observations: Prisma.ObservationCreateManyInput[] = patients.flatMap((p) => p.observations.map((o) => ({ patientId: p.id, encounterId: p.encounterId, ...o })));
  for (let i = 0; i < observations.length; i += 2000) await tx.observation.createMany({ data: observations.slice(i, i + 2000) });

  const conditions = patients.flatMap((p) =>
    p.conditions.map((c) => {
      const catalog = DEMO_CONDITIONS[c.key];
      return { patientId: p.id, code: c.useIcd10 ? catalog.icd10 : catalog.snomed, system: c.useIcd10 ? ICD10 : SNOMED, display: catalog.display, status: c.status, onsetAt: c.onsetAt };
    }),
  );
  await tx.condition.createMany({ data: conditions });
  const allergies = patients.flatMap((p) => p.allergies.map((a) => ({ patientId: p.id, ...a, recordedAt: new Date(p.admittedAt.getTime() - 365 * 86_400_000) })));
  if (allergies.length > 0) await tx.allergy.createMany({ data: allergies });
  const medications = patients.flatMap((p) =>
    p.medications.map((name) => ({ patientId: p.id, drugId: drugId(name), name, code: DEMO_DRUGS.find((d) => d.name === name)?.code ?? null, status: 'active', startedAt: new Date(p.admittedAt.getTime() - rng.int(30, 1500) * 86_400_000) })),
  );
  await tx.medication.createMany({ data: medications });
  const requests = patients.flatMap((p) =>
    p.orders.map((o) => ({ patientId: p.id, encounterId: p.encounterId, drugId: drugId(o.drug), doctorId: doctors[6 + (p.index % 2)]?.id ?? null, medication: o.drug, dosage: o.dosage, status: 'active', intent: 'order', authoredAt: new Date(p.admittedAt.getTime() + 3_600_000) })),
  );
  await tx.medicationRequest.createMany({ data: requests });

  const ratings: Prisma.RatingCreateManyInput[] = [];
  const ratedAt = () => new Date(anchor.getTime() - rng.int(1, 365) * 86_400_000 - rng.int(0, 86_399) * 1000);
  const stars = (mean: number) => Math.min(5, Math.max(1, Math.round(rng.normal(mean, 0.8))));
  for (const p of patients) {
    for (const d of rng.sample(doctors, rng.int(3, 5))) ratings.push({ patientId: p.id, doctorId: d.id, value: stars(d.quality), ratedAt: ratedAt(), source: DEMO_SOURCE });
    for (const name of p.medications) ratings.push({ patientId: p.id, drugId: drugId(name), value: stars(3.6), ratedAt: ratedAt(), source: DEMO_SOURCE });
  }
  await tx.rating.createMany({ data: ratings });
  await tx.clinicalNote.createMany({ data: notes.map((n) => ({ ...n, synthetic: true })) });

  return {
    loaded: true,
    message: `loaded synthetic demo data: ${patients.length} patients, ${doctors.length} doctors, ${DEMO_DRUGS.length} drugs`,
    patients: patients.length,
    encounters: patients.length,
    observations: observations.length,
    conditions: conditions.length,
    allergies: allergies.length,
    medications: medications.length,
    medicationRequests: requests.length,
    doctors: doctors.length,
    drugs: DEMO_DRUGS.length,
    ratings: ratings.length,
    notes: notes.length,
  };
}
