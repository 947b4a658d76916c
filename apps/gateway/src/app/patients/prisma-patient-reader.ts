import type { PatientReader, PatientSearch, ObservationQuery } from './patient-reader';
import type { AllergyModel, ConditionModel, MedicationModel, ObservationModel, PatientModel } from './patients.model';

type Where = Record<string, unknown>;
interface FindMany<T> {
  findMany(args: { where?: Where; orderBy?: Where | Where[]; take?: number; cursor?: Where; skip?: number }): Promise<T[]>;
}

/** The slice of the Prisma client this reader uses; both generated clients (SQLite, PostgreSQL) satisfy it. */
export interface PatientsPrismaClient {
  patient: FindMany<PatientModel> & { findUnique(args: { where: { id: string } }): Promise<PatientModel | null> };
  condition: FindMany<ConditionModel & { patientId: string }>;
  allergy: FindMany<AllergyModel & { patientId: string }>;
  medication: FindMany<MedicationModel & { patientId: string }>;
  observation: FindMany<ObservationModel & { patientId: string }>;
}

function groupByPatient<T extends { patientId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.patientId);
    if (group) group.push(row);
    else groups.set(row.patientId, [row]);
  }
  return groups;
}

/** Reads patients and their records with one query per kind of record, whatever the number of patients. */
export class PrismaPatientReader implements PatientReader {
  constructor(private readonly client: PatientsPrismaClient) {}

  get(id: string): Promise<PatientModel | null> {
    return this.client.patient.findUnique({ where: { id } });
  }

  async search({ text, first, after }: PatientSearch): Promise<{ items: PatientModel[]; nextCursor: string | null }> {
    const where: Where = text
      ? { OR: [{ mrn: { contains: text } }, { givenName: { contains: text } }, { familyName: { contains: text } }] }
      : {};
    if (after) where['id'] = { gt: after };
    const rows = await this.client.patient.findMany({ where, orderBy: { id: 'asc' }, take: first + 1 });
    const items = rows.slice(0, first);
    return { items, nextCursor: rows.length > first ? (items[items.length - 1]?.id ?? null) : null };
  }

  async conditions(patientIds: string[]): Promise<Map<string, ConditionModel[]>> {
    return groupByPatient(await this.client.condition.findMany({ where: { patientId: { in: patientIds } }, orderBy: [{ onsetAt: 'asc' }, { id: 'asc' }] }));
  }

  async allergies(patientIds: string[]): Promise<Map<string, AllergyModel[]>> {
    return groupByPatient(await this.client.allergy.findMany({ where: { patientId: { in: patientIds } }, orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] }));
  }

  async medications(patientIds: string[]): Promise<Map<string, MedicationModel[]>> {
    return groupByPatient(await this.client.medication.findMany({ where: { patientId: { in: patientIds } }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] }));
  }

  async observations(patientIds: string[], { code, last }: ObservationQuery): Promise<Map<string, ObservationModel[]>> {
    const where: Where = { patientId: { in: patientIds }, ...(code ? { code } : {}) };
    const orderBy = [{ time: 'desc' }, { id: 'desc' }];
    // One patient: the database stops at `last`. Several: one query, cut per patient below; the
    // complexity limit keeps patients x last bounded.
    const rows = await this.client.observation.findMany(patientIds.length === 1 ? { where, orderBy, take: last } : { where, orderBy });
    const groups = groupByPatient(rows);
    for (const [id, group] of groups) groups.set(id, group.slice(0, last).reverse());
    return groups;
  }
}
