import { ModelVersionRepository } from '@pmed/data';
import { errorCode, startTestGateway, type TestGateway } from '../testing/test-gateway';

const LIST = `query($module: String, $limit: Int) { modelVersions(module: $module, limit: $limit) { id module name version status metrics modelCard jobId createdAt } }`;

describe('model registry GraphQL', () => {
  let t: TestGateway;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestGateway();
    const repo = new ModelVersionRepository(t.gateway.runtime.database.client);
    const roc = { fpr: [0, 0.2, 1], tpr: [0, 0.7, 1] };
    ids['imaging'] = (await repo.register({ module: 'imaging', name: 'default', status: 'ready', metrics: { auc: 0.91, rocCurve: roc, reliability: [{ lower: 0.8, upper: 0.9, meanPredicted: 0.85, observed: 0.8, count: 5 }], history: { loss: [0.7, 0.5] } }, modelCard: { intendedUse: 'test' }, artifact: new Uint8Array([1, 2]) })).id;
    ids['case'] = (await repo.register({ module: 'case-prediction', name: 'default', status: 'ready', metrics: { auroc: 0.8, rocCurve: roc } })).id;
    ids['nlp'] = (await repo.register({ module: 'nlp', name: 'clinical', status: 'ready', metrics: { heldOutPerplexity: 90 } })).id;
  }, 60_000);
  afterAll(() => t?.close());

  it('lists the models of every module for a clinician, with their plot metrics', async () => {
    const res = await t.gql(LIST, { key: t.keys.clinician });
    expect(res.body.errors).toBeUndefined();
    const models = res.body.data?.['modelVersions'] as { id: string; module: string; name: string; metrics: { rocCurve?: unknown; history?: unknown } }[];
    expect(models.map((m) => m.module)).toEqual(['case-prediction', 'imaging', 'nlp']);
    const imaging = models.find((m) => m.module === 'imaging');
    expect(imaging?.metrics).toMatchObject({ rocCurve: { fpr: [0, 0.2, 1] }, history: { loss: [0.7, 0.5] } });

    const filtered = await t.gql(LIST, { key: t.keys.researcher, variables: { module: 'nlp' } });
    expect((filtered.body.data?.['modelVersions'] as { id: string }[]).map((m) => m.id)).toEqual([ids['nlp']]);
    const limited = await t.gql(LIST, { variables: { limit: 1 } });
    expect(limited.body.data?.['modelVersions']).toHaveLength(1);
  });

  it('shows one version by id with its model card', async () => {
    const res = await t.gql(`query($id: ID!) { modelVersion(id: $id) { module name version modelCard parameters trainingData updatedAt } }`, { key: t.keys.clinician, variables: { id: ids['imaging'] } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['modelVersion']).toMatchObject({ module: 'imaging', name: 'default', version: 1, modelCard: { intendedUse: 'test' }, parameters: null });
    const missing = await t.gql(`{ modelVersion(id: "nope") { id } }`, { key: t.keys.clinician });
    expect(errorCode(missing)).toBe('NOT_FOUND');
  });

  it('refuses an unknown module or limit with BAD_USER_INPUT, and a request without a key', async () => {
    const bad = await t.gql(LIST, { key: t.keys.clinician, variables: { module: 'radiology' } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0]?.message).toMatch(/module: must be one of imaging, case-prediction, drug-generation, recommender, nlp, got 'radiology'/);
    expect(errorCode(await t.gql(LIST, { key: t.keys.clinician, variables: { limit: 0 } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(LIST, { key: t.keys.clinician, variables: { limit: 5000 } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(LIST, { key: null }))).toBe('UNAUTHENTICATED');
  });

  it('never exposes the weights', async () => {
    const res = await t.gql(`{ modelVersions { artifact } }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/Cannot query field "artifact"/);
  });
});
