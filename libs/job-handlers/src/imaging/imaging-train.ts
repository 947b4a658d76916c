import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { badInput } from '@pmed/core';
import { ModelVersionRepository, type Database, type JsonObject } from '@pmed/data';
import {
  ARCHITECTURES,
  buildModelCard,
  defaultClassNames,
  evaluatePredictions,
  MAX_MIXUP_ALPHA,
  metricIntervals,
  predictLogits,
  prepareImageSet,
  readMedMnist,
  serializeImagingModel,
  softmax,
  trainImagingClassifier,
  type Architecture,
  type ImagingModelMetadata,
} from '@pmed/imaging';
import type { JobContext, JobHandlerRegistry } from '@pmed/jobs';
import { currentBackend, selectBackend } from '@pmed/tensor';
import { historyPlot, reliabilityPlot, rocPlot } from '../model-registry/plot-metrics';
import { withTrainingCurve } from '../model-registry/training-curve';

export const IMAGING_TRAIN_KIND = 'imaging.train';
export const DEFAULT_IMAGING_MODEL_NAME = 'default';

export interface ImagingTrainParams {
  /** Model name; each run adds the next version of it. */
  name: string;
  /** A MedMNIST-style .npz on the server (under PMED_IMAGING_DATA_DIR when that is set). */
  dataPath: string;
  architecture: Architecture;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  patience: number;
  augment: boolean;
  /** Networks in a seed ensemble (each trained and early-stopped on its own; their logits averaged). */
  ensembleSize: number;
  /** Mixup's Beta(alpha, alpha) parameter; 0: off. */
  mixup: number;
  /** Label smoothing of the training loss; 0: off. */
  labelSmoothing: number;
  /** `balanced` weights classes by inverse frequency in the loss; `none` leaves them equal. */
  classWeights: 'balanced' | 'none';
  classNames?: string[];
}

export interface ImagingTrainResult {
  modelVersionId: string;
  name: string;
  version: number;
  metrics: Record<string, number>;
  backend: string;
}

function integer(raw: Record<string, unknown>, key: string, fallback: number, [min, max]: [number, number]): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw badInput(`params.${key}`, `must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  return v;
}

/** Checks imaging.train parameters at enqueue time, so a bad request never becomes a failed job. */
export function validateImagingTrainParams(params: unknown, env: NodeJS.ProcessEnv = process.env): ImagingTrainParams {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw badInput('params', 'must be an object');
  const raw = params as Record<string, unknown>;
  const known = ['name', 'dataPath', 'architecture', 'epochs', 'batchSize', 'learningRate', 'seed', 'patience', 'augment', 'ensembleSize', 'mixup', 'labelSmoothing', 'classWeights', 'classNames'];
  const unknownKeys = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknownKeys.length) throw badInput('params', `unknown field(s): ${unknownKeys.join(', ')}`);
  const name = raw['name'] ?? DEFAULT_IMAGING_MODEL_NAME;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(name)) throw badInput('params.name', 'must be 1-100 letters, digits, dots, dashes or underscores');
  const dataPath = raw['dataPath'];
  if (typeof dataPath !== 'string' || !dataPath.endsWith('.npz')) throw badInput('params.dataPath', 'must be the path of a .npz file');
  const root = env['PMED_IMAGING_DATA_DIR'];
  const full = resolve(root ?? '.', dataPath);
  if (root) {
    const rel = relative(resolve(root), full);
    if (rel.startsWith('..') || isAbsolute(rel)) throw badInput('params.dataPath', 'must lie inside the imaging data directory (PMED_IMAGING_DATA_DIR)');
  }
  const architecture = raw['architecture'] ?? 'reference-cnn';
  if (!ARCHITECTURES.includes(architecture as Architecture)) throw badInput('params.architecture', `must be one of ${ARCHITECTURES.join(', ')}`);
  const learningRate = raw['learningRate'] ?? 1e-3;
  if (typeof learningRate !== 'number' || !(learningRate > 0 && learningRate < 1)) throw badInput('params.learningRate', 'must be a number in (0, 1)');
  // Off by default: on BreastMNIST augmentation lowered test AUC (docs/benchmarks.md).
  const augment = raw['augment'] ?? false;
  if (typeof augment !== 'boolean') throw badInput('params.augment', 'must be true or false');
  const mixup = raw['mixup'] ?? 0;
  if (typeof mixup !== 'number' || !(mixup >= 0 && mixup <= MAX_MIXUP_ALPHA)) throw badInput('params.mixup', `must be a number in [0, ${MAX_MIXUP_ALPHA}] (0: off), got ${JSON.stringify(mixup)}`);
  const labelSmoothing = raw['labelSmoothing'] ?? 0;
  if (typeof labelSmoothing !== 'number' || !(labelSmoothing >= 0 && labelSmoothing < 1)) throw badInput('params.labelSmoothing', `must be a number in [0, 1), got ${JSON.stringify(labelSmoothing)}`);
  const classWeights = raw['classWeights'] ?? 'balanced';
  if (classWeights !== 'balanced' && classWeights !== 'none') throw badInput('params.classWeights', `must be balanced or none, got ${JSON.stringify(classWeights)}`);
  const classNames = raw['classNames'];
  if (classNames !== undefined && (!Array.isArray(classNames) || classNames.some((c) => typeof c !== 'string' || c.length === 0 || c.length > 100))) {
    throw badInput('params.classNames', 'must be a list of non-empty names');
  }
  return {
    name,
    dataPath: full,
    architecture: architecture as Architecture,
    epochs: integer(raw, 'epochs', 30, [1, 500]),
    batchSize: integer(raw, 'batchSize', 32, [1, 1024]),
    learningRate,
    seed: integer(raw, 'seed', 1, [0, 2 ** 31 - 1]),
    patience: integer(raw, 'patience', 8, [0, 500]),
    augment,
    ensembleSize: integer(raw, 'ensembleSize', 1, [1, 20]),
    mixup,
    labelSmoothing,
    classWeights,
    classNames: classNames as string[] | undefined,
  };
}

/** Conv training on the plain `cpu` backend takes hours; switch to wasm unless a faster backend is already active. */
export async function ensureTrainingBackend(): Promise<string> {
  const current = currentBackend();
  if (current && current.name !== 'cpu') return current.name;
  return (await selectBackend({ forced: 'wasm' })).name;
}

export async function runImagingTraining(db: Database, ctx: JobContext<ImagingTrainParams>): Promise<ImagingTrainResult> {
  const p = ctx.params;
  let bytes: Buffer;
  try {
    bytes = await readFile(p.dataPath);
  } catch (error) {
    throw badInput('params.dataPath', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const data = readMedMnist(bytes);
  if (p.classNames && p.classNames.length !== data.numClasses) throw badInput('params.classNames', `names ${p.classNames.length} classes; the data has ${data.numClasses}`);
  const backend = await ensureTrainingBackend();
  await ctx.log('info', `imaging.train: ${data.train.count}/${data.val.count}/${data.test.count} images, ${p.architecture}, backend ${backend}`);
  const repo = new ModelVersionRepository(db.client);
  const trainingData = { source: p.dataPath, train: data.train.count, validation: data.val.count, test: data.test.count, height: data.train.height, width: data.train.width, channels: data.train.channels, numClasses: data.numClasses };
  const { dataPath: _path, ...hyper } = p;
  const row = await repo.upsertForJob(ctx.job.id, { module: 'imaging', name: p.name, status: 'training', parameters: hyper as unknown as JsonObject, trainingData });
  try {
    const trained = await trainImagingClassifier({
      train: data.train,
      validation: data.val,
      architecture: p.architecture,
      epochs: p.epochs,
      batchSize: p.batchSize,
      learningRate: p.learningRate,
      seed: p.seed,
      patience: p.patience,
      augmentation: p.augment ? undefined : false,
      ensembleSize: p.ensembleSize,
      mixup: p.mixup,
      labelSmoothing: p.labelSmoothing,
      classWeights: p.classWeights,
      signal: ctx.signal,
      // The curve runs through the ensemble's networks one after another.
      onProgress: withTrainingCurve(ctx, (progress) => void ctx.progress(0.9 * progress.fraction, `${p.ensembleSize > 1 ? `network ${Math.min(p.ensembleSize, Math.floor(progress.fraction * p.ensembleSize) + 1)}/${p.ensembleSize}, ` : ''}epoch ${progress.epoch + 1}/${progress.epochs}`)),
    });
    try {
      const metadata: ImagingModelMetadata = { architecture: trained.architecture, numClasses: trained.numClasses, classNames: p.classNames ?? defaultClassNames(trained.numClasses), preprocessing: trained.preprocessing, temperature: trained.temperature, ensembleSize: trained.ensembleSize };
      const testX = prepareImageSet(data.test, trained.preprocessing);
      const probabilities = softmax(predictLogits(trained.model, { x: testX, count: data.test.count }), trained.numClasses, trained.temperature);
      const report = evaluatePredictions({ labels: data.test.labels, probabilities, numClasses: trained.numClasses });
      const intervals = metricIntervals({ labels: data.test.labels, probabilities, numClasses: trained.numClasses, seed: p.seed });
      const { confusionMatrix, ...scalars } = report.metrics;
      const modelCard = buildModelCard({ name: p.name, metadata, dataDescription: `MedMNIST-style archive ${p.dataPath}`, counts: { train: data.train.count, validation: data.val.count, test: data.test.count }, evaluatedOn: 'test', metrics: report.metrics, intervals });
      const artifact = await serializeImagingModel(trained.model, metadata);
      await ctx.progress(0.98, 'registering the model version');
      const metrics = { ...scalars, temperature: trained.temperature, epochsRun: trained.training.epochsRun, ensembleSize: trained.ensembleSize };
      const saved = await repo.update(row.id, {
        status: 'ready',
        // What the registry draws: the test-set ROC curve and reliability bins, and the per-epoch history.
        metrics: { ...metrics, confusionMatrix, rocCurve: rocPlot(report.roc), reliability: reliabilityPlot(report.reliability), history: historyPlot(trained.training.history) } as unknown as JsonObject,
        parameters: { ...hyper, preprocessing: metadata.preprocessing, temperature: metadata.temperature, classNames: metadata.classNames } as unknown as JsonObject,
        modelCard: modelCard as unknown as JsonObject,
        artifact: artifact.bytes,
        checksum: artifact.sha256,
      });
      return { modelVersionId: saved.id, name: saved.name, version: saved.version, metrics, backend };
    } finally {
      trained.model.dispose();
    }
  } catch (error) {
    // The row stays, marked failed without an artifact, so a half-trained model is never served.
    await repo.update(row.id, { status: 'failed' }).catch(() => undefined);
    throw error;
  }
}

export function registerImagingJobs(registry: JobHandlerRegistry, deps: { db: Database }): void {
  registry.register<ImagingTrainParams, ImagingTrainResult>(IMAGING_TRAIN_KIND, (ctx) => runImagingTraining(deps.db, ctx), {
    validate: (params) => validateImagingTrainParams(params),
    description: 'Trains an image classifier on a MedMNIST-style .npz and registers it as an imaging ModelVersion',
  });
}
