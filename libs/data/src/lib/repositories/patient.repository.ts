import { badInput, notFound } from '@pmed/core';
import type { Allergy, Condition, Encounter, Medication, Observation, Patient, Prisma } from '../../generated/sqlite/client';
import type { DatabaseKind, PmedPrismaClient } from '../database';
import { clientOf, kindOf, optionalDate, optionalText, pageLimit, requireText, type DataSource } from './source';

export interface PatientSearchInput {
  /** Words matched against MRN, given and family name (every word must match one of them). */
  text?: string;
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface PatientPage {
  items: Patient[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface TimelineFilter {
  encounterId?: string;
  /** Only observations with these codes ('HR', 'Lactate', a LOINC code, ...). */
  codes?: string[];
  from?: Date;
  to?: Date;
  /** Most observations returned (default 10 000, at most 100 000); `truncated` says when more exist. */
  limit?: number;
}

export interface PatientTimeline {
  patient: Patient;
  encounters: Encounter[];
  /** Ordered by time. */
  observations: Observation[];
  truncated: boolean;
  conditions: Condition[];
  allergies: Allergy[];
  /** Medications with status 'active'. */
  activeMedications: Medication[];
}

export const PATIENT_SEARCH_MAX = 200;
export const TIMELINE_MAX_OBSERVATIONS = 100_000;

export class PatientRepository {
  private readonly client: PmedPrismaClient;
  private readonly kind: DatabaseKind;

  constructor(source: DataSource) {
    this.client = clientOf(source);
    this.kind = kindOf(source);
  }

  async get(id: string): Promise<Patient | null> {
    return this.client.patient.findUnique({ where: { id: requireText('id', id) } });
  }

  async getByMrn(mrn: string): Promise<Patient | null> {
    return this.client.patient.findUnique({ where: { mrn: requireText('mrn', mrn) } });
  }

  async count(): Promise<number> {
    return this.client.patient.count();
  }

  /** Patients ordered by MRN, a page at a time. */
  async search(input: PatientSearchInput = {}): Promise<PatientPage> {
    const limit = pageLimit('limit', input.limit, 50, PATIENT_SEARCH_MAX);
    const text = optionalText('text', input.text, 200);
    const cursor = optionalText('cursor', input.cursor, 200);
    const words = text ? text.split(/\s+/).slice(0, 8) : [];
    const where: Prisma.PatientWhereInput = {
      AND: words.map(
        (word): Prisma.PatientWhereInput => ({
          OR: [{ mrn: this.contains(word) as Prisma.StringFilter }, { givenName: this.contains(word) }, { familyName: this.contains(word) }],
        }),
      ),
    };
    if (cursor && !(await this.client.patient.findUnique({ where: { id: cursor }, select: { id: true } }))) {
      throw badInput('cursor', 'does not name a patient; start again without a cursor');
    }
    const rows = await this.client.patient.findMany({
      where,
      orderBy: [{ mrn: 'asc' }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  /** A patient's record for display or modelling; NOT_FOUND when the patient or encounter is unknown. */
  async timeline(patientId: string, filter: TimelineFilter = {}): Promise<PatientTimeline> {
    const id = requireText('patientId', patientId);
    const from = optionalDate('from', filter.from);
    const to = optionalDate('to', filter.to);
    if (from && to && from > to) throw badInput('from', 'must not be after to');
    const encounterId = optionalText('encounterId', filter.encounterId);
    const limit = pageLimit('limit', filter.limit, 10_000, TIMELINE_MAX_OBSERVATIONS);
    let codes: string[] | undefined;
    if (filter.codes !== undefined) {
      if (!Array.isArray(filter.codes) || filter.codes.length > 200) throw badInput('codes', 'must be an array of at most 200 codes');
      codes = filter.codes.map((code, i) => requireText(`codes[${i}]`, code, 100));
    }

    const patient = await this.client.patient.findUnique({ where: { id } });
    if (!patient) throw notFound('Patient', id);
    if (encounterId) {
      const encounter = await this.client.encounter.findFirst({ where: { id: encounterId, patientId: id }, select: { id: true } });
      if (!encounter) throw notFound('Encounter', encounterId);
    }
    const [encounters, observations, conditions, allergies, activeMedications] = await Promise.all([
      this.client.encounter.findMany({ where: { patientId: id, ...(encounterId ? { id: encounterId } : {}) }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] }),
      this.client.observation.findMany({
        where: {
          patientId: id,
          encounterId,
          code: codes ? { in: codes } : undefined,
          time: from || to ? { gte: from, lte: to } : undefined,
        },
        orderBy: [{ time: 'asc' }, { code: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      }),
      this.client.condition.findMany({ where: { patientId: id }, orderBy: [{ onsetAt: 'asc' }, { id: 'asc' }] }),
      this.client.allergy.findMany({ where: { patientId: id }, orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] }),
      this.client.medication.findMany({ where: { patientId: id, status: 'active' }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] }),
    ]);
    return {
      patient,
      encounters,
      observations: observations.slice(0, limit),
      truncated: observations.length > limit,
      conditions,
      allergies,
      activeMedications,
    };
  }

  private contains(word: string): Prisma.StringNullableFilter {
    // SQLite's LIKE already ignores ASCII case; PostgreSQL needs to be asked. The SQLite client's
    // types do not know `mode`, hence the cast.
    return (this.kind === 'postgres' ? { contains: word, mode: 'insensitive' } : { contains: word }) as Prisma.StringNullableFilter;
  }
}
