import { createHash } from 'node:crypto';
import type { Bundle, Device, DiagnosticReport, MedicationRequest, Observation, Reference, RiskAssessment } from '@medplum/fhirtypes';
import { badInput } from '@pmed/core';

/** The model version that produced a prediction; it becomes a contained `Device`. */
export interface ModelVersionRef {
  id: string;
  module: string;
  name: string;
  version: number;
}

export interface CodedConcept {
  system?: string;
  code: string;
  display?: string;
}

/** Extension carrying the platform's model-version id on resources it produced. */
export const MODEL_VERSION_EXTENSION = 'https://pmed.dev/fhir/StructureDefinition/model-version';
const DEVICE_REF = { reference: '#model' };

function checkProbability(field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw badInput(field, `must be a probability from 0 to 1, got ${value}`);
}

function checkReference(field: string, value: string): void {
  if (!/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(value)) throw badInput(field, `must be a relative reference like Patient/123, got '${value}'`);
}

/** The model version as a FHIR Device (contained in each prediction under id `model`). */
export function modelDevice(model: ModelVersionRef): Device {
  return {
    resourceType: 'Device',
    id: 'model',
    identifier: [{ system: 'https://pmed.dev/model-version', value: model.id }],
    deviceName: [{ name: `${model.module}/${model.name}`, type: 'model-name' }],
    version: [{ value: String(model.version) }],
    type: { text: 'machine learning model' },
  };
}

const modelExtension = (model: ModelVersionRef) => [{ url: MODEL_VERSION_EXTENSION, valueString: model.id }];
const basisRefs = (basis: readonly string[] | undefined, field: string): Reference[] | undefined => {
  basis?.forEach((item, i) => checkReference(`${field}[${i}]`, item));
  return basis && basis.length > 0 ? basis.map((reference) => ({ reference })) : undefined;
};

/** A stable id from the content, so the same prediction built twice is the same resource. */
function stableId(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export interface RiskAssessmentInput {
  /** e.g. `Patient/123` */
  subject: string;
  encounter?: string;
  model: ModelVersionRef;
  outcome: CodedConcept;
  probability: number;
  /** The observations and conditions the prediction was made from, as relative references. */
  basis?: string[];
  occurrence: Date;
  rationale?: string;
}

/** A case prediction as a RiskAssessment performed by the model's Device. */
export function buildRiskAssessment(input: RiskAssessmentInput): RiskAssessment {
  checkReference('subject', input.subject);
  if (input.encounter) checkReference('encounter', input.encounter);
  checkProbability('probability', input.probability);
  return {
    resourceType: 'RiskAssessment',
    id: stableId(['RiskAssessment', input.subject, input.model.id, input.outcome.code, input.occurrence.toISOString()]),
    contained: [modelDevice(input.model)],
    extension: modelExtension(input.model),
    status: 'final',
    subject: { reference: input.subject },
    encounter: input.encounter ? { reference: input.encounter } : undefined,
    occurrenceDateTime: input.occurrence.toISOString(),
    performer: DEVICE_REF,
    basis: basisRefs(input.basis, 'basis'),
    prediction: [{ outcome: { coding: [input.outcome], text: input.outcome.display }, probabilityDecimal: input.probability, rationale: input.rationale }],
  };
}

export interface ImagingFinding {
  finding: CodedConcept;
  probability: number;
}

export interface ImagingReportInput {
  subject: string;
  /** `ImagingStudy/...` the images came from. */
  study?: string;
  model: ModelVersionRef;
  /** The report's code, e.g. LOINC 18748-4 (Diagnostic imaging study). */
  code: CodedConcept;
  findings: ImagingFinding[];
  conclusion?: string;
  issued: Date;
}

/** An imaging result as a DiagnosticReport whose results are one Observation per finding, in a transaction Bundle. */
export function buildImagingReport(input: ImagingReportInput): Bundle {
  checkReference('subject', input.subject);
  if (input.study) checkReference('study', input.study);
  if (input.findings.length === 0) throw badInput('findings', 'at least one finding is required');
  const issued = input.issued.toISOString();
  const observations: Observation[] = input.findings.map((item, i) => {
    checkProbability(`findings[${i}].probability`, item.probability);
    return {
      resourceType: 'Observation',
      id: stableId(['Observation', input.subject, input.model.id, item.finding.code, issued]),
      contained: [modelDevice(input.model)],
      extension: modelExtension(input.model),
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'imaging' }] }],
      code: { coding: [item.finding], text: item.finding.display },
      subject: { reference: input.subject },
      effectiveDateTime: issued,
      device: DEVICE_REF,
      valueQuantity: { value: item.probability, unit: 'probability', system: 'http://unitsofmeasure.org', code: '1' },
      derivedFrom: input.study ? [{ reference: input.study }] : undefined,
    };
  });
  const reportId = stableId(['DiagnosticReport', input.subject, input.model.id, input.code.code, issued]);
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: reportId,
    contained: [modelDevice(input.model)],
    extension: modelExtension(input.model),
    status: 'preliminary',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'RAD' }] }],
    code: { coding: [input.code], text: input.code.display },
    subject: { reference: input.subject },
    issued,
    performer: [DEVICE_REF],
    result: observations.map((o) => ({ reference: `urn:uuid:${uuidOf(o.id as string)}` })),
    imagingStudy: input.study ? [{ reference: input.study }] : undefined,
    conclusion: input.conclusion,
  };
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [report, ...observations].map((resource) => ({
      fullUrl: `urn:uuid:${uuidOf(resource.id as string)}`,
      resource,
      request: { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id}` },
    })),
  };
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface MedicationProposalInput {
  subject: string;
  model: ModelVersionRef;
  medication: CodedConcept;
  /** The recommender's score for this drug (any scale; stated as an extension). */
  score: number;
  /** Conditions, observations or allergies the recommendation considered. */
  basis?: string[];
  reason?: CodedConcept;
  authoredOn: Date;
}

/** Score extension on a proposal. */
export const RECOMMENDATION_SCORE_EXTENSION = 'https://pmed.dev/fhir/StructureDefinition/recommendation-score';

/** A drug recommendation as a MedicationRequest proposal (status draft) requested by the model's Device. */
export function buildMedicationProposal(input: MedicationProposalInput): MedicationRequest {
  checkReference('subject', input.subject);
  if (!Number.isFinite(input.score)) throw badInput('score', 'must be a finite number');
  return {
    resourceType: 'MedicationRequest',
    id: stableId(['MedicationRequest', input.subject, input.model.id, input.medication.code, input.authoredOn.toISOString()]),
    contained: [modelDevice(input.model)],
    extension: [...modelExtension(input.model), { url: RECOMMENDATION_SCORE_EXTENSION, valueDecimal: input.score }],
    status: 'draft',
    intent: 'proposal',
    medicationCodeableConcept: { coding: [input.medication], text: input.medication.display },
    subject: { reference: input.subject },
    authoredOn: input.authoredOn.toISOString(),
    requester: DEVICE_REF,
    reasonCode: input.reason ? [{ coding: [input.reason], text: input.reason.display }] : undefined,
    supportingInformation: basisRefs(input.basis, 'basis'),
  };
}
