import type { Bundle, MedicationRequest, RiskAssessment } from '@medplum/fhirtypes';
import { notFound } from '@pmed/core';
import type { PmedPrismaClient } from '@pmed/data';
import { idOf } from './export';
import { buildImagingReport, buildMedicationProposal, buildRiskAssessment, type CodedConcept, type ModelVersionRef } from './predictions';

/** Code system of the platform's own outcome, finding and drug codes (when a drug has no RxNorm or ATC code). */
export const PMED_CODE_SYSTEM = 'https://pmed.dev/fhir/CodeSystem';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ATC = 'http://www.whocc.no/atc';
/** LOINC 18748-4, "Diagnostic imaging study". */
const IMAGING_REPORT_CODE: CodedConcept = { system: 'http://loinc.org', code: '18748-4', display: 'Diagnostic imaging study' };
/** Driver observations listed as the basis of a risk assessment. */
const BASIS_DRIVERS = 5;

/** The Observation id an Observation row is exported under (components `<id>#<n>` belong to their parent). */
const observationRef = (row: { id: string; fhirId: string | null }) => `Observation/${idOf(row).split('#')[0]}`;

async function patientRef(client: PmedPrismaClient, patientId: string): Promise<string> {
  const patient = await client.patient.findUnique({ where: { id: patientId }, select: { id: true, fhirId: true } });
  if (!patient) throw notFound('Patient', patientId);
  return `Patient/${idOf(patient)}`;
}

export interface RiskDriverInput {
  kind: string;
  name: string;
  display: string;
  contribution: number;
}

export interface PredictionRiskInput {
  patientId: string;
  encounterId: string;
  model: ModelVersionRef;
  outcome: string;
  /** The calibrated risk. */
  probability: number;
  drivers: readonly RiskDriverInput[];
  occurrence: Date;
}

/**
 * A case prediction as a RiskAssessment: subject and encounter as they are exported (their FHIR ids
 * when imported from FHIR), the model as a contained Device, and as basis the encounter and the
 * latest observation of each of the variables that drove the risk most.
 */
export async function riskAssessmentForPrediction(client: PmedPrismaClient, input: PredictionRiskInput): Promise<RiskAssessment> {
  const subject = await patientRef(client, input.patientId);
  const encounter = await client.encounter.findUnique({ where: { id: input.encounterId }, select: { id: true, fhirId: true } });
  if (!encounter) throw notFound('Encounter', input.encounterId);
  const drivers = [...input.drivers].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const latest = await Promise.all(
    drivers
      .filter((d) => d.kind === 'variable')
      .slice(0, BASIS_DRIVERS)
      .map((d) => client.observation.findFirst({ where: { encounterId: encounter.id, code: d.name }, orderBy: [{ time: 'desc' }, { id: 'desc' }], select: { id: true, fhirId: true } })),
  );
  const basis = [...new Set([`Encounter/${idOf(encounter)}`, ...latest.filter((o) => o !== null).map(observationRef)])];
  const signed = (d: RiskDriverInput) => `${d.display} (${d.contribution >= 0 ? '+' : ''}${d.contribution.toFixed(3)})`;
  const raised = drivers.filter((d) => d.contribution > 0).slice(0, 3).map(signed);
  const lowered = drivers.filter((d) => d.contribution < 0).slice(0, 3).map(signed);
  const rationale = [raised.length ? `raised by ${raised.join(', ')}` : '', lowered.length ? `lowered by ${lowered.join(', ')}` : ''].filter(Boolean).join('; ');
  return buildRiskAssessment({
    subject,
    encounter: `Encounter/${idOf(encounter)}`,
    model: input.model,
    outcome: { system: `${PMED_CODE_SYSTEM}/outcome`, code: input.outcome, display: input.outcome.replace(/_/g, ' ') },
    probability: input.probability,
    basis,
    occurrence: input.occurrence,
    rationale: rationale || undefined,
  });
}

export interface ImageClassificationInput {
  imageId: string;
  model: ModelVersionRef;
  /** Calibrated probability of each class, by class name. */
  probabilities: readonly { className: string; probability: number }[];
  /** The most likely class. */
  className: string;
  issued: Date;
}

/**
 * A classification of a stored image as a transaction Bundle of a DiagnosticReport and one
 * Observation per class; null when the image's study belongs to no patient (FHIR needs a subject).
 */
export async function imagingReportForClassification(client: PmedPrismaClient, input: ImageClassificationInput): Promise<Bundle | null> {
  const image = await client.image.findUnique({ where: { id: input.imageId }, select: { study: { select: { id: true, fhirId: true, patientId: true } } } });
  if (!image) throw notFound('Image', input.imageId);
  if (!image.study.patientId) return null;
  return buildImagingReport({
    subject: await patientRef(client, image.study.patientId),
    study: `ImagingStudy/${idOf(image.study)}`,
    model: input.model,
    code: IMAGING_REPORT_CODE,
    findings: input.probabilities.map((p) => ({ finding: { system: `${PMED_CODE_SYSTEM}/${input.model.module}/${input.model.name}`, code: p.className, display: p.className }, probability: p.probability })),
    conclusion: `Most likely: ${input.className} (${(input.probabilities.find((p) => p.className === input.className)?.probability ?? 0).toFixed(3)}), by model ${input.model.module}/${input.model.name} v${input.model.version}; preliminary, for review by a clinician.`,
    issued: input.issued,
  });
}

export interface DrugRecommendationInput {
  patientId: string;
  condition: { code: string; display: string };
  model: ModelVersionRef;
  items: readonly { itemId: string; score: number }[];
  authoredOn: Date;
}

/** The medication coding of a drug: RxNorm for a numeric code, ATC for an ATC code, else the platform's own. */
export function drugCoding(drug: { id: string; name: string; code: string | null }): CodedConcept {
  if (drug.code && /^\d+$/.test(drug.code)) return { system: RXNORM, code: drug.code, display: drug.name };
  if (drug.code && /^[A-Z]\d{2}[A-Z]{2}\d{2}$/.test(drug.code)) return { system: ATC, code: drug.code, display: drug.name };
  return { system: `${PMED_CODE_SYSTEM}/drug`, code: drug.id, display: drug.name };
}

/**
 * Drug recommendations as MedicationRequest proposals (intent proposal, status draft), one per
 * recommended drug in rank order, each requested by the recommender's Device, for the condition, with
 * the patient's active conditions and allergies (what the safety filter checked) as supporting information.
 */
export async function medicationProposalsForRecommendations(client: PmedPrismaClient, input: DrugRecommendationInput): Promise<MedicationRequest[]> {
  const subject = await patientRef(client, input.patientId);
  const [drugs, conditions, allergies] = await Promise.all([
    client.drug.findMany({ where: { id: { in: input.items.map((i) => i.itemId) } }, select: { id: true, name: true, code: true } }),
    client.condition.findMany({ where: { patientId: input.patientId }, select: { id: true, fhirId: true }, orderBy: { id: 'asc' } }),
    client.allergy.findMany({ where: { patientId: input.patientId }, select: { id: true, fhirId: true }, orderBy: { id: 'asc' } }),
  ]);
  const byId = new Map(drugs.map((d) => [d.id, d]));
  const basis = [...conditions.map((c) => `Condition/${idOf(c)}`), ...allergies.map((a) => `AllergyIntolerance/${idOf(a)}`)];
  return input.items.map((item) => {
    const drug = byId.get(item.itemId);
    if (!drug) throw notFound('Drug', item.itemId);
    return buildMedicationProposal({
      subject,
      model: input.model,
      medication: drugCoding(drug),
      score: item.score,
      basis,
      reason: { system: `${PMED_CODE_SYSTEM}/condition`, code: input.condition.code, display: input.condition.display },
      authoredOn: input.authoredOn,
    });
  });
}
