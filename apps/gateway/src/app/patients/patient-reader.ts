import type { AllergyModel, ConditionModel, MedicationModel, ObservationModel, PatientModel } from './patients.model';

export interface PatientSearch {
  /** Matches MRN, given or family name; all patients when absent. */
  text?: string;
  first: number;
  /** The last id of the previous page. */
  after?: string | null;
}

export interface ObservationQuery {
  code?: string;
  /** Most recent `last` observations, returned oldest first. */
  last: number;
}

/**
 * What the patient resolvers read. Every method that takes a list of patient ids answers for all of
 * them with one database round trip, which the per-request loaders rely on to avoid N+1 queries.
 */
export interface PatientReader {
  get(id: string): Promise<PatientModel | null>;
  search(query: PatientSearch): Promise<{ items: PatientModel[]; nextCursor: string | null }>;
  conditions(patientIds: string[]): Promise<Map<string, ConditionModel[]>>;
  allergies(patientIds: string[]): Promise<Map<string, AllergyModel[]>>;
  medications(patientIds: string[]): Promise<Map<string, MedicationModel[]>>;
  observations(patientIds: string[], query: ObservationQuery): Promise<Map<string, ObservationModel[]>>;
}
