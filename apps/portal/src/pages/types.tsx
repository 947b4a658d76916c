// Shapes of the GraphQL answers the pages read (dates arrive as ISO strings).

export interface PatientSummary {
  id: string;
  mrn: string;
  givenName: string | null;
  familyName: string | null;
  birthDate: string | null;
  sex: string | null;
  synthetic: boolean;
  source: string | null;
}

export interface Condition {
  id: string;
  code: string;
  system: string | null;
  display: string;
  status: string;
  onsetAt: string | null;
}

export interface Observation {
  code: string;
  value: number | null;
  unit: string | null;
  time: string;
}

export interface PatientDetail extends PatientSummary {
  conditions: Condition[];
  allergies: { id: string; substance: string; reaction: string | null; severity: string | null; recordedAt: string }[];
  medications: { id: string; name: string; code: string | null; status: string; startedAt: string | null; endedAt: string | null }[];
}

export interface Job {
  id: string;
  kind: string;
  status: string;
  progress: number;
  message: string | null;
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
}
