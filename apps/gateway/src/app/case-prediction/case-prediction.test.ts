import { errorCode, startTestGateway, type TestGateway } from '../testing/test-gateway';

jest.setTimeout(120_000);

const TRAIN = `mutation($input: TrainCaseModelInput) { trainCaseModel(input: $input) { id status } }`;
const PREDICT = `query($patientId: ID!, $encounterId: ID, $model: String) { predictOutcome(patientId: $patientId, encounterId: $encounterId, model: $model) {
  patientId encounterId outcome risk calibratedRisk interval { lower upper level } observations droppedValues heatmapSvg
  drivers { kind name display contribution value } modelVersion { id name version status } fhir } }`;
const SCORE = `mutation($filter: ScoreCohortInput) { scoreCohort(filter: $filter) { id status } }`;

describe('case-prediction GraphQL', () => {
  let t: TestGateway;

  beforeAll(async () => {
    // The demo records without the demo model jobs, which would queue ahead of this test's own.
    t = await startTestGateway({ PMED_DEMO: '1', PMED_DEMO_MODELS: '0' });
  });
  afterAll(async () => t?.close());

  async function waitForJob(id: string): Promise<{ status: string; result: Record<string, unknown>; error: unknown }> {
    for (let i = 0; i < 1200; i++) {
      const res = await t.gql(`query($id: ID!) { job(id: $id) { status result error { code message } } }`, { variables: { id } });
      const job = res.body.data?.['job'] as { status: string; result: Record<string, unknown>; error: unknown };
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('job did not finish');
  }

  it('trains on the demo ICU patients, predicts with drivers (audited), and scores the cohort', async () => {
    const started = await t.gql(TRAIN, { key: t.keys.researcher, variables: { input: { name: 'demo', outcome: 'deteriorated', filter: { source: 'demo' }, hours: 24, epochs: 2, units: 4, hidden: 4, patience: 0, summaryStats: ['last', 'max'], ensembleSize: 2 } } });
    expect(started.body.errors).toBeUndefined();
    const job = await waitForJob((started.body.data?.['trainCaseModel'] as { id: string }).id);
    expect(job).toMatchObject({ status: 'succeeded', error: null });
    expect(job.result).toMatchObject({ name: 'demo', version: 1, stays: 20, metrics: { ensembleSize: 2 } });

    const res = await t.gql(PREDICT, { key: t.keys.clinician, variables: { patientId: 'demo-patient-01', model: 'demo' } });
    expect(res.body.errors).toBeUndefined();
    const p = res.body.data?.['predictOutcome'] as { encounterId: string; calibratedRisk: number; interval: { lower: number; upper: number }; drivers: { contribution: number }[]; heatmapSvg: string; modelVersion: { name: string }; outcome: string };
    expect(p).toMatchObject({ encounterId: 'demo-encounter-01', outcome: 'deteriorated', modelVersion: { name: 'demo' } });
    expect(p.calibratedRisk).toBeGreaterThanOrEqual(0);
    expect(p.interval.lower).toBeLessThanOrEqual(p.calibratedRisk);
    expect(p.drivers.length).toBeGreaterThan(0);
    expect(p.heatmapSvg).toContain('<svg');
    // The same prediction as a FHIR RiskAssessment about that patient and encounter, by that model.
    const fhir = (p as unknown as { fhir: { resourceType: string; subject: unknown; encounter: unknown; prediction: { probabilityDecimal: number }[]; contained: { identifier: { value: string }[] }[]; basis: { reference: string }[] } }).fhir;
    const version = (p as unknown as { modelVersion: { id: string } }).modelVersion.id;
    expect(fhir).toMatchObject({ resourceType: 'RiskAssessment', status: 'final', subject: { reference: 'Patient/demo-patient-01' }, encounter: { reference: 'Encounter/demo-encounter-01' } });
    expect(fhir.prediction[0].probabilityDecimal).toBe(p.calibratedRisk);
    expect(fhir.contained[0].identifier[0].value).toBe(version);
    expect(fhir.basis[0]).toEqual({ reference: 'Encounter/demo-encounter-01' });
    const audit = await t.gateway.runtime.database.client.auditEvent.findMany({ where: { patientId: 'demo-patient-01', entity: 'Encounter' } });
    expect(audit).toHaveLength(1);

    expect(errorCode(await t.gql(PREDICT, { key: t.keys.researcher, variables: { patientId: 'demo-patient-01', model: 'demo' } }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(PREDICT, { key: t.keys.clinician, variables: { patientId: 'nobody', model: 'demo' } }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(PREDICT, { key: t.keys.clinician, variables: { patientId: 'demo-patient-01', model: 'missing' } }))).toBe('NOT_FOUND');

    const scoring = await t.gql(SCORE, { key: t.keys.clinician, variables: { filter: { modelName: 'demo', filter: { source: 'demo' }, explain: false } } });
    expect(scoring.body.errors).toBeUndefined();
    const scored = await waitForJob((scoring.body.data?.['scoreCohort'] as { id: string }).id);
    expect(scored).toMatchObject({ status: 'succeeded', result: { encounters: 20, scored: 20, skipped: 0 } });
    expect(await t.gateway.runtime.database.client.riskPrediction.count()).toBe(20);
  });

  it('refuses bad training input before it becomes a job', async () => {
    const res = await t.gql(TRAIN, { key: t.keys.researcher, variables: { input: { cell: 'transformer' } } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toMatch(/cell/);
    const badSummary = await t.gql(TRAIN, { key: t.keys.researcher, variables: { input: { summaryStats: ['median'], ensembleSize: 2 } } });
    expect(errorCode(badSummary)).toBe('BAD_USER_INPUT');
    expect(badSummary.body.errors?.[0].message).toMatch(/summaryStats/);
    expect(errorCode(await t.gql(TRAIN, { key: t.keys.researcher, variables: { input: { ensembleSize: 0 } } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(TRAIN, { key: t.keys.clinician, variables: { input: {} } }))).toBe('FORBIDDEN');
  });
});
