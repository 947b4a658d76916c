/** What the recommender needs to know about a patient (read from the database by the caller). */
export interface PatientProfile {
  id: string;
  conditions: readonly { code: string; display: string; system?: string | null; status?: string | null }[];
  allergies: readonly { substance: string; code?: string | null }[];
  medications: readonly { name: string; code?: string | null; drugId?: string | null; status?: string | null }[];
  /** Preferred languages (ISO 639-1), when known. */
  languages?: readonly string[];
}

export interface DrugInfo {
  id: string;
  name: string;
  code?: string | null;
  drugClasses: readonly string[];
  /** Condition names or codes it treats. */
  indications: readonly string[];
  /** Conditions or allergy substances that rule it out. */
  contraindications: readonly string[];
  /** Drug names or classes it must not be combined with. */
  interactsWith: readonly string[];
}

export interface DoctorInfo {
  id: string;
  name: string;
  specialties: readonly string[];
  languages: readonly string[];
  procedures: readonly string[];
  /** Numeric outcome measures, e.g. { readmissionRate: 0.08 } (lower is better for rates). */
  outcomes: Readonly<Record<string, number>>;
  openSlots: number;
}

/** Lower-case, single spaces, parenthesised qualifiers dropped: 'Cephalosporin (third generation)' -> 'cephalosporin'. */
export function normaliseTerm(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[\s_]+/g, ' ')
    .trim();
}
