import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../testing/test-gateway';

interface CurvePoint {
  epoch: number;
  values: Record<string, number>;
}

interface ProgressEvent {
  type: string;
  status: string | null;
  progress: number | null;
  points?: CurvePoint[] | null;
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
const CURVE_SUBSCRIPTION = 'subscription ($id: ID!) { jobProgress(id: $id) { type status progress points { epoch values } } }';

/** Adds a 'metrics' event's points the way a client draws them: a repeated or earlier epoch restarts the curve there. */
function drawCurve(events: ProgressEvent[]): CurvePoint[] {
  let curve: CurvePoint[] = [];
  for (const event of events) {
    for (const point of event.points ?? []) curve = [...curve.filter((p) => p.epoch < point.epoch), point];
  }
  return curve;
}

/** The self-test's curve: the share of steps left after each step. */
const selfTestCurve = (steps: number): CurvePoint[] => Array.from({ length: steps }, (_, i) => ({ epoch: i + 1, values: { remaining: (steps - i - 1) / steps } }));

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

  it("streams the training curve as 'metrics' events and keeps it on the job", async () => {
    const started = await t.gql('mutation { startSelfTestJob(input: { steps: 5, stepMs: 20 }) { id } }');
    const jobId = (started.body.data?.['startSelfTestJob'] as { id: string }).id;
    const client = wsClient(t, t.keys.researcher);
    try {
      const live = await collect(client, CURVE_SUBSCRIPTION, { id: jobId });
      expect(live.error).toBeUndefined();
      expect(live.events.some((e) => e.type === 'metrics')).toBe(true);
      expect(live.events.filter((e) => e.type !== 'metrics').every((e) => e.points === null)).toBe(true);
      expect(drawCurve(live.events)).toEqual(selfTestCurve(5));
      // Subscribing after the job ended still gives the whole curve, after the final status.
      const late = await collect(client, CURVE_SUBSCRIPTION, { id: jobId });
      expect(late.events).toEqual([
        { type: 'status', status: 'succeeded', progress: null, points: null },
        { type: 'metrics', status: null, progress: null, points: selfTestCurve(5) },
      ]);
    } finally {
      await client.dispose();
    }
    const job = await t.gql('query ($id: ID!) { job(id: $id) { status trainingCurve { epoch values } } }', { variables: { id: jobId } });
    expect(job.body.data?.['job']).toEqual({ status: 'succeeded', trainingCurve: selfTestCurve(5) });
  });

  it('gives a subscriber that joins a running job the curve so far, then the rest live', async () => {
    const started = await t.gql('mutation { startSelfTestJob(input: { steps: 30, stepMs: 40 }) { id } }');
    const jobId = (started.body.data?.['startSelfTestJob'] as { id: string }).id;
    const current = async (): Promise<{ status: string; trainingCurve: CurvePoint[] }> =>
      (await t.gql('query ($id: ID!) { job(id: $id) { status trainingCurve { epoch values } } }', { variables: { id: jobId } })).body.data?.['job'] as { status: string; trainingCurve: CurvePoint[] };
    for (let tries = 0; (await current()).trainingCurve.length < 5 && tries < 500; tries += 1) await new Promise((resolve) => setTimeout(resolve, 20));
    const client = wsClient(t, t.keys.clinician);
    try {
      const { events, error } = await collect(client, CURVE_SUBSCRIPTION, { id: jobId });
      expect(error).toBeUndefined();
      expect(events[0]).toMatchObject({ type: 'status', status: 'running' });
      const first = events.find((e) => e.type === 'metrics');
      // The first 'metrics' event is the snapshot: it starts at epoch 1 although the job was well past it.
      expect(first?.points?.[0]?.epoch).toBe(1);
      expect(first?.points?.length).toBeGreaterThanOrEqual(5);
      expect(drawCurve(events)).toEqual(selfTestCurve(30));
    } finally {
      await client.dispose();
    }
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
