import { errorCode, startTestGateway, type TestGateway } from './testing/test-gateway';
import { openTestDatabase, skipServiceTests } from '@pmed/data';

const REDIS_URL = process.env['PMED_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * The same system and patient queries with the data on PostgreSQL and the queue on BullMQ/Redis.
 * Fails when the servers are unreachable, unless PMED_SKIP_SERVICE_TESTS=1 skips it (and jest says so).
 */
(skipServiceTests() ? describe.skip : describe)('gateway on PostgreSQL and Redis', () => {
  let t: TestGateway;
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    // A fresh, migrated schema of its own; the gateway then opens it by URL like production does.
    const scratch = await openTestDatabase('postgres');
    drop = () => scratch.close();
    t = await startTestGateway({ DATABASE_URL: scratch.url, REDIS_URL });
  });

  afterAll(async () => {
    await t?.close();
    await drop();
  });

  it('answers system with postgres and bullmq', async () => {
    const response = await t.gql('{ system { database queue } }');
    expect(response.body.data?.['system']).toEqual({ database: 'postgres', queue: 'bullmq' });
  });

  it('reads a patient, audits it, and refuses a missing key', async () => {
    const client = t.gateway.runtime.database.client as unknown as {
      patient: { create(args: { data: Record<string, unknown> }): Promise<{ id: string }> };
      auditEvent: { count(args: { where: Record<string, unknown> }): Promise<number> };
    };
    const { id } = await client.patient.create({ data: { mrn: `INT-${Date.now()}`, synthetic: true, allergies: { create: [{ substance: 'latex' }] } } });
    const response = await t.gql('query ($id: ID!) { patient(id: $id) { allergies { substance } } }', { key: t.keys.clinician, variables: { id } });
    expect(response.body.data?.['patient']).toEqual({ allergies: [{ substance: 'latex' }] });
    expect(await client.auditEvent.count({ where: { patientId: id } })).toBe(1);
    expect(errorCode(await t.gql('{ system { database } }', { key: null }))).toBe('UNAUTHENTICATED');
  });
});
