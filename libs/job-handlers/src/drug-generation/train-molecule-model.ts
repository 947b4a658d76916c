import { badInput } from '@pmed/core';
import { ModelVersionRepository, type Database } from '@pmed/data';
import { evaluateGenerated, KL_OBJECTIVES, latentDiagnostics, latentPosteriors, MoleculeSampler, serializeMoleculeModel, trainLatentGan, trainVae, type MoleculeModel } from '@pmed/drug-generation';
import type { TrainingProgress, TrainingResult } from '@pmed/tensor';
import { historyPlot } from '../model-registry/plot-metrics';
import { DEMO_MOLECULES } from './demo-molecules';
import { sharedChemistry } from './chemistry-cache';

export const MOLECULES_TRAIN_KIND = 'molecules.train';
export const DRUG_GENERATION_MODULE = 'drug-generation';
const MAX_MOLECULES = 50_000;

export interface TrainMoleculeModelParams {
  name: string;
  model: 'vae' | 'latent-gan';
  representation: 'selfies' | 'smiles';
  /** Training molecules; the built-in demo set when absent. */
  smiles?: string[];
  epochs: number;
  ganEpochs: number;
  hiddenSize: number;
  latentSize: number;
  batchSize: number;
  learningRate: number;
  /** Final weight of the VAE's KL term (see trainVae). */
  klWeight: number;
  /** Free bits per latent dimension (see trainVae). */
  freeBits: number;
  seed: number;
}

export interface TrainMoleculeModelResult {
  modelVersionId: string;
  name: string;
  version: number;
  kind: 'vae' | 'latent-gan';
  molecules: number;
  skipped: number;
  metrics: Record<string, number | null>;
}

const FIELDS = ['name', 'model', 'representation', 'smiles', 'epochs', 'ganEpochs', 'hiddenSize', 'latentSize', 'batchSize', 'learningRate', 'klWeight', 'freeBits', 'seed'];

export function validateTrainMoleculeModelParams(params: unknown): TrainMoleculeModelParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw badInput('params', 'must be an object');
  const raw = params as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !FIELDS.includes(k));
  if (unknown.length) throw badInput('params', `unknown field(s): ${unknown.join(', ')}`);
  const name = raw['name'] ?? 'demo';
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,99}$/i.test(name)) throw badInput('params.name', 'must be 1-100 letters, digits, dots, dashes or underscores');
  const model = raw['model'] ?? 'vae';
  if (model !== 'vae' && model !== 'latent-gan') throw badInput('params.model', 'must be vae or latent-gan');
  const representation = raw['representation'] ?? 'selfies';
  if (representation !== 'selfies' && representation !== 'smiles') throw badInput('params.representation', 'must be selfies or smiles');
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw badInput(`params.${key}`, `must be an integer from ${min} to ${max}`);
    return value;
  };
  const learningRate = raw['learningRate'] ?? 3e-3;
  if (typeof learningRate !== 'number' || !(learningRate > 0 && learningRate <= 0.1)) throw badInput('params.learningRate', 'must be a number in (0, 0.1]');
  const real = (key: string, fallback: number, max: number): number => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) throw badInput(`params.${key}`, `must be a number from 0 to ${max}`);
    return value;
  };
  let smiles: string[] | undefined;
  if (raw['smiles'] !== undefined) {
    if (!Array.isArray(raw['smiles']) || raw['smiles'].some((s) => typeof s !== 'string' || s.length > 500)) throw badInput('params.smiles', 'must be a list of SMILES strings (each at most 500 characters)');
    if (raw['smiles'].length < 2 || raw['smiles'].length > MAX_MOLECULES) throw badInput('params.smiles', `must hold 2 to ${MAX_MOLECULES} molecules`);
    smiles = raw['smiles'] as string[];
  }
  return {
    name,
    model,
    representation,
    smiles,
    epochs: int('epochs', 30, 1, 500),
    ganEpochs: int('ganEpochs', 30, 1, 1000),
    hiddenSize: int('hiddenSize', 96, 8, 1024),
    latentSize: int('latentSize', 24, 2, 256),
    batchSize: int('batchSize', 32, 1, 1024),
    learningRate,
    // The KL objective measured for the model's way of sampling, unless given.
    klWeight: real('klWeight', KL_OBJECTIVES[model].klWeight, 10),
    freeBits: real('freeBits', KL_OBJECTIVES[model].freeBits, 10),
    seed: int('seed', 1, 0, 2 ** 31 - 1),
  };
}

export interface TrainMoleculeModelRun {
  db: Database;
  /** The job; a retried job updates its own ModelVersion. Null (the CLI) registers a new version. */
  jobId: string | null;
  params: TrainMoleculeModelParams;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
  /** Every progress report of the VAE's training, then of the LatentGAN's (per-epoch metrics for a training curve). */
  onTrainingProgress?: (progress: TrainingProgress) => void;
}

/** Trains a VAE (and a LatentGAN on its latent space), scores 200 samples and stores a ModelVersion keyed by the job. */
export async function trainMoleculeModel(run: TrainMoleculeModelRun): Promise<TrainMoleculeModelResult> {
  const { params } = run;
  const chemistry = await sharedChemistry();
  const smiles = params.smiles ?? [...DEMO_MOLECULES];
  const ganShare = params.model === 'latent-gan' ? 0.3 : 0;
  const report = (share: number, offset: number) => (p: TrainingProgress) => {
    run.onTrainingProgress?.(p);
    run.onProgress?.(offset + p.fraction * share, `epoch ${p.epoch + 1}/${p.epochs}`);
  };
  const trained = await trainVae({
    rdkit: chemistry.rdkit,
    smiles,
    representation: params.representation,
    epochs: params.epochs,
    batchSize: params.batchSize,
    hiddenSize: params.hiddenSize,
    latentSize: params.latentSize,
    learningRate: params.learningRate,
    klWeight: params.klWeight,
    freeBits: params.freeBits,
    seed: params.seed,
    signal: run.signal,
    onProgress: report(0.9 - ganShare, 0),
  });
  const model: MoleculeModel = { kind: params.model, vae: trained.vae, gan: null, trainingSmiles: [...trained.trainingSet] };
  let ganTraining: TrainingResult | null = null;
  try {
    if (params.model === 'latent-gan') {
      // The GAN learns codes drawn from the posteriors (the distribution the decoder was trained on),
      // with a generator that starts at the N(0, I) prior: bench:drug-generation's best measured setting.
      const { mean, logVariance } = latentPosteriors(trained.vae, trained.ids);
      try {
        const gan = await trainLatentGan({ latents: mean, latentLogVariances: logVariance, residual: true, epochs: params.ganEpochs, batchSize: params.batchSize, seed: params.seed, signal: run.signal, onProgress: report(ganShare, 0.9 - ganShare) });
        model.gan = gan.gan;
        ganTraining = gan.training;
      } finally {
        mean.dispose();
        logVariance.dispose();
      }
    }
    run.onProgress?.(0.92, 'scoring 200 samples');
    const samples = new MoleculeSampler(model.vae, model.gan).sample({ count: 200, temperature: 1, seed: params.seed });
    const metrics = evaluateGenerated({ chemistry, generated: samples.map((s) => s.smiles), training: trained.trainingSet, sampleLimit: 200, trainingPropertySample: 200 });
    const { bytes, sha256 } = await serializeMoleculeModel(model);
    // What the latent carries, on up to 200 training molecules (spread over the set).
    const every = Math.max(1, Math.floor(smiles.length / 200));
    const latent = latentDiagnostics(trained.vae, chemistry, smiles.filter((_, i) => i % every === 0).slice(0, 200));
    const summary = {
      validity: metrics.validity,
      unique1k: metrics.unique1k,
      novelty: metrics.novelty,
      intDiv: metrics.intDiv,
      qedMean: metrics.properties.qed.generated.mean,
      finalLoss: trained.training.history.at(-1)?.metrics['loss'] ?? null,
      reconstruction: latent.reconstruction,
      similarity: latent.similarity,
      similarityToOthers: latent.similarityToOthers,
      klPerMolecule: latent.klPerMolecule,
      activeUnits: latent.activeUnits,
    };
    const repository = new ModelVersionRepository(run.db);
    const row = await (run.jobId === null ? (fields: Parameters<typeof repository.register>[0]) => repository.register(fields) : (fields: Parameters<typeof repository.register>[0]) => repository.upsertForJob(run.jobId as string, fields))({
      module: DRUG_GENERATION_MODULE,
      name: params.name,
      status: 'ready',
      artifact: bytes,
      checksum: sha256,
      // The per-epoch VAE history (loss, reconstruction, kl, kl_weight) and the LatentGAN's, drawn by the registry.
      metrics: { ...summary, samples: 200, history: historyPlot(trained.training.history), ganHistory: ganTraining ? historyPlot(ganTraining.history) : null },
      parameters: { kind: params.model, representation: params.representation, epochs: params.epochs, ganEpochs: params.model === 'latent-gan' ? params.ganEpochs : null, hiddenSize: params.hiddenSize, latentSize: params.latentSize, batchSize: params.batchSize, learningRate: params.learningRate, klWeight: params.klWeight, freeBits: params.freeBits, seed: params.seed },
      trainingData: { source: params.smiles ? 'smiles' : 'demo-molecules', molecules: trained.trainingSet.size, skipped: trained.skipped },
      modelCard: { intendedUse: 'Proposing candidate structures for a medicinal chemist to review; not a safety or efficacy judgement.', method: `${params.model === 'latent-gan' ? 'GRU VAE with a WGAN-GP on its latent space (LatentGAN)' : 'GRU VAE'}; KL term annealed to weight ${params.klWeight}${params.freeBits > 0 ? ` with ${params.freeBits} free nats per latent dimension` : ''}`, representation: params.representation },
    });
    run.onProgress?.(1, 'stored');
    return { modelVersionId: row.id, name: row.name, version: row.version, kind: params.model, molecules: trained.trainingSet.size, skipped: trained.skipped, metrics: summary };
  } finally {
    model.vae.dispose();
    model.gan?.dispose();
  }
}
