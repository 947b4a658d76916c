import { errorCode, startTestGateway, type TestGateway } from '../testing/test-gateway';

describe('molecules GraphQL', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ PMED_TF_BACKEND: 'wasm' });
  });
  afterAll(async () => t?.close());

  async function waitForJob(id: string): Promise<{ status: string; result: Record<string, unknown> | null; error: unknown }> {
    for (let i = 0; i < 200; i++) {
      const res = await t.gql('query($id: ID!) { job(id: $id) { status result error { code message } } }', { variables: { id } });
      const job = res.body.data?.['job'] as { status: string; result: Record<string, unknown> | null; error: unknown } | undefined;
      if (!job) throw new Error(`job query failed: ${JSON.stringify(res.body.errors)}`);
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    throw new Error(`job ${id} did not finish`);
  }

  it('describes any molecule and explains a bad one', async () => {
    const res = await t.gql('{ molecule(smiles: "OC(=O)c1ccccc1OC(C)=O") { canonicalSmiles svg properties { qed logP molecularWeight } } }', { key: t.keys.clinician });
    const molecule = res.body.data?.['molecule'] as { canonicalSmiles: string; svg: string; properties: { qed: number; molecularWeight: number } };
    expect(molecule.canonicalSmiles).toBe('CC(=O)Oc1ccccc1C(=O)O');
    expect(molecule.properties.qed).toBeCloseTo(0.55, 2);
    expect(molecule.svg).toContain('<svg');
    const bad = await t.gql('{ molecule(smiles: "C1CC") { canonicalSmiles } }', { key: t.keys.clinician });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.body.errors)).toContain('unclosed ring');
  });

  it('trains a model through a job and generates with it', async () => {
    const started = await t.gql('mutation { trainMoleculeModel(input: { name: "gql", epochs: 2, hiddenSize: 24, latentSize: 8, klWeight: 0.1, freeBits: 0.1 }) { id kind } }', { key: t.keys.researcher });
    const job = started.body.data?.['trainMoleculeModel'] as { id: string; kind: string };
    expect(job.kind).toBe('molecules.train');
    const done = await waitForJob(job.id);
    expect(done).toMatchObject({ status: 'succeeded', result: expect.objectContaining({ name: 'gql', version: 1 }) });
    const stored = await t.gateway.runtime.database.client.modelVersion.findFirstOrThrow({ where: { module: 'drug-generation', name: 'gql' } });
    expect(stored.parameters).toMatchObject({ klWeight: 0.1, freeBits: 0.1 });

    const generated = await t.gql(
      'mutation($input: GenerateMoleculesInput!) { generateMolecules(input: $input) { modelName modelVersion molecules { id smiles canonicalSmiles valid novel svg properties { qed logP molecularWeight } } } }',
      { key: t.keys.researcher, variables: { input: { model: 'gql', count: 5, temperature: 0.8, seed: 7 } } },
    );
    const result = generated.body.data?.['generateMolecules'] as { modelVersion: number; molecules: { id: string | null; valid: boolean; svg: string | null }[] };
    expect(result.modelVersion).toBe(1);
    expect(result.molecules).toHaveLength(5);
    expect(result.molecules.filter((m) => m.valid).every((m) => m.id && m.svg?.includes('<svg'))).toBe(true);

    const line = await t.gql(
      'query($input: InterpolateMoleculesInput!) { interpolateMolecules(input: $input) { modelName molecules { id smiles valid svg } } }',
      { key: t.keys.researcher, variables: { input: { model: 'gql', from: 'CC(=O)Oc1ccccc1C(=O)O', to: 'CC(C)Cc1ccc(cc1)C(C)C(=O)O', steps: 4 } } },
    );
    const path = line.body.data?.['interpolateMolecules'] as { modelName: string; molecules: { id: string | null; smiles: string; valid: boolean; svg: string | null }[] };
    expect(path.modelName).toBe('gql');
    expect(path.molecules).toHaveLength(4);
    // Interpolation stores nothing, and draws what is valid.
    expect(path.molecules.every((m) => m.id === null && (!m.valid || m.svg?.includes('<svg')))).toBe(true);
  }, 120_000);

  it('refuses bad generation input and clinicians training', async () => {
    const query = 'mutation($input: GenerateMoleculesInput!) { generateMolecules(input: $input) { modelName } }';
    const gen = (input: Record<string, unknown>) => t.gql(query, { key: t.keys.researcher, variables: { input } });
    expect(errorCode(await gen({ model: 'missing', count: 2 }))).toBe('NOT_FOUND');
    expect(errorCode(await gen({ model: 'gql', count: 100000 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gen({ model: 'gql', count: 2, temperature: 9 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gen({ model: 'gql', count: 2, seedSmiles: 'C1CC' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('mutation { trainMoleculeModel { id } }', { key: t.keys.clinician }))).toBe('FORBIDDEN');
    const badFloor = await t.gql('mutation { trainMoleculeModel(input: { freeBits: -1 }) { id } }', { key: t.keys.researcher });
    expect(errorCode(badFloor)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(badFloor.body.errors)).toContain('freeBits');
    const interpolate = (input: Record<string, unknown>) => t.gql('query($input: InterpolateMoleculesInput!) { interpolateMolecules(input: $input) { modelName } }', { key: t.keys.researcher, variables: { input } });
    expect(errorCode(await interpolate({ model: 'gql', from: 'CCO', to: 'C1CC' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await interpolate({ model: 'gql', from: 'CCO', to: 'CCN', steps: 1 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await interpolate({ model: 'missing', from: 'CCO', to: 'CCN' }))).toBe('NOT_FOUND');
  });
});
