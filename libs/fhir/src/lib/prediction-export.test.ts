import type { Bundle, Resource } from '@medplum/fhirtypes';
import { ErrorCode } from '@pmed/core';
import { openTestDatabase, type TestDatabase } from '@pmed/data';
import { FhirImporter } from './importer';
import { drugCoding, imagingReportForClassification, medicationProposalsForRecommendations, riskAssessmentForPrediction } from './prediction-export';
import { MODEL_VERSION_EXTENSION } from './predictions';
import { expectValidResource } from './testing/expect-valid';

const model = { id: 'mv-case-1', module: 'case-prediction', name: 'default', version: 2 };
const when = new Date('2025-03-02T08:00:00Z');

describe('predictions of stored patients as FHIR', () => {
  let db: TestDatabase;
  let patientId: string;
  let encounterId: string;
  let plainPatientId: string;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    const c = db.client;
    // One patient arrives through FHIR (its resources keep their FHIR ids), one is native.
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'pt-fhir-1', identifier: [{ system: 'urn:mrn', value: 'MRN-77' }], gender: 'female', birthDate: '1950-01-01' } },
        { resource: { resourceType: 'Encounter', id: 'enc-fhir-1', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, subject: { reference: 'Patient/pt-fhir-1' }, period: { start: '2025-03-01T00:00:00Z' } } },
        ...['2025-03-01T02:00:00Z', '2025-03-01T09:00:00Z'].map((t, i) => ({
          resource: { resourceType: 'Observation' as const, id: `lac-${i}`, status: 'final' as const, code: { coding: [{ system: 'https://pmed.dev/variable', code: 'Lactate' }] }, subject: { reference: 'Patient/pt-fhir-1' }, encounter: { reference: 'Encounter/enc-fhir-1' }, effectiveDateTime: t, valueQuantity: { value: 2 + i, unit: 'mmol/L' } },
        })),
        { resource: { resourceType: 'Condition', id: 'cond-fhir-1', subject: { reference: 'Patient/pt-fhir-1' }, code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Type 2 diabetes' }] } } },
      ],
    };
    const report = await new FhirImporter(c, { synthetic: true }).importBundle(bundle);
    expect(report.errors).toEqual([]);
    const patient = await c.patient.findUniqueOrThrow({ where: { fhirId: 'pt-fhir-1' } });
    patientId = patient.id;
    encounterId = (await c.encounter.findUniqueOrThrow({ where: { fhirId: 'enc-fhir-1' } })).id;
    // Both lactate values are stored.
    const stored = await c.observation.findMany({ where: { patientId }, select: { code: true } });
    expect(stored.length).toBe(2);
    await c.allergy.create({ data: { patientId, substance: 'penicillin' } });
    plainPatientId = (await c.patient.create({ data: { mrn: 'NATIVE-1' } })).id;
  });
  afterAll(() => db?.drop());

  it('a risk is a RiskAssessment about the FHIR patient and encounter, with the latest driver observations as basis', async () => {
    const code = (await db.client.observation.findFirstOrThrow({ where: { patientId } })).code;
    const risk = await riskAssessmentForPrediction(db.client, {
      patientId,
      encounterId,
      model,
      outcome: 'in_hospital_death',
      probability: 0.31,
      drivers: [
        { kind: 'descriptor', name: 'age', display: 'Age', contribution: 0.02 },
        { kind: 'variable', name: code, display: 'Lactate', contribution: 0.09 },
        { kind: 'variable', name: 'HR', display: 'Heart rate', contribution: -0.01 },
      ],
      occurrence: when,
    });
    expectValidResource(risk);
    expect(risk.subject).toEqual({ reference: 'Patient/pt-fhir-1' });
    expect(risk.encounter).toEqual({ reference: 'Encounter/enc-fhir-1' });
    // The later of the two lactate values; no observation of HR exists, so none is named.
    expect(risk.basis).toEqual([{ reference: 'Encounter/enc-fhir-1' }, { reference: 'Observation/lac-1' }]);
    expect(risk.prediction?.[0].probabilityDecimal).toBe(0.31);
    expect(risk.prediction?.[0].rationale).toBe('raised by Lactate (+0.090), Age (+0.020); lowered by Heart rate (-0.010)');
    expect(risk.extension).toEqual([{ url: MODEL_VERSION_EXTENSION, valueString: 'mv-case-1' }]);
    expect(risk.contained?.[0]).toMatchObject({ resourceType: 'Device', version: [{ value: '2' }] });
    await expect(riskAssessmentForPrediction(db.client, { patientId, encounterId: 'nope', model, outcome: 'x', probability: 0.1, drivers: [], occurrence: when })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  it('an image classification is a DiagnosticReport with one Observation per class, only for an image of a patient', async () => {
    const study = await db.client.imagingStudy.create({ data: { patientId: plainPatientId, modality: 'US' } });
    const image = await db.client.image.create({ data: { studyId: study.id, contentType: 'image/png', sha256: 'a'.repeat(64) } });
    const bundle = await imagingReportForClassification(db.client, {
      imageId: image.id,
      model: { id: 'mv-img-1', module: 'imaging', name: 'breast', version: 1 },
      probabilities: [{ className: 'benign', probability: 0.8 }, { className: 'malignant', probability: 0.2 }],
      className: 'benign',
      issued: when,
    });
    expect(bundle?.type).toBe('transaction');
    const resources = (bundle?.entry ?? []).map((e) => e.resource as Resource);
    expect(resources.map((r) => r.resourceType)).toEqual(['DiagnosticReport', 'Observation', 'Observation']);
    resources.forEach(expectValidResource);
    const report = resources[0] as { subject: { reference: string }; imagingStudy: { reference: string }[]; conclusion: string };
    expect(report.subject.reference).toBe(`Patient/${plainPatientId}`);
    expect(report.imagingStudy).toEqual([{ reference: `ImagingStudy/${study.id}` }]);
    expect(report.conclusion).toMatch(/^Most likely: benign \(0\.800\)/);
    const anonymous = await db.client.imagingStudy.create({ data: { modality: 'US' } });
    const loose = await db.client.image.create({ data: { studyId: anonymous.id, contentType: 'image/png', sha256: 'b'.repeat(64) } });
    expect(await imagingReportForClassification(db.client, { imageId: loose.id, model, probabilities: [{ className: 'a', probability: 1 }], className: 'a', issued: when })).toBeNull();
  });

  it('drug recommendations are MedicationRequest proposals in rank order, with what the safety filter checked', async () => {
    const [metformin, other] = await Promise.all([
      db.client.drug.create({ data: { name: 'metformin', code: '6809', drugClasses: [], indications: ['44054006'], contraindications: [], interactsWith: [] } }),
      db.client.drug.create({ data: { name: 'house blend', drugClasses: [], indications: [], contraindications: [], interactsWith: [] } }),
    ]);
    const proposals = await medicationProposalsForRecommendations(db.client, {
      patientId,
      condition: { code: '44054006', display: 'Type 2 diabetes' },
      model: { id: 'mv-rec-1', module: 'recommender', name: 'default', version: 4 },
      items: [{ itemId: other.id, score: 4.1 }, { itemId: metformin.id, score: 3.9 }],
      authoredOn: when,
    });
    proposals.forEach(expectValidResource);
    expect(proposals.map((p) => [p.intent, p.status])).toEqual([['proposal', 'draft'], ['proposal', 'draft']]);
    expect(proposals[1].medicationCodeableConcept?.coding?.[0]).toEqual({ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '6809', display: 'metformin' });
    expect(proposals[0].medicationCodeableConcept?.coding?.[0].code).toBe(other.id);
    const allergy = await db.client.allergy.findFirstOrThrow({ where: { patientId } });
    expect(proposals[0].supportingInformation).toEqual([{ reference: 'Condition/cond-fhir-1' }, { reference: `AllergyIntolerance/${allergy.id}` }]);
    expect(proposals[0].subject).toEqual({ reference: 'Patient/pt-fhir-1' });
    await expect(medicationProposalsForRecommendations(db.client, { patientId, condition: { code: 'x', display: 'x' }, model, items: [{ itemId: 'missing', score: 1 }], authoredOn: when })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
  });

  it('codes drugs as RxNorm, ATC or the platform’s own', () => {
    expect(drugCoding({ id: 'd1', name: 'x', code: 'A10BA02' }).system).toBe('http://www.whocc.no/atc');
    expect(drugCoding({ id: 'd1', name: 'x', code: null })).toEqual({ system: 'https://pmed.dev/fhir/CodeSystem/drug', code: 'd1', display: 'x' });
  });
});
