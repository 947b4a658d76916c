import type { Resource } from '@medplum/fhirtypes';
import type { IssueList } from './issues';

/**
 * Elements FHIR R4 requires (cardinality 1..1 or 1..*) on the resource types this library reads and
 * writes; `a|b` means one of the choice elements. Checked before mapping so a missing element is
 * reported at its own location.
 */
export const REQUIRED_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  Encounter: ['status', 'class'],
  Observation: ['status', 'code'],
  Condition: ['subject'],
  AllergyIntolerance: ['patient'],
  MedicationRequest: ['status', 'intent', 'subject', 'medicationCodeableConcept|medicationReference'],
  ImagingStudy: ['status', 'subject'],
  DiagnosticReport: ['status', 'code'],
  DocumentReference: ['status', 'content'],
  RiskAssessment: ['status', 'subject'],
  PractitionerRole: [],
  Device: [],
};

const CONCEPT_ELEMENTS = ['code', 'class', 'vaccineCode', 'medicationCodeableConcept', 'valueCodeableConcept', 'clinicalStatus', 'verificationStatus', 'type'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCoding(value: unknown, location: string, issues: IssueList): void {
  if (!isObject(value)) {
    issues.error('invalid-value', location, 'a Coding must be an object');
    return;
  }
  for (const key of ['system', 'code', 'display']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') issues.error('invalid-value', `${location}.${key}`, `${key} must be a string`);
  }
}

function checkConcept(value: unknown, location: string, issues: IssueList): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkConcept(item, `${location}[${i}]`, issues));
    return;
  }
  if (!isObject(value)) {
    issues.error('invalid-value', location, 'must be an object (CodeableConcept or Coding)');
    return;
  }
  if ('coding' in value) {
    if (!Array.isArray(value['coding'])) issues.error('invalid-value', `${location}.coding`, 'coding must be an array');
    else value['coding'].forEach((coding, i) => checkCoding(coding, `${location}.coding[${i}]`, issues));
  } else if (typeof value['code'] === 'string' || typeof value['system'] === 'string') {
    checkCoding(value, location, issues); // Encounter.class is a bare Coding
  }
  if (value['text'] !== undefined && typeof value['text'] !== 'string') issues.error('invalid-value', `${location}.text`, 'text must be a string');
}

/** Required elements and the value types the mappers rely on; problems go to `issues` with locations. */
export function validateResource(resource: Resource, location: string, issues: IssueList): void {
  const record = resource as unknown as Record<string, unknown>;
  for (const spec of REQUIRED_ELEMENTS[resource.resourceType] ?? []) {
    const choices = spec.split('|');
    const present = choices.some((name) => {
      const value = record[name];
      return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
    });
    if (!present) issues.error('required', `${location}.${choices[0]}`, `${resource.resourceType}.${spec.replace('|', ' or ')} is required`);
  }
  if (record['id'] !== undefined && (typeof record['id'] !== 'string' || !/^[A-Za-z0-9\-.]{1,64}$/.test(record['id']))) {
    issues.error('invalid-value', `${location}.id`, 'id must be 1-64 letters, digits, - or .');
  }
  for (const name of CONCEPT_ELEMENTS) {
    if (record[name] !== undefined && record[name] !== null) checkConcept(record[name], `${location}.${name}`, issues);
  }
  if (record['status'] !== undefined && typeof record['status'] !== 'string') issues.error('invalid-value', `${location}.status`, 'status must be a code (string)');
  const quantity = record['valueQuantity'];
  if (isObject(quantity) && quantity['value'] !== undefined && (typeof quantity['value'] !== 'number' || !Number.isFinite(quantity['value']))) {
    issues.error('invalid-value', `${location}.valueQuantity.value`, 'value must be a number');
  }
}
