import request from 'supertest';
import { errorCode, startTestGateway, type TestGateway } from './testing/test-gateway';
import { ApiKeyRepository } from '@pmed/data';

interface PatientClient {
  patient: { create(args: { data: Record<string, unknown> }): Promise<{ id: string }> };
  auditEvent: { findMany(args: { where: Record<string, unknown> }): Promise<Record<string, unknown>[]> };
}

describe('gateway (SQLite, in-process queue)', () => {
  let t: TestGateway;
  let client: PatientClient;
  let patientId: string;

  beforeAll(async () => {
    t = await startTestGateway({ PMED_MAX_QUERY_DEPTH: '3', PMED_MAX_QUERY_COMPLEXITY: '300', PMED_BODY_LIMIT: '4096' });
    client = t.gateway.runtime.database.client as unknown as PatientClient;
    const patient = await client.patient.create({
      data: {
        mrn: 'TEST-0001',
        givenName: 'Ada',
        familyName: 'Synthetic',
        synthetic: true,
        source: 'test',
        allergies: { create: [{ substance: 'penicillin', severity: 'severe' }] },
        conditions: { create: [{ code: 'E11', display: 'Type 2 diabetes mellitus' }] },
        medications: { create: [{ name: 'metformin' }] },
        observations: {
          create: [
            { code: 'HR', value: 80, unit: 'bpm', time: new Date('2026-01-01T10:00:00Z') },
            { code: 'HR', value: 90, unit: 'bpm', time: new Date('2026-01-01T11:00:00Z') },
          ],
        },
      },
    });
    patientId = patient.id;
    await client.patient.create({ data: { mrn: 'TEST-0002', givenName: 'Grace', synthetic: true } });
  });

  afterAll(() => t.close());

  it('answers the system query for a valid key', async () => {
    const response = await t.gql('{ system { version backend database queue backendsTried { name } } }');
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.['system']).toMatchObject({ backend: 'cpu', database: 'sqlite', queue: 'in-process' });
    expect(response.headers['x-request-id']).toMatch(/.+/);
  });

  it('accepts the key in x-api-key too', async () => {
    const response = await request(t.gateway.url).post('/graphql').set('x-api-key', t.keys.researcher).send({ query: '{ system { queue } }' });
    expect(response.body.data.system.queue).toBe('in-process');
  });

  it('refuses a request without a key, with an unknown key and with a revoked key', async () => {
    const missing = await t.gql('{ system { version } }', { key: null });
    expect(errorCode(missing)).toBe('UNAUTHENTICATED');
    expect(missing.body.data ?? null).toBeNull();
    expect(errorCode(await t.gql('{ system { version } }', { key: 'pmed_not_a_real_key' }))).toBe('UNAUTHENTICATED');

    const repository = new ApiKeyRepository(t.gateway.runtime.database);
    const { key, record } = await repository.create({ name: 'to revoke', role: 'admin' });
    expect(errorCode(await t.gql('{ system { version } }', { key }))).toBeUndefined();
    await repository.revoke(record.id);
    expect(errorCode(await t.gql('{ system { version } }', { key }))).toBe('UNAUTHENTICATED');
  });

  it('refuses a role the resolver does not allow with FORBIDDEN', async () => {
    const response = await t.gql('query ($id: ID!) { patient(id: $id) { id } }', { key: t.keys.researcher, variables: { id: patientId } });
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(errorCode(await t.gql('mutation { startSelfTestJob { id } }', { key: t.keys.clinician }))).toBe('FORBIDDEN');
  });

  it('reads a patient with its records and writes an audit event', async () => {
    const response = await t.gql(
      'query ReadChart($id: ID!) { patient(id: $id) { mrn allergies { substance severity } conditions { code } medications { name } observations(code: "HR", last: 1) { value unit } } }',
      { key: t.keys.clinician, variables: { id: patientId } },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.['patient']).toEqual({
      mrn: 'TEST-0001',
      allergies: [{ substance: 'penicillin', severity: 'severe' }],
      conditions: [{ code: 'E11' }],
      medications: [{ name: 'metformin' }],
      observations: [{ value: 90, unit: 'bpm' }],
    });
    const events = await client.auditEvent.findMany({ where: { patientId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: t.keyIds.clinician,
      role: 'clinician',
      action: 'read',
      entity: 'Patient',
      entityId: patientId,
      operation: 'ReadChart',
      requestId: response.headers['x-request-id'],
    });
    expect(events[0]?.['ip']).toMatch(/127\.0\.0\.1/);
  });

  it('pages through patients and audits each one returned', async () => {
    const first = await t.gql('{ patients(search: "TEST", first: 1) { items { id mrn } nextCursor } }', { key: t.keys.clinician });
    const page = first.body.data?.['patients'] as { items: { id: string; mrn: string }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBe(page.items[0]!.id);
    const second = await t.gql('query ($after: String) { patients(search: "TEST", first: 5, after: $after) { items { id mrn } nextCursor } }', {
      key: t.keys.clinician,
      variables: { after: page.nextCursor },
    });
    const rest = second.body.data?.['patients'] as { items: { id: string; mrn: string }[]; nextCursor: string | null };
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect([page.items[0]!.mrn, rest.items[0]!.mrn].sort()).toEqual(['TEST-0001', 'TEST-0002']);
    const other = rest.items[0]!.id === patientId ? page.items[0]!.id : rest.items[0]!.id;
    expect(await client.auditEvent.findMany({ where: { patientId: other } })).toHaveLength(1);
  });

  it('answers NOT_FOUND and BAD_USER_INPUT with stable codes', async () => {
    expect(errorCode(await t.gql('{ patient(id: "no-such-patient") { id } }', { key: t.keys.clinician }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('{ job(id: "no-such-job") { id } }'))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql('{ patients(first: 0) { items { id } } }', { key: t.keys.clinician }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('{ jobs(filter: { limit: 999 }) { nextCursor } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('{ system { noSuchField } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('{ system {'))).toBe('BAD_USER_INPUT');
  });

  it('refuses queries over the depth and complexity limits before running them', async () => {
    expect(errorCode(await t.gql('{ jobs { items { id } } }'))).toBeUndefined();
    const deep = await t.gql('{ jobs { items { error { code } } } }');
    expect(errorCode(deep)).toBe('QUERY_TOO_DEEP');
    expect(deep.body.data ?? null).toBeNull();
    // Depth through a fragment counts the same.
    expect(errorCode(await t.gql('{ jobs { ...J } } fragment J on JobPage { items { error { code } } }'))).toBe('QUERY_TOO_DEEP');
    // 100 patients x 4 fields is over a complexity limit of 300 while within the depth limit.
    expect(errorCode(await t.gql('{ patients(first: 100) { items { id mrn givenName familyName } } }', { key: t.keys.clinician }))).toBe('QUERY_TOO_COMPLEX');
    const wide = `{ ${Array.from({ length: 40 }, (_, i) => `s${i}: system { version backend database queue node tfVersion tfBackend backendForced }`).join(' ')} }`;
    const complex = await t.gql(wide);
    expect(errorCode(complex)).toBe('QUERY_TOO_COMPLEX');
    expect(complex.body.data ?? null).toBeNull();
  });

  it('answers PAYLOAD_TOO_LARGE as JSON for an over-long body', async () => {
    const response = await request(t.gateway.url)
      .post('/graphql')
      .set('Authorization', `Bearer ${t.keys.admin}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ query: `{ system { version } } # ${'x'.repeat(5000)}` }));
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reports health without a key', async () => {
    const response = await request(t.gateway.url).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', database: { kind: 'sqlite', ok: true }, queue: 'in-process', backend: 'cpu' });
  });
});
