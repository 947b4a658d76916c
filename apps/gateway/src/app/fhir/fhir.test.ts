import { readFileSync } from 'node:fs';
import request from 'supertest';
import { errorCode, startTestGateway, type TestGateway } from '../testing/test-gateway';

const SAMPLE = JSON.parse(
  readFileSync(`${__dirname}/../../../../../libs/fhir/src/lib/testing/small-bundle.json`, 'utf8'),
) as Record<string, unknown>;

const IMPORT = `mutation Import($bundle: JSON!) { importFhir(bundle: $bundle) { ok kind resources patientIds counts { resourceType created unchanged skipped } errors { code location } warnings { code location } } }`;

describe('FHIR over GraphQL and HTTP', () => {
  let t: TestGateway;
  let patientId: string;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('importFhir imports a bundle, audits the patients, and a second import changes nothing', async () => {
    const first = await t.gql(IMPORT, { key: t.keys.clinician, variables: { bundle: SAMPLE } });
    const result = first.body.data?.['importFhir'] as { ok: boolean; patientIds: string[]; counts: { resourceType: string; created: number; unchanged: number; skipped: number }[] };
    expect(result.ok).toBe(true);
    expect(result.counts).toEqual(expect.arrayContaining([{ resourceType: 'Patient', created: 1, unchanged: 0, skipped: 0 }, { resourceType: 'Immunization', created: 0, unchanged: 0, skipped: 1 }]));
    patientId = result.patientIds[0];
    const again = await t.gql(IMPORT, { key: t.keys.clinician, variables: { bundle: SAMPLE } });
    expect((again.body.data?.['importFhir'] as typeof result).counts.find((c) => c.resourceType === 'Observation')).toMatchObject({ created: 0, unchanged: 1 });
    const events = await t.gateway.runtime.database.client.auditEvent.findMany({ where: { patientId } });
    expect(events.some((e) => e.action === 'update' && e.entity === 'Patient')).toBe(true);
  });

  it('reports bad input as located errors, and refuses researchers', async () => {
    const bad = await t.gql(IMPORT, { key: t.keys.clinician, variables: { bundle: { resourceType: 'Patient' } } });
    expect((bad.body.data?.['importFhir'] as { ok: boolean; errors: unknown[] }).errors).toEqual([{ code: 'not-a-bundle', location: 'Bundle' }]);
    expect(errorCode(await t.gql(IMPORT, { key: t.keys.researcher, variables: { bundle: SAMPLE } }))).toBe('FORBIDDEN');
  });

  it('patientFhir and GET /fhir/Patient/{id}/$everything export the patient, for clinicians only', async () => {
    const response = await t.gql('query P($id: ID!) { patientFhir(id: $id) }', { key: t.keys.clinician, variables: { id: patientId } });
    const bundle = response.body.data?.['patientFhir'] as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(expect.arrayContaining(['Patient', 'Observation']));
    expect(errorCode(await t.gql('query P($id: ID!) { patientFhir(id: $id) }', { key: t.keys.clinician, variables: { id: 'nobody' } }))).toBe('NOT_FOUND');

    const http = await request(t.gateway.url).get(`/fhir/Patient/${patientId}/$everything`).set('Authorization', `Bearer ${t.keys.clinician}`);
    expect(http.status).toBe(200);
    expect(http.headers['content-type']).toContain('application/fhir+json');
    expect(JSON.parse(http.text)).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect((await request(t.gateway.url).get(`/fhir/Patient/${patientId}/$everything`)).status).toBe(401);
    expect((await request(t.gateway.url).get(`/fhir/Patient/${patientId}/$everything`).set('x-api-key', t.keys.researcher)).status).toBe(403);
    expect((await request(t.gateway.url).get(`/fhir/Patient/nobody/$everything`).set('x-api-key', t.keys.clinician)).status).toBe(404);
    const reads = await t.gateway.runtime.database.client.auditEvent.findMany({ where: { patientId } });
    expect(reads.filter((e) => e.action === 'read').length).toBeGreaterThanOrEqual(2);
  });
});
