import * as tf from '@tensorflow/tfjs';
import { badInput } from '@pmed/core';
import { chunks, gatherBatch, prepareData, type SampleSet } from './data';
import type { ClassWeights } from './class-weights';
import { runTrainingLoop } from './loop';
import type { Batch, LoopOptions, Metrics, StepContext, TensorInput, TrainingResult } from './types';
import { WeightSnapshot, type RestorableState } from './weight-snapshot';

export interface CustomTrainingOptions extends LoopOptions {
  /** Per-sample data; `y` is optional (generative models often have none). */
  data: { x: TensorInput; y?: TensorInput };
  /**
   * One training step: runs its own optimizer updates and returns numbers to log (e.g. `{ loss, kl }`
   * or `{ critic_loss, generator_loss }`). Runs synchronously inside tf.tidy, so intermediate tensors
   * are freed; the batch's tensors are freed after it returns.
   */
  step: (batch: Batch, ctx: StepContext) => Metrics;
  /** Metrics on one validation batch, no updates; averaged over batches by size and reported as `val_<name>`. */
  validationStep?: (batch: Batch, ctx: { epoch: number }) => Metrics;
  validationSplit?: number;
  stratify?: boolean;
  validationData?: { x: TensorInput; y?: TensorInput };
  /** Class weights, handed to `step` as `batch.sampleWeight`. */
  classWeight?: ClassWeights;
  /** Models and variables to snapshot and restore when early stopping keeps the best epoch. */
  restorable?: RestorableState[];
  /**
   * One key per sample of `data.x` (e.g. its sequence length): each batch then holds samples of
   * nearly equal key, so `step` can trim padding; batches still come in a fresh seeded order each
   * epoch. Validation batches are not bucketed.
   */
  bucketBy?: ArrayLike<number>;
}

/**
 * The shared loop for models that are not one `fit` call: VAE with KL annealing (`ctx.epoch`),
 * WGAN-GP alternating critic and generator updates (`ctx.globalStep`), or any other custom update.
 */
export async function trainWithSteps(options: CustomTrainingOptions): Promise<TrainingResult> {
  if (typeof options.step !== 'function') throw badInput('step', 'must be a function (batch, ctx) => metrics');
  if ((options.validationSplit !== undefined || options.validationData !== undefined) && !options.validationStep) {
    throw badInput('validationStep', 'is needed to score validation data');
  }
  if (options.earlyStopping && (options.earlyStopping.restoreBestWeights ?? true) && !options.restorable?.length) {
    throw badInput('restorable', 'name the models or variables to restore, or set earlyStopping.restoreBestWeights to false');
  }
  const data = prepareData({ ...options, x: options.data.x, y: options.data.y });
  const snapshot = options.earlyStopping && options.restorable?.length ? new WeightSnapshot(options.restorable) : null;
  const batchSize = options.batchSize ?? 32;
  try {
    if (options.bucketBy !== undefined) checkBucketKeys(options.bucketBy, data.train.x.shape[0]);
    return await runTrainingLoop({
      options,
      trainIndices: data.train.indices,
      hasValidation: data.validation !== null,
      shuffleRng: data.shuffleRng,
      stepRng: data.stepRng,
      snapshot,
      bucketKeys: options.bucketBy,
      runBatch: (indices, ctx) => checkMetrics(options.step(gatherBatch(data.train, indices, data.sampleWeights), ctx)),
      validate:
        data.validation && options.validationStep
          ? (epoch) => validateSteps(data.validation as SampleSet, batchSize, epoch, options.validationStep as NonNullable<CustomTrainingOptions['validationStep']>)
          : undefined,
    });
  } finally {
    snapshot?.dispose();
    data.release();
  }
}

function checkBucketKeys(keys: ArrayLike<number>, samples: number): void {
  if (keys.length !== samples) throw badInput('bucketBy', `has ${keys.length} keys for ${samples} samples`);
  for (let i = 0; i < samples; i++) {
    if (!Number.isFinite(keys[i])) throw badInput('bucketBy', `key ${i} is not a finite number`);
  }
}

function checkMetrics(metrics: unknown): Metrics {
  if (typeof metrics !== 'object' || metrics === null) throw badInput('step', 'must return an object of numbers');
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value !== 'number') throw badInput('step', `returned ${typeof value} for metric ${name}; metrics are numbers (use dataSync)`);
  }
  return metrics as Metrics;
}

function validateSteps(set: SampleSet, batchSize: number, epoch: number, validationStep: NonNullable<CustomTrainingOptions['validationStep']>): Metrics {
  const sums: Metrics = {};
  for (const indices of chunks(set.indices, batchSize)) {
    const metrics = tf.tidy(() => checkMetrics(validationStep(gatherBatch(set, indices, null), { epoch })));
    for (const [name, value] of Object.entries(metrics)) sums[name] = (sums[name] ?? 0) + value * indices.length;
  }
  const out: Metrics = {};
  for (const [name, sum] of Object.entries(sums)) out[`val_${name}`] = sum / set.indices.length;
  return out;
}
