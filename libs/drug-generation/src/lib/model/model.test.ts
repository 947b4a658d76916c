import { join } from 'node:path';
import { ErrorCode } from '@pmed/core';
import { selectBackend, tf } from '@pmed/tensor';
import { openChemistry, type Chemistry } from '../chemistry/chemistry';
import { deserializeMoleculeModel, serializeMoleculeModel } from './artifact';
import { MoleculeSampler } from './generator';
import { drawFromPosteriors, LatentGan, trainLatentGan } from './latent-gan';
import { searchLatentSpace } from './property-search';
import { latentDiagnostics } from './latent-diagnostics';
import { latentMeans, readSmilesFile } from './training-data';
import { MoleculeVae } from './vae';
import { trainVae, type TrainedVae } from './vae-training';

const QM9 = join(__dirname, '../../../../../../shared/data/molecules/qm9.csv');

let chem: Chemistry;
let trained: TrainedVae;
let qm9: string[];

beforeAll(async () => {
  await selectBackend({ forced: 'wasm' });
  chem = await openChemistry();
  // 300 QM9 molecules spread over the file; a tiny GRU for 2 epochs (seconds, not minutes).
  qm9 = await readSmilesFile(QM9, { every: 400 });
  trained = await trainVae({ rdkit: chem.rdkit, smiles: qm9.slice(0, 300), epochs: 2, batchSize: 32, hiddenSize: 48, latentSize: 16, embeddingSize: 16, seed: 3 });
}, 120_000);

afterAll(() => {
  trained?.vae.dispose();
  chem?.dispose();
});

describe('molecule VAE', () => {
  it('trains with KL annealing and lowers its loss without leaking tensors', () => {
    const history = trained.training.history;
    expect(history).toHaveLength(2);
    expect(history[1].metrics['loss']).toBeLessThan(history[0].metrics['loss']);
    expect(history[1].metrics['kl_weight']).toBeGreaterThan(history[0].metrics['kl_weight']);
    expect(trained.trainingSet.size).toBeGreaterThan(250);
  });

  it('samples SELFIES that always decode to valid molecules, reproducibly per seed', () => {
    const sampler = new MoleculeSampler(trained.vae);
    const before = tf.memory().numTensors;
    const a = sampler.sample({ count: 40, temperature: 1, seed: 9 });
    expect(tf.memory().numTensors).toBe(before);
    const b = sampler.sample({ count: 40, temperature: 1, seed: 9 });
    expect(a.map((m) => m.smiles)).toEqual(b.map((m) => m.smiles));
    const nonEmpty = a.filter((m) => m.smiles !== '');
    expect(nonEmpty.length).toBeGreaterThan(30);
    expect(nonEmpty.every((m) => chem.isValid(m.smiles))).toBe(true);
  });

  it('samples near a seed, interpolates, and refuses bad seeds and temperatures with stable codes', () => {
    const sampler = new MoleculeSampler(trained.vae);
    expect(sampler.sampleNear(chem.rdkit, { seedSmiles: 'CC(O)C#N', count: 5, temperature: 0.5, radius: 0.3 })).toHaveLength(5);
    const path = sampler.interpolate(chem.rdkit, { from: 'CCO', to: 'c1ccoc1', steps: 4 });
    expect(path).toHaveLength(4);
    expect(() => sampler.sampleNear(chem.rdkit, { seedSmiles: 'C1CC', count: 2 })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringMatching(/seedSmiles.*unclosed ring/) }));
    expect(() => sampler.sample({ count: 2, temperature: 5 })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('temperature') }));
  });

  it('stores and reloads the model with identical generation', async () => {
    const { bytes, sha256 } = await serializeMoleculeModel({ kind: 'vae', vae: trained.vae, gan: null, trainingSmiles: [...trained.trainingSet] });
    const loaded = deserializeMoleculeModel(bytes, sha256);
    expect(loaded.trainingSmiles).toHaveLength(trained.trainingSet.size);
    try {
      const original = new MoleculeSampler(trained.vae).sample({ count: 10, temperature: 0.8, seed: 4 });
      const copy = new MoleculeSampler(loaded.vae).sample({ count: 10, temperature: 0.8, seed: 4 });
      expect(copy.map((m) => m.smiles)).toEqual(original.map((m) => m.smiles));
    } finally {
      loaded.vae.dispose();
    }
    const corrupted = Buffer.from(bytes);
    corrupted[corrupted.length - 3] ^= 0xff;
    expect(() => deserializeMoleculeModel(corrupted, sha256)).toThrow(expect.objectContaining({ code: ErrorCode.MODEL_ARTIFACT_INVALID }));
  });

  it('trains with sigmoid gates, and a model saved without the setting keeps the hard sigmoid it was trained with', () => {
    expect(trained.vae.config.gateActivation).toBe('sigmoid');
    const gates = (vae: MoleculeVae) => [vae.encoderGru, vae.decoderGru].map((l) => (l as unknown as { cell: { recurrentActivation: { getClassName(): string } } }).cell.recurrentActivation.getClassName());
    expect(gates(trained.vae)).toEqual(['sigmoid', 'sigmoid']);
    const { gateActivation: _, ...older } = trained.vae.config;
    const old = new MoleculeVae(older);
    try {
      expect(gates(old)).toEqual(['hardSigmoid', 'hardSigmoid']);
    } finally {
      old.dispose();
    }
    expect(() => new MoleculeVae({ ...trained.vae.config, gateActivation: 'relu' as never })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });

  it('masks padding in the encoder, so trimmed batches give the loss of full rows; older models still read their padding', () => {
    const vae = trained.vae;
    expect(vae.config.encoderMask).toBe(true);
    const length = vae.config.maxLength;
    const rows = 16;
    const ids = trained.ids.subarray(0, rows * length);
    let longest = 0;
    for (let r = 0; r < rows; r++) for (let t = 0; t < length; t++) if (ids[r * length + t] !== 0) longest = Math.max(longest, t + 1);
    expect(longest).toBeLessThan(length);
    const before = tf.memory().numTensors;
    const losses = (model: MoleculeVae, width: number) =>
      tf.tidy(() => {
        const full = tf.tensor2d(ids, [rows, length], 'int32');
        const x = width < length ? full.slice([0, 0], [rows, width]) : full;
        const parts = model.losses(x, 11);
        const { mean } = model.encode(x);
        return { reconstruction: parts.reconstruction.dataSync()[0], kl: parts.kl.dataSync()[0], mean: mean.dataSync() };
      });
    const full = losses(vae, length);
    const trimmed = losses(vae, longest);
    expect(trimmed.reconstruction).toBeCloseTo(full.reconstruction, 3);
    expect(trimmed.kl).toBeCloseTo(full.kl, 4);
    full.mean.forEach((v, i) => expect(trimmed.mean[i]).toBeCloseTo(v, 5));
    expect(tf.memory().numTensors).toBe(before);
    // The same weights without the mask: the code moves with the padding.
    const { encoderMask: _, ...older } = vae.config;
    const unmasked = new MoleculeVae(older);
    try {
      unmasked.layers().forEach((layer, i) => layer.setWeights(vae.layers()[i].getWeights()));
      const a = losses(unmasked, length).mean;
      const b = losses(unmasked, longest).mean;
      expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-3);
    } finally {
      unmasked.dispose();
    }
    expect(() => new MoleculeVae({ ...vae.config, encoderMask: 'yes' as never })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('encoderMask') }));
  });
});

describe('latent diagnostics and free bits', () => {
  it('measures reconstruction, KL and active units, and reads a collapsed encoder as carrying nothing', async () => {
    const molecules = qm9.slice(0, 40);
    const diagnostics = latentDiagnostics(trained.vae, chem, [...molecules, 'C[Se]C', 'not a molecule'], 16);
    // Selenium is outside the QM9 vocabulary and the last string does not parse: both skipped.
    expect(diagnostics).toMatchObject({ molecules: 40, skipped: 2, latentSize: 16 });
    const sampler = new MoleculeSampler(trained.vae);
    const same = molecules.filter((s) => {
      const z = tf.tensor2d([sampler.encodeSmiles(chem.rdkit, s)]);
      try {
        return chem.rdkit.canonical(sampler.decode(z, 0, 1)[0].smiles) === chem.rdkit.canonical(s);
      } finally {
        z.dispose();
      }
    }).length;
    expect(diagnostics.reconstruction).toBeCloseTo(same / 40, 10);
    expect(diagnostics.similarity).toBeGreaterThanOrEqual(diagnostics.reconstruction);
    expect(diagnostics.similarity).toBeLessThanOrEqual(1);
    expect(diagnostics.klPerMolecule).toBeGreaterThan(0.1);

    // An encoder that maps every molecule to N(0, I) is the collapsed extreme: no KL, no active unit.
    const { bytes, sha256 } = await serializeMoleculeModel({ kind: 'vae', vae: trained.vae, gan: null, trainingSmiles: [] });
    const edited = deserializeMoleculeModel(bytes, sha256).vae;
    try {
      for (const layer of [edited.mean, edited.logVariance]) layer.setWeights(layer.getWeights().map((w) => tf.zerosLike(w)));
      const before = tf.memory().numTensors;
      const none = latentDiagnostics(edited, chem, molecules);
      expect(tf.memory().numTensors).toBe(before);
      expect(none.activeUnits).toBe(0);
      expect(none.klPerMolecule).toBeCloseTo(0, 6);
      expect(none.reconstruction).toBeLessThanOrEqual(1 / 40);
      // Every molecule decodes to the same string, so its own decoding is no closer than another's.
      expect(none.similarity).toBeCloseTo(none.similarityToOthers, 10);

      // Means that follow the encoder's state in exactly two dimensions: two active units, KL = |mean|^2 / 2.
      const [kernel, bias] = edited.mean.getWeights();
      const columns = tf.tidy(() => tf.concat([tf.fill([kernel.shape[0], 2], 10), tf.zeros([kernel.shape[0], 14])], 1));
      edited.mean.setWeights([columns, bias]);
      columns.dispose();
      const two = latentDiagnostics(edited, chem, molecules);
      expect(two.activeUnits).toBe(2);
      const halfSquares = tf.tidy(() => latentMeans(edited, trained.ids.subarray(0, 40 * edited.config.maxLength)).square().sum(1).mul(0.5).mean().dataSync()[0]);
      expect(two.klPerMolecule).toBeGreaterThan(1);
      expect(two.klPerMolecule).toBeCloseTo(halfSquares, 3);
    } finally {
      edited.dispose();
    }
  });

  it('keeps the latent in use under a full KL weight with free bits, and refuses a negative floor', async () => {
    const options = { rdkit: chem.rdkit, smiles: qm9.slice(0, 300), epochs: 6, batchSize: 32, hiddenSize: 48, latentSize: 16, embeddingSize: 16, seed: 3, klWeight: 1, klAnnealEpochs: 1 };
    const plain = await trainVae(options);
    const floored = await trainVae({ ...options, freeBits: 0.5 });
    try {
      const kl = (t: TrainedVae) => t.training.history[t.training.history.length - 1].metrics['kl'];
      // At full weight the plain objective squeezes the KL towards 0 (collapse); free bits of 0.5 nats
      // over 16 dimensions leave up to 8 nats that the optimiser has no reason to remove.
      expect(kl(plain)).toBeLessThan(1.5);
      expect(kl(floored)).toBeGreaterThan(4);
      const molecules = qm9.slice(0, 60);
      expect(latentDiagnostics(floored.vae, chem, molecules).klPerMolecule).toBeGreaterThan(latentDiagnostics(plain.vae, chem, molecules).klPerMolecule);
    } finally {
      plain.vae.dispose();
      floored.vae.dispose();
    }
    await expect(trainVae({ ...options, freeBits: -1 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('freeBits') });
  }, 120_000);
});

describe('LatentGAN and property search', () => {
  it('starts a residual generator at its N(0, I) noise and keeps the setting through the artifact', async () => {
    const latents = tf.tidy(() => tf.randomNormal([256, 4], 0, 1, 'float32', 5).mul(0.5).add(2) as tf.Tensor2D);
    const before = tf.memory().numTensors;
    const fresh = new LatentGan({ latentSize: 4, noiseSize: 4, hiddenSize: 16, residual: true }, 3);
    try {
      const [noise, out] = tf.tidy(() => {
        const n = tf.randomNormal([8, 4], 0, 1, 'float32', 9);
        return [n, fresh.generate(n)];
      });
      expect(Array.from(out.dataSync())).toEqual(Array.from(noise.dataSync()));
      tf.dispose([noise, out]);
    } finally {
      fresh.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    // Codes around 2 with spread 0.5: the generator moves from its N(0, I) start toward them.
    const { gan } = await trainLatentGan({ latents, epochs: 100, batchSize: 64, hiddenSize: 32, seed: 2, residual: true, learningRate: 2e-3 });
    latents.dispose();
    try {
      expect(gan.config.residual).toBe(true);
      const mean = tf.tidy(() => gan.sample(512, 4).mean().dataSync()[0]);
      expect(mean).toBeGreaterThan(1);
      const { bytes, sha256 } = await serializeMoleculeModel({ kind: 'latent-gan', vae: trained.vae, gan, trainingSmiles: [] });
      const loaded = deserializeMoleculeModel(bytes, sha256);
      try {
        expect(loaded.gan?.config.residual).toBe(true);
        const a = gan.sample(16, 7);
        const b = (loaded.gan as LatentGan).sample(16, 7);
        expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
        tf.dispose([a, b]);
      } finally {
        loaded.vae.dispose();
        loaded.gan?.dispose();
      }
    } finally {
      gan.dispose();
    }
    expect(() => new LatentGan({ latentSize: 4, noiseSize: 8, hiddenSize: 16, residual: true })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('noiseSize') }));
  }, 60_000);

  it('trains a WGAN-GP on the latent codes and decodes its samples through the VAE', async () => {
    const before = tf.memory().numTensors;
    const latents = latentMeans(trained.vae, trained.ids);
    // The means and nothing else stay allocated.
    expect(tf.memory().numTensors).toBe(before + 1);
    const { gan, training } = await trainLatentGan({ latents, epochs: 2, batchSize: 32, hiddenSize: 32, seed: 2 });
    latents.dispose();
    try {
      expect(Number.isFinite(training.history[1].metrics['critic_loss'])).toBe(true);
      const molecules = new MoleculeSampler(trained.vae, gan).sample({ count: 20, temperature: 0.7, seed: 1 });
      const nonEmpty = molecules.filter((m) => m.smiles);
      expect(nonEmpty.length).toBeGreaterThan(10);
      expect(nonEmpty.every((m) => chem.isValid(m.smiles))).toBe(true);
    } finally {
      gan.dispose();
    }
  });

  it('draws the critic\'s real codes from the posteriors when given their log-variances', async () => {
    const mean = tf.tensor2d([[0, 5], [0, 5]]).tile([1000, 1]) as tf.Tensor2D;
    const logVariance = tf.tensor2d([[Math.log(4), Math.log(0.01)], [Math.log(4), Math.log(0.01)]]).tile([1000, 1]) as tf.Tensor2D;
    try {
      const [means, stds] = tf.tidy(() => {
        const codes = drawFromPosteriors(mean, logVariance, 7);
        const moments = tf.moments(codes, 0);
        return [Array.from(moments.mean.dataSync()), Array.from(moments.variance.sqrt().dataSync())];
      });
      expect(means[0]).toBeCloseTo(0, 0);
      expect(means[1]).toBeCloseTo(5, 1);
      expect(stds[0]).toBeGreaterThan(1.85);
      expect(stds[0]).toBeLessThan(2.15);
      expect(stds[1]).toBeCloseTo(0.1, 1);
      const { gan, training } = await trainLatentGan({ latents: mean, latentLogVariances: logVariance, epochs: 2, batchSize: 256, hiddenSize: 16, seed: 4 });
      gan.dispose();
      expect(training.history.every((h) => Number.isFinite(h.metrics['critic_loss']))).toBe(true);
      await expect(trainLatentGan({ latents: mean, latentLogVariances: tf.zeros([2000, 3]) as tf.Tensor2D, epochs: 1 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringContaining('latentLogVariances') });
    } finally {
      tf.dispose([mean, logVariance]);
    }
  }, 120_000);

  it('moves toward a target property range', () => {
    const sampler = new MoleculeSampler(trained.vae);
    const targets = { molecularWeight: { min: 120, max: 160 } };
    const { molecules, evaluated } = searchLatentSpace({ sampler, chemistry: chem, targets, count: 5, rounds: 3, populationSize: 24, seed: 5 });
    expect(evaluated).toBeGreaterThan(0);
    expect(molecules.length).toBeGreaterThan(0);
    // Nearest first; at least the best one should be no further than what the first round offered.
    for (let i = 1; i < molecules.length; i++) expect(molecules[i].distance).toBeGreaterThanOrEqual(molecules[i - 1].distance);
    expect(() => searchLatentSpace({ sampler, chemistry: chem, targets: { qed: { min: 0.9, max: 0.1 } }, count: 1 })).toThrow(/min is above max/);
  });
});
