import type { CodeableConcept, Coding, Reference, Resource } from '@medplum/fhirtypes';
import type { IssueList } from './issues';

/** The Prisma models FHIR resources land in, in the order they are written (referenced before referencing). */
export const MODEL_ORDER = [
  'organization',
  'doctor',
  'patient',
  'encounter',
  'observation',
  'condition',
  'allergy',
  'medicationRequest',
  'imagingStudy',
  'clinicalNote',
] as const;
export type ModelName = (typeof MODEL_ORDER)[number];

export type RowData = Record<string, unknown>;

/** One database row a resource becomes (an Observation with components becomes several). */
export interface PlannedRow {
  model: ModelName;
  fhirType: string;
  fhirId: string;
  entry: number;
  location: string;
  data: RowData;
}

/** Fields a resource sets on a row another resource owns (PractitionerRole on its Practitioner's Doctor). */
export interface PlannedPatch {
  model: ModelName;
  fhirType: string;
  fhirId: string;
  entry: number;
  location: string;
  target: string;
  data: RowData;
}

export interface RefOptions {
  /** The resource type the reference must point at. */
  type: string;
  /** A resource that cannot be stored without this reference gets an error instead of a warning. */
  required?: boolean;
}

/** What a mapper sees: its resource's id and location, reference resolution and the rows it emits. */
export interface MapContext {
  readonly fhirId: string;
  readonly location: string;
  readonly issues: IssueList;
  /** Row id the reference resolves to; null (with an issue) when it cannot be resolved. */
  ref(reference: Reference | undefined, path: string, options: RefOptions): string | null;
  /** The referenced resource itself when it is in this bundle or contained in the current one. */
  resourceOf(reference: Reference | undefined): Resource | undefined;
  row(model: ModelName, data: RowData, fhirId?: string): void;
  patch(model: ModelName, target: string, data: RowData): void;
}

export type Mapper<T extends Resource = Resource> = (resource: T, ctx: MapContext) => void;

const DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** A FHIR date/dateTime/instant as a Date; a malformed one is an error at `path`, absence is null. */
export function toDate(value: unknown, path: string, ctx: MapContext): Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !DATE_TIME.test(value)) {
    ctx.issues.error('invalid-value', `${ctx.location}.${path}`, `'${String(value)}' is not a FHIR date or dateTime`);
    return null;
  }
  // Partial dates (YYYY, YYYY-MM) stand for their first instant, in UTC.
  const full = value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value;
  const time = Date.parse(full);
  if (Number.isNaN(time)) {
    ctx.issues.error('invalid-value', `${ctx.location}.${path}`, `'${value}' is not a valid date`);
    return null;
  }
  return new Date(time);
}

export function firstCoding(concept: CodeableConcept | undefined): Coding | undefined {
  return concept?.coding?.find((coding) => typeof coding?.code === 'string') ?? concept?.coding?.[0];
}

/** Human-readable name of a concept: its text, else the first coding's display, else its code. */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  const coding = firstCoding(concept);
  return concept?.text ?? coding?.display ?? coding?.code;
}

export function requireValue<T>(value: T | undefined | null, path: string, ctx: MapContext, message: string): value is T {
  if (value === undefined || value === null || value === '') {
    ctx.issues.error('required', `${ctx.location}.${path}`, message);
    return false;
  }
  return true;
}
