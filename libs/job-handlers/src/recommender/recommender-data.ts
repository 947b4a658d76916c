import { badInput, notFound } from '@pmed/core';
import type { Database } from '@pmed/data';
import type { DoctorInfo, DrugInfo, ItemDomain, PatientProfile, RatingRecord } from '@pmed/recommender';

export const RATING_SCALE = { min: 1, max: 5 } as const;

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);

function numberRecord(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
}

export async function loadDrugs(db: Database): Promise<DrugInfo[]> {
  const rows = await db.client.drug.findMany({ orderBy: { name: 'asc' } });
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    code: d.code,
    drugClasses: stringList(d.drugClasses),
    indications: stringList(d.indications),
    contraindications: stringList(d.contraindications),
    interactsWith: stringList(d.interactsWith),
  }));
}

export async function loadDoctors(db: Database): Promise<DoctorInfo[]> {
  const rows = await db.client.doctor.findMany({ orderBy: { id: 'asc' } });
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    specialties: stringList(d.specialties),
    languages: stringList(d.languages),
    procedures: stringList(d.procedures),
    outcomes: numberRecord(d.outcomes),
    openSlots: d.openSlots,
  }));
}

const PROFILE_INCLUDE = {
  conditions: { select: { code: true, display: true, system: true, status: true } },
  allergies: { select: { substance: true, code: true } },
  medications: { select: { name: true, code: true, drugId: true, status: true } },
} as const;

/** One patient's conditions, allergies and medications; NOT_FOUND when there is no such patient. */
export async function loadPatientProfile(db: Database, patientId: string): Promise<PatientProfile> {
  if (typeof patientId !== 'string' || !patientId.trim()) throw badInput('patientId', 'a patient id is required');
  const row = await db.client.patient.findUnique({ where: { id: patientId }, include: PROFILE_INCLUDE });
  if (!row) throw notFound('Patient', patientId);
  return { id: row.id, conditions: row.conditions, allergies: row.allergies, medications: row.medications };
}

/** Profiles of every patient with at least one rating in the domain (the content model's population). */
export async function loadRatedPatientProfiles(db: Database, domain: ItemDomain): Promise<PatientProfile[]> {
  const rows = await db.client.patient.findMany({
    where: { ratings: { some: domain === 'doctor' ? { doctorId: { not: null } } : { drugId: { not: null } } } },
    include: PROFILE_INCLUDE,
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => ({ id: row.id, conditions: row.conditions, allergies: row.allergies, medications: row.medications }));
}

/** Ratings of doctors or drugs, oldest first; optionally one patient's only. */
export async function loadRatings(db: Database, domain: ItemDomain, patientId?: string): Promise<RatingRecord[]> {
  const rows = await db.client.rating.findMany({
    where: { ...(domain === 'doctor' ? { doctorId: { not: null } } : { drugId: { not: null } }), ...(patientId ? { patientId } : {}) },
    select: { patientId: true, doctorId: true, drugId: true, value: true, ratedAt: true },
    orderBy: [{ ratedAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({ userId: r.patientId, itemId: (domain === 'doctor' ? r.doctorId : r.drugId) as string, value: r.value, ratedAt: r.ratedAt.getTime() / 1000 }));
}
