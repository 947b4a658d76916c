import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';

interface ProgressEvent {
  type: string;
  status: string | null;
  progress: number | null;
}

function wsClient(t: TestGateway, key: string | null): Client {
  return createClient({
    url: `${t.gateway.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

function collect(client: Client, query: string, variables: Record<string, unknown>): Promise<{ events: ProgressEvent[]; error?: unknown }> {
  const events: ProgressEvent[] = [];
  return new Promise((resolve) => {
    client.subscribe<{ jobProgress: ProgressEvent }>(
      { query, variables },
      {
        next: (message) => {
          if (message.data) events.push(message.data.jobProgress);
          if (message.errors) resolve({ events, error: message.errors });
        },
        error: (error) => resolve({ events, error }),
        complete: () => resolve({ events }),
      },
    );
  });
}

const SUBSCRIPTION = 'subscription ($id: ID!) { jobProgress(id: $id) { type status progress message } }';

describe('jobProgress subscription over graphql-ws', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('streams a self-test job from its current state to success', async () => {
    const started = await t.gql('mutation { startSelfTestJob(input: { steps: 5, stepMs: 40 }) { id status } }');
    expect(started.body.errors).toBeUndefined();
    const jobId = (started.body.data?.['startSelfTestJob'] as { id: string }).id;
    const client = wsClient(t, t.keys.researcher);
    try {
      const { events, error } = await collect(client, SUBSCRIPTION, { id: jobId });
      expect(error).toBeUndefined();
      const progress = events.filter((e) => e.type === 'progress').map((e) => e.progress);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress).toEqual([...progress].sort((a, b) => (a ?? 0) - (b ?? 0)));
      expect(events[events.length - 1]).toMatchObject({ type: 'status', status: 'succeeded' });
    } finally {
      await client.dispose();
    }
    const job = await t.gql('query ($id: ID!) { job(id: $id) { status progress result } }', { variables: { id: jobId } });
    expect(job.body.data?.['job']).toMatchObject({ status: 'succeeded', progress: 1, result: { steps: 5 } });
  });

  it('refuses a subscription without a key, and an unknown job with NOT_FOUND', async () => {
    const anonymous = wsClient(t, null);
    const admin = wsClient(t, t.keys.admin);
    try {
      const refused = await collect(anonymous, SUBSCRIPTION, { id: 'whatever' });
      expect(JSON.stringify(refused.error)).toMatch(/UNAUTHENTICATED/);
      const missing = await collect(admin, SUBSCRIPTION, { id: 'no-such-job' });
      expect(JSON.stringify(missing.error)).toMatch(/NOT_FOUND/);
    } finally {
      await anonymous.dispose();
      await admin.dispose();
    }
  });

  it('cancels a running job', async () => {
    const started = await t.gql('mutation { startSelfTestJob(input: { steps: 200, stepMs: 50 }) { id } }');
    const jobId = (started.body.data?.['startSelfTestJob'] as { id: string }).id;
    const client = wsClient(t, t.keys.admin);
    try {
      const done = collect(client, SUBSCRIPTION, { id: jobId });
      // Another role cannot cancel a job it did not start.
      const foreign = await t.gql('mutation ($id: ID!) { cancelJob(id: $id) { status } }', { key: t.keys.clinician, variables: { id: jobId } });
      expect(foreign.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      await t.gql('mutation ($id: ID!) { cancelJob(id: $id) { id } }', { variables: { id: jobId } });
      const { events } = await done;
      expect(events[events.length - 1]).toMatchObject({ type: 'status', status: 'cancelled' });
    } finally {
      await client.dispose();
    }
  });
});
