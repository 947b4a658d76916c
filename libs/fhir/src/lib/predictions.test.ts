import type { Resource } from '@medplum/fhirtypes';
import { PmedError } from '@pmed/core';
import { buildImagingReport, buildMedicationProposal, buildRiskAssessment, MODEL_VERSION_EXTENSION } from './predictions';
import { expectValidResource } from './testing/expect-valid';

const model = { id: 'mv1', module: 'case-prediction', name: 'icu-mortality', version: 3 };
const when = new Date('2024-05-01T10:00:00Z');

describe('prediction export builders', () => {
  it('RiskAssessment carries the probability, the basis and the model as a contained Device', () => {
    const risk = buildRiskAssessment({ subject: 'Patient/p1', model, outcome: { system: 'http://snomed.info/sct', code: '419099009', display: 'Dead' }, probability: 0.27, basis: ['Observation/o1'], occurrence: when });
    expectValidResource(risk);
    expect(risk.prediction?.[0].probabilityDecimal).toBe(0.27);
    expect(risk.performer).toEqual({ reference: '#model' });
    expect(risk.contained?.[0]).toMatchObject({ resourceType: 'Device', version: [{ value: '3' }] });
    expect(risk.extension).toEqual([{ url: MODEL_VERSION_EXTENSION, valueString: 'mv1' }]);
    expect(risk.basis).toEqual([{ reference: 'Observation/o1' }]);
    expect(buildRiskAssessment({ subject: 'Patient/p1', model, outcome: { code: 'x' }, probability: 0.27, occurrence: when }).id).toBe(
      buildRiskAssessment({ subject: 'Patient/p1', model, outcome: { code: 'x' }, probability: 0.5, occurrence: when }).id,
    );
  });

  it('refuses a probability outside 0..1 and a malformed subject', () => {
    expect(() => buildRiskAssessment({ subject: 'Patient/p1', model, outcome: { code: 'x' }, probability: 1.2, occurrence: when })).toThrow(PmedError);
    expect(() => buildRiskAssessment({ subject: 'p1', model, outcome: { code: 'x' }, probability: 0.2, occurrence: when })).toThrow(/subject/);
  });

  it('imaging report: a DiagnosticReport whose results resolve to the Observations of the same transaction', () => {
    const bundle = buildImagingReport({ subject: 'Patient/p1', study: 'ImagingStudy/s1', model, code: { system: 'http://loinc.org', code: '18748-4' }, findings: [{ finding: { code: 'pneumonia' }, probability: 0.8 }], issued: when });
    const [report, observation] = (bundle.entry ?? []).map((e) => e.resource as Resource);
    expectValidResource(report);
    expectValidResource(observation);
    expect((report as { result: { reference: string }[] }).result[0].reference).toBe(bundle.entry?.[1].fullUrl);
    expect(observation).toMatchObject({ valueQuantity: { value: 0.8 }, device: { reference: '#model' } });
    expect(() => buildImagingReport({ subject: 'Patient/p1', model, code: { code: 'x' }, findings: [], issued: when })).toThrow(/findings/);
  });

  it('drug recommendation: a MedicationRequest with intent proposal, requested by the model', () => {
    const request = buildMedicationProposal({ subject: 'Patient/p1', model, medication: { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361', display: 'Amlodipine 5 MG' }, score: 4.2, basis: ['Condition/c1'], authoredOn: when });
    expectValidResource(request);
    expect(request).toMatchObject({ intent: 'proposal', status: 'draft', requester: { reference: '#model' }, supportingInformation: [{ reference: 'Condition/c1' }] });
  });
});
