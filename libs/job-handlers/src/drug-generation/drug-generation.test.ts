import { ErrorCode } from '@pmed/core';
import { openTestDatabase, type TestDatabase } from '@pmed/data';
import { deserializeMoleculeModel, KL_OBJECTIVES } from '@pmed/drug-generation';
import { JobHandlerRegistry, testJobContext } from '@pmed/jobs';
import { selectBackend } from '@pmed/tensor';
import { sharedChemistry } from './chemistry-cache';
import { DEMO_MOLECULES } from './demo-molecules';
import { MoleculeService } from './molecule-service';
import { registerDrugGenerationJobs } from './register-drug-generation-jobs';
import { MOLECULES_TRAIN_KIND, trainMoleculeModel, validateTrainMoleculeModelParams, type TrainMoleculeModelResult } from './train-molecule-model';

describe('drug-generation jobs and service', () => {
  let db: TestDatabase;
  let service: MoleculeService;

  beforeAll(async () => {
    await selectBackend({ forced: 'wasm' });
    db = await openTestDatabase('sqlite');
    service = new MoleculeService(db);
  });
  afterAll(async () => {
    service?.dispose();
    await db?.drop();
  });

  it('has a demo set that RDKit accepts in full', async () => {
    const chemistry = await sharedChemistry();
    expect(DEMO_MOLECULES.filter((s) => !chemistry.isValid(s))).toEqual([]);
    expect(new Set(DEMO_MOLECULES.map((s) => chemistry.canonical(s))).size).toBe(DEMO_MOLECULES.length);
  });

  it('validates training parameters with stable codes', () => {
    expect(validateTrainMoleculeModelParams({})).toMatchObject({ name: 'demo', model: 'vae', representation: 'selfies', klWeight: 1, freeBits: 0.05 });
    expect(validateTrainMoleculeModelParams({ model: 'latent-gan' })).toMatchObject(KL_OBJECTIVES['latent-gan']);
    expect(validateTrainMoleculeModelParams({ klWeight: 0.05, freeBits: 0 })).toMatchObject({ klWeight: 0.05, freeBits: 0 });
    for (const bad of [{ model: 'rnn' }, { epochs: 0 }, { smiles: ['C'] }, { smiles: 'CCO' }, { colour: 'red' }, { name: 'a b' }, { klWeight: -1 }, { freeBits: 'many' }, { freeBits: 11 }]) {
      expect(() => validateTrainMoleculeModelParams(bad)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
    }
  });

  it('trains a demo LatentGAN once per job, generates, keeps molecules with their model version', async () => {
    const params = validateTrainMoleculeModelParams({ name: 'tiny', model: 'latent-gan', epochs: 2, ganEpochs: 2, hiddenSize: 32, latentSize: 8 });
    // The first run goes through the registered job handler, which reports the live training curve.
    const ctx = testJobContext<unknown>({ params, job: { id: 'job-m1', kind: MOLECULES_TRAIN_KIND } });
    const { curve } = ctx;
    const registry = new JobHandlerRegistry();
    registerDrugGenerationJobs(registry, { db });
    const first = (await registry.get(MOLECULES_TRAIN_KIND).handler(ctx)) as TrainMoleculeModelResult;
    // One curve: the VAE's two epochs, then the LatentGAN's two.
    expect(curve.map((point) => point.epoch)).toEqual([1, 2, 3, 4]);
    expect(Object.keys(curve[0]?.values ?? {})).toEqual(expect.arrayContaining(['loss', 'reconstruction', 'kl']));
    expect(Object.keys(curve[3]?.values ?? {})).toEqual(expect.arrayContaining(['critic_loss', 'generator_loss']));
    const retry = await trainMoleculeModel({ db, jobId: 'job-m1', params });
    expect(retry.modelVersionId).toBe(first.modelVersionId);
    expect(await db.client.modelVersion.count({ where: { module: 'drug-generation' } })).toBe(1);
    expect(first.metrics['validity']).toBeGreaterThan(0.9);
    // What the latent carries is stored with the version.
    expect(first.metrics['klPerMolecule']).toBeGreaterThan(0);
    expect(first.metrics['activeUnits']).toEqual(expect.any(Number));
    expect(first.metrics['reconstruction']).toBeGreaterThanOrEqual(0);
    expect(first.metrics['similarity']).toBeGreaterThanOrEqual(first.metrics['reconstruction'] as number);
    // Training curves for the registry: the VAE's per-epoch losses and the LatentGAN's.
    const stored = (await db.client.modelVersion.findUniqueOrThrow({ where: { id: first.modelVersionId } })).metrics as { history: Record<string, number[]>; ganHistory: Record<string, number[]> };
    expect(stored.history['loss']).toHaveLength(2);
    expect(stored.history['kl']).toHaveLength(2);
    expect(stored.ganHistory['critic_loss']).toHaveLength(2);
    expect(stored.ganHistory['generator_loss']).toHaveLength(2);
    // The stored model: an encoder that skips padding and a residual generator (the measured defaults).
    const row = await db.client.modelVersion.findUniqueOrThrow({ where: { id: first.modelVersionId } });
    const loaded = deserializeMoleculeModel(row.artifact as Uint8Array, row.checksum ?? undefined);
    try {
      expect(loaded.kind).toBe('latent-gan');
      expect(loaded.vae.config.encoderMask).toBe(true);
      expect(loaded.gan?.config).toMatchObject({ residual: true, latentSize: 8, noiseSize: 8 });
    } finally {
      loaded.vae.dispose();
      loaded.gan?.dispose();
    }

    const result = await service.generate({ model: 'tiny', count: 12, temperature: 1, seed: 3, withSvg: true });
    expect(result.molecules).toHaveLength(12);
    const valid = result.molecules.filter((m) => m.valid);
    expect(valid.length).toBeGreaterThan(6);
    expect(valid[0]).toMatchObject({ canonicalSmiles: expect.any(String), svg: expect.stringContaining('<svg'), properties: expect.objectContaining({ qed: expect.any(Number) }) });
    const rows = await db.client.molecule.findMany({ where: { modelVersionId: first.modelVersionId } });
    expect(rows).toHaveLength(valid.length);
    expect(rows[0].parameters).toMatchObject({ temperature: 1, seed: 3, count: 12 });

    const near = await service.generate({ model: first.modelVersionId, count: 3, seedSmiles: 'CC(=O)Nc1ccc(O)cc1', temperature: 0.5, keep: false });
    expect(near.molecules).toHaveLength(3);
    const targeted = await service.generate({ model: 'tiny', count: 2, targetProperties: { molecularWeight: { min: 150, max: 350 } }, keep: false, seed: 2 });
    expect(targeted.molecules.length).toBeGreaterThan(0);
    expect(targeted.molecules[0].targetDistance).not.toBeNull();

    const metrics = await service.evaluate({ model: 'tiny', samples: 50 });
    expect(metrics.generated).toBe(50);
    expect(metrics.validity).toBeGreaterThan(0.9);
  }, 120_000);

  it('refuses bad generation input with stable codes', async () => {
    await expect(service.generate({ model: 'nope', count: 2 })).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(service.generate({ model: 'tiny', count: 100_000 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('count') });
    await expect(service.generate({ model: 'tiny', count: 2, temperature: -1 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('temperature') });
    await expect(service.generate({ model: 'tiny', count: 2, seedSmiles: 'C1CC' })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringMatching(/seedSmiles.*unclosed ring/) });
    await expect(service.describe('CN(C)(C)(C)C')).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringMatching(/valence/) });
    expect((await service.describe('OC(=O)c1ccccc1OC(C)=O')).canonicalSmiles).toBe('CC(=O)Oc1ccccc1C(=O)O');
  });
});
