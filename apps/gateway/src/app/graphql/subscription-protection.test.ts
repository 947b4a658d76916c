import { ApiKeyRepository, openDatabase, type Role } from '@pmed/data';
import { ApiKeySocketsService } from '../auth/api-key-sockets.service';
import { errorCode, startTestGateway, type TestGateway } from '../testing/test-gateway';
import { openOperation, wsClient, type TestSocket } from '../testing/ws-client';

const PROGRESS = 'subscription ($id: ID!) { jobProgress(id: $id) { type status } }';
const PER_MINUTE = 10;

/** Waits for a condition the gateway reaches on its own (a socket's close being processed). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('WebSocket subscriptions: limits per API key and socket, and closing on key revocation', () => {
  let t: TestGateway;
  let repository: ApiKeyRepository;
  let sockets: ApiKeySocketsService;
  let jobId: string;
  const opened: TestSocket[] = [];

  const newKey = (role: Role = 'researcher') => repository.create({ name: `ws ${role}`, role });
  const connect = (key: string | null) => {
    const socket = wsClient(t, key);
    opened.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestGateway({
      PMED_SUBSCRIPTIONS_PER_KEY: '3',
      PMED_SUBSCRIPTIONS_PER_SOCKET: '2',
      PMED_SUBSCRIBE_RATE_LIMIT: String(PER_MINUTE),
      PMED_SOCKET_KEY_CHECK_MS: '50',
    });
    repository = new ApiKeyRepository(t.gateway.runtime.database);
    sockets = t.gateway.app.get(ApiKeySocketsService);
    // A job that runs for the whole file, so its progress subscriptions stay open.
    const started = await t.gql('mutation { startSelfTestJob(input: { steps: 1000, stepMs: 1000 }) { id } }');
    jobId = (started.body.data?.['startSelfTestJob'] as { id: string }).id;
  });

  afterAll(async () => {
    await Promise.all(opened.map((socket) => socket.client.dispose()));
    await t.gql('mutation ($id: ID!) { cancelJob(id: $id) { id } }', { variables: { id: jobId } });
    await t.close();
  });

  it('refuses subscriptions past the per-socket and per-key limits with TOO_MANY_SUBSCRIPTIONS, and frees a slot when one completes', async () => {
    const { key, record } = await newKey();
    const a = connect(key);
    const b = connect(key);
    const a1 = await openOperation(a, PROGRESS, { id: jobId });
    const a2 = await openOperation(a, PROGRESS, { id: jobId });
    expect([a1.outcome, a2.outcome]).toEqual(['open', 'open']);
    const a3 = await openOperation(a, PROGRESS, { id: jobId });
    expect(a3).toMatchObject({ outcome: 'error', code: 'TOO_MANY_SUBSCRIPTIONS' });
    expect(JSON.stringify(a3.errors)).toMatch(/"scope":"socket"/);

    const b1 = await openOperation(b, PROGRESS, { id: jobId });
    expect(b1.outcome).toBe('open');
    const b2 = await openOperation(b, PROGRESS, { id: jobId });
    expect(b2).toMatchObject({ outcome: 'error', code: 'TOO_MANY_SUBSCRIPTIONS' });
    expect(JSON.stringify(b2.errors)).toMatch(/"scope":"key"/);

    // Completing a subscription gives its slot back, to the socket and to the key.
    b1.unsubscribe();
    expect((await openOperation(b, PROGRESS, { id: jobId })).outcome).toBe('open');
    a1.unsubscribe();
    expect((await openOperation(a, PROGRESS, { id: jobId })).outcome).toBe('open');

    // Closing a socket gives back all of its slots.
    await a.client.dispose();
    await until(() => sockets.openSockets(record.id) === 1);
    expect((await openOperation(b, PROGRESS, { id: jobId })).outcome).toBe('open');
    // The refusals did not break the socket: it still answers, and other keys are not affected.
    expect((await openOperation(connect(t.keys.researcher), PROGRESS, { id: jobId })).outcome).toBe('open');
  });

  it('answers a malformed operation with BAD_USER_INPUT and keeps the socket open', async () => {
    const socket = connect(t.keys.admin);
    expect(await openOperation(socket, 'subscription { jobProgress(id: ')).toMatchObject({ outcome: 'error', code: 'BAD_USER_INPUT' });
    expect((await openOperation(socket, PROGRESS, { id: jobId })).outcome).toBe('open');
  });

  it('refuses subscribe operations past the per-minute limit with RATE_LIMITED', async () => {
    const { key } = await newKey();
    const socket = connect(key);
    const codes: (string | undefined)[] = [];
    // Twice the allowance and one: even if a minute ends during the loop, one attempt is refused.
    for (let i = 0; i <= 2 * PER_MINUTE && !codes.includes('RATE_LIMITED'); i += 1) {
      codes.push((await openOperation(socket, PROGRESS, { id: 'no-such-job' })).code);
    }
    expect(codes.slice(0, PER_MINUTE)).toEqual(Array(PER_MINUTE).fill('NOT_FOUND'));
    expect(codes[codes.length - 1]).toBe('RATE_LIMITED');
    const refused = await openOperation(socket, PROGRESS, { id: jobId });
    expect(refused.code).toBe('RATE_LIMITED');
    expect(JSON.stringify(refused.errors)).toMatch(/"retryAfterSeconds":\d+/);
  });

  it('closes the sockets of a key revoked by another process within the check interval', async () => {
    const { key, record } = await newKey();
    const socket = connect(key);
    const subscription = await openOperation(socket, PROGRESS, { id: jobId });
    expect(subscription.outcome).toBe('open');
    expect(sockets.openSockets(record.id)).toBe(1);

    // As `pmed apikey revoke` does: its own connection to the same database.
    const other = await openDatabase({ url: t.gateway.runtime.config.databaseUrl });
    try {
      await new ApiKeyRepository(other).revoke(record.prefix);
    } finally {
      await other.close();
    }
    expect(await socket.closed).toEqual({ code: 4403, reason: 'The API key was revoked or has expired' });
    expect(sockets.openSockets(record.id)).toBe(0);
  }, 10_000);

  it('closes the sockets of a key revoked through revokeApiKey at once', async () => {
    const { key, record } = await newKey('clinician');
    const first = connect(key);
    const second = connect(key);
    for (const socket of [first, second]) expect((await openOperation(socket, PROGRESS, { id: jobId })).outcome).toBe('open');

    const mutation = 'mutation ($ref: String!) { revokeApiKey(idOrPrefix: $ref) { closedConnections apiKey { id prefix role revokedAt } } }';
    expect(errorCode(await t.gql(mutation, { key: t.keys.researcher, variables: { ref: record.id } }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(mutation, { variables: { ref: 'nosuchkey0' } }))).toBe('NOT_FOUND');

    const revoked = await t.gql(mutation, { variables: { ref: record.id } });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data?.['revokeApiKey']).toMatchObject({ closedConnections: 2, apiKey: { id: record.id, prefix: record.prefix, role: 'clinician' } });
    expect((await first.closed).code).toBe(4403);
    expect((await second.closed).code).toBe(4403);
    // The key is refused from now on, over HTTP and for new sockets.
    expect(errorCode(await t.gql('{ system { version } }', { key }))).toBe('UNAUTHENTICATED');
    expect((await openOperation(connect(key), PROGRESS, { id: jobId })).code).toBe('UNAUTHENTICATED');
  });
});
