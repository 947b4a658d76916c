import { badInput } from '@pmed/core';
import { balancedClassWeights, createRng, ensembleMemberProgress, splitIndices, tf, trainWithSteps, type TrainingProgress, type TrainingResult } from '@pmed/tensor';
import type { ImageSet } from '../formats/npz';
import { augmentBatch, checkAugmentation, DEFAULT_AUGMENTATION, type AugmentationOptions } from '../preprocess/augment';
import { prepareImageSet, preprocessingFor, type PreprocessingSpec } from '../preprocess/preprocess';
import { ARCHITECTURES, buildClassifier, type Architecture } from './architectures';
import { predictLogits, softmaxCrossEntropy } from './predict';
import { classificationAuc } from '../report/evaluate';
import { fitTemperature, softmax } from './temperature';
import { combineMembers } from './ensemble';
import { drawMixup, MAX_MIXUP_ALPHA } from './mixup';

export interface TrainImagingOptions {
  train: ImageSet;
  /** Validation images for early stopping and temperature scaling; default: a stratified 15% of `train`. */
  validation?: ImageSet;
  architecture?: Architecture;
  /** Resize every image to this size; default the training images' size. */
  imageSize?: { height: number; width: number };
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  /** `balanced` weights classes by inverse frequency. Default `balanced`. */
  classWeights?: 'balanced' | 'none';
  /** Epochs without a better validation loss before stopping; 0 turns early stopping off. Default 5. */
  patience?: number;
  /**
   * Which epoch's weights to keep: the lowest validation loss, or the highest validation AUC over the
   * whole validation set. Default `val_loss` (the better of the two on BreastMNIST, docs/benchmarks.md).
   */
  selectBy?: 'val_loss' | 'val_auc';
  /** Training-batch augmentation; `false` turns it off. Default DEFAULT_AUGMENTATION. */
  augmentation?: AugmentationOptions | false;
  /** Decoupled weight decay (AdamW) on conv and dense kernels, per step: w -= learningRate * weightDecay * w. Default 0. */
  weightDecay?: number;
  /**
   * Mixup (Zhang et al. 2018): each training batch is blended with a shuffled copy of itself, with
   * the weight drawn from Beta(alpha, alpha) per batch, and the loss blended the same way. The value
   * is alpha; 0 (the default) turns it off.
   */
  mixup?: number;
  /** Label smoothing of the training loss (the validation loss stays plain cross-entropy). Default 0. */
  labelSmoothing?: number;
  /** `cosine` anneals the learning rate from its start to 0 over `epochs` (per batch). Default `constant`. */
  learningRateSchedule?: 'constant' | 'cosine';
  /**
   * Members of a seed ensemble: each is trained (and early-stopped) on its own with seed
   * `seed + 1000 * k`, and the returned model outputs the mean of their logits. Default 1.
   */
  ensembleSize?: number;
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
}

type MemberSelection = { metric: 'val_loss' | 'val_auc'; epoch: number; value: number };

/** A trained classifier and everything needed to serve it as it was trained. */
export interface TrainedImagingModel {
  model: tf.LayersModel;
  architecture: Architecture;
  numClasses: number;
  preprocessing: PreprocessingSpec;
  /** Members averaged in `model` (1: a plain network). */
  ensembleSize: number;
  /** Divides the logits before softmax; fitted on the validation images. */
  temperature: number;
  /** The training history (of the first member, for an ensemble; `members` has all). */
  training: TrainingResult;
  /** The epoch (0-based) whose weights were kept, and its value of the selection metric (first member). */
  selected: MemberSelection | null;
  members: { seed: number; training: TrainingResult; selected: MemberSelection | null }[];
  /** Validation images and labels as prepared, for callers that report on them. */
  validation: { x: Float32Array; labels: Int32Array; count: number };
}

function subset(set: ImageSet, indices: Int32Array): ImageSet {
  const size = set.height * set.width * set.channels;
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  indices.forEach((idx, i) => {
    images.set(set.images.subarray(idx * size, (idx + 1) * size), i * size);
    labels[i] = set.labels[idx];
  });
  return { ...set, images, labels, count: indices.length };
}

function checkOptions(options: TrainImagingOptions): void {
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw badInput('epochs', `must be a positive integer, got ${options.epochs}`);
  if (options.learningRate !== undefined && !(options.learningRate > 0 && options.learningRate < 1)) {
    throw badInput('learningRate', `must lie in (0, 1), got ${options.learningRate}`);
  }
  if (options.architecture !== undefined && !ARCHITECTURES.includes(options.architecture)) {
    throw badInput('architecture', `must be one of ${ARCHITECTURES.join(', ')}, got ${String(options.architecture)}`);
  }
  if (options.augmentation) checkAugmentation(options.augmentation);
  const wd = options.weightDecay;
  if (wd !== undefined && !(wd >= 0 && wd < 1)) throw badInput('weightDecay', `must lie in [0, 1), got ${wd}`);
  const mixup = options.mixup;
  if (mixup !== undefined && !(mixup >= 0 && mixup <= MAX_MIXUP_ALPHA)) throw badInput('mixup', `must lie in [0, ${MAX_MIXUP_ALPHA}] (the Beta distribution's alpha; 0 turns mixup off), got ${mixup}`);
  const smoothing = options.labelSmoothing;
  if (smoothing !== undefined && !(smoothing >= 0 && smoothing < 1)) throw badInput('labelSmoothing', `must lie in [0, 1), got ${smoothing}`);
  if (options.learningRateSchedule !== undefined && !['constant', 'cosine'].includes(options.learningRateSchedule)) {
    throw badInput('learningRateSchedule', `must be constant or cosine, got ${String(options.learningRateSchedule)}`);
  }
  const k = options.ensembleSize;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1 && k <= 20)) throw badInput('ensembleSize', `must be an integer in 1..20, got ${k}`);
  if (options.train.count < 2) throw badInput('train', 'needs at least two images');
  const v = options.validation;
  if (v && (v.height !== options.train.height || v.width !== options.train.width || v.channels !== options.train.channels)) {
    throw badInput('validation', `images are ${v.height}x${v.width}x${v.channels}, training images ${options.train.height}x${options.train.width}x${options.train.channels}`);
  }
}

/**
 * Trains an image classifier with the shared loop (seeded shuffling, class weights, early stopping
 * on validation loss with the best weights restored), augmenting training batches only, then fits
 * a temperature on the validation images for calibrated probabilities. With `ensembleSize` > 1 the
 * members are trained one after another and joined into one model that averages their logits; the
 * temperature is fitted on the joined model.
 */
export async function trainImagingClassifier(options: TrainImagingOptions): Promise<TrainedImagingModel> {
  checkOptions(options);
  let train = options.train;
  let validation = options.validation;
  if (!validation) {
    const split = splitIndices({ numSamples: train.count, validationFraction: 0.15, rng: createRng(options.seed).fork(), labels: train.labels });
    validation = subset(train, split.validation);
    train = subset(train, split.train);
  }
  let numClasses = 0;
  for (const set of [train, validation]) for (const l of set.labels) numClasses = Math.max(numClasses, l + 1);
  numClasses = Math.max(numClasses, 2);
  const preprocessing = preprocessingFor(train, options.imageSize);
  const prepared: PreparedData = {
    train,
    validation,
    x: prepareImageSet(train, preprocessing),
    valX: prepareImageSet(validation, preprocessing),
    preprocessing,
    numClasses,
  };
  const architecture = options.architecture ?? 'reference-cnn';
  const size = options.ensembleSize ?? 1;
  const trained: { model: tf.LayersModel; seed: number; training: TrainingResult; selected: MemberSelection | null }[] = [];
  let model: tf.LayersModel | null = null;
  try {
    for (let k = 0; k < size; k++) {
      const seed = options.seed + 1000 * k;
      const onProgress = options.onProgress;
      const member = await trainMember(options, prepared, {
        architecture,
        seed,
        onProgress: ensembleMemberProgress(onProgress, k, size),
      });
      trained.push({ ...member, seed });
    }
    model = size === 1 ? trained[0].model : combineMembers(trained.map((m) => m.model), `ensemble_${architecture.replace(/-/g, '_')}`);
    const valLogits = predictLogits(model, { x: prepared.valX, count: validation.count });
    const temperature = fitTemperature({ logits: valLogits, labels: validation.labels, numClasses });
    return {
      model,
      architecture,
      numClasses,
      preprocessing,
      ensembleSize: size,
      temperature,
      training: trained[0].training,
      selected: trained[0].selected,
      members: trained.map(({ seed, training, selected }) => ({ seed, training, selected })),
      validation: { x: prepared.valX, labels: validation.labels, count: validation.count },
    };
  } catch (error) {
    model?.dispose();
    throw error;
  } finally {
    // The joined model holds copies of the members' weights.
    if (size > 1) for (const m of trained) m.model.dispose();
  }
}

interface PreparedData {
  train: ImageSet;
  validation: ImageSet;
  x: Float32Array;
  valX: Float32Array;
  preprocessing: PreprocessingSpec;
  numClasses: number;
}

/** Trains one network (one ensemble member) with its own seed, early stopping and weight selection. */
async function trainMember(
  options: TrainImagingOptions,
  data: PreparedData,
  member: { architecture: Architecture; seed: number; onProgress?: (progress: TrainingProgress) => void },
): Promise<{ model: tf.LayersModel; training: TrainingResult; selected: MemberSelection | null }> {
  const { train, validation, x, valX, numClasses } = data;
  const { height, width, channels } = data.preprocessing;
  const singleClass = new Set(validation.labels).size < 2;
  const model = buildClassifier({ architecture: member.architecture, inputShape: [height, width, channels], numClasses, seed: member.seed });
  const baseRate = options.learningRate ?? 1e-3;
  const optimizer = tf.train.adam(baseRate);
  const augmentation = options.augmentation === false ? null : (options.augmentation ?? DEFAULT_AUGMENTATION);
  const patience = options.patience ?? 5;
  const selectBy = options.selectBy ?? 'val_loss';
  const weightDecay = options.weightDecay ?? 0;
  const mixup = options.mixup ?? 0;
  const smoothing = options.labelSmoothing ?? 0;
  const best = new BestWeights();
  try {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    // Biases and batch-norm scales are left out of the decay, as AdamW's authors recommend.
    const kernels = variables.filter((v) => v.rank >= 2);
    const training = await trainWithSteps({
      data: { x: { values: x, shape: [train.count, height, width, channels] }, y: { values: train.labels, shape: [train.count] } },
      validationData: { x: { values: valX, shape: [validation.count, height, width, channels] }, y: { values: validation.labels, shape: [validation.count] } },
      classWeight: (options.classWeights ?? 'balanced') === 'balanced' ? balancedClassWeights(train.labels) : undefined,
      epochs: options.epochs,
      batchSize: options.batchSize ?? 32,
      seed: member.seed,
      // Stopping watches the validation loss (it rises once the net overfits); the weights kept are the selectBy best.
      earlyStopping: patience > 0 ? { monitor: 'val_loss', mode: 'min', patience, restoreBestWeights: selectBy === 'val_loss' } : undefined,
      restorable: [model],
      onProgress: (progress) => {
        if (progress.phase === 'epoch' && selectBy === 'val_auc') {
          const probabilities = softmax(predictLogits(model, { x: valX, count: validation.count }), numClasses);
          const auc = singleClass ? 0 : classificationAuc(validation.labels, probabilities, numClasses);
          best.offer({ model, epoch: progress.epoch, value: auc });
          progress.metrics['val_auc'] = auc;
        }
        member.onProgress?.(progress);
      },
      signal: options.signal,
      step: (batch, ctx) => {
        const rate = options.learningRateSchedule === 'cosine' ? 0.5 * baseRate * (1 + Math.cos((Math.PI * ctx.globalStep) / (ctx.epochs * ctx.totalBatches))) : baseRate;
        (optimizer as unknown as { learningRate: number }).learningRate = rate;
        const input = augmentation
          ? tf.tensor4d(augmentBatch({ x: batch.x.dataSync() as Float32Array, shape: batch.x.shape as [number, number, number, number], options: augmentation, rng: ctx.rng }), batch.x.shape as [number, number, number, number])
          : batch.x;
        const drawn = mixup > 0 ? drawMixup(ctx.rng, batch.size, mixup) : null;
        const mix = drawn ? { lambda: drawn.lambda, partner: tf.tensor1d(drawn.partner, 'int32') } : null;
        const blended = mix ? tf.add(tf.mul(input, mix.lambda), tf.mul(tf.gather(input, mix.partner), 1 - mix.lambda)) : input;
        // Per-sample weighted loss against the batch's labels, or against its partners' labels.
        const weightedLoss = (logits: tf.Tensor, order: tf.Tensor | null): tf.Tensor => {
          const pick = (t: tf.Tensor): tf.Tensor => (order ? tf.gather(t, order) : t);
          const perSample = softmaxCrossEntropy(pick(batch.y as tf.Tensor), logits, smoothing);
          return batch.sampleWeight ? tf.mul(perSample, pick(batch.sampleWeight)) : perSample;
        };
        const cost = optimizer.minimize(
          () => {
            const logits = model.apply(blended, { training: true }) as tf.Tensor;
            const own = weightedLoss(logits, null);
            const weighted = mix ? tf.add(tf.mul(own, mix.lambda), tf.mul(weightedLoss(logits, mix.partner), 1 - mix.lambda)) : own;
            return tf.div(tf.sum(weighted), batch.size) as tf.Scalar;
          },
          true,
          variables,
        ) as tf.Scalar;
        if (weightDecay > 0) tf.tidy(() => kernels.forEach((v) => v.assign(tf.mul(v, 1 - rate * weightDecay))));
        return { loss: cost.dataSync()[0] };
      },
      validationStep: (batch) => {
        const logits = model.apply(batch.x, { training: false }) as tf.Tensor;
        const loss = tf.mean(softmaxCrossEntropy(batch.y as tf.Tensor, logits)).dataSync()[0];
        const acc = tf.mean(tf.equal(tf.argMax(logits, -1), (batch.y as tf.Tensor).toInt()).toFloat()).dataSync()[0];
        return { loss, acc };
      },
    });
    best.restore(model);
    const selected: MemberSelection | null =
      selectBy === 'val_auc' && best.epoch !== null
        ? { metric: selectBy, epoch: best.epoch, value: best.value }
        : training.bestEpoch !== null && training.bestValue !== null
          ? { metric: selectBy, epoch: training.bestEpoch, value: training.bestValue }
          : null;
    return { model, training, selected };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    best.dispose();
    optimizer.dispose();
  }
}

/** A copy of the weights of the best epoch so far (higher is better). */
class BestWeights {
  epoch: number | null = null;
  value = Number.NEGATIVE_INFINITY;
  private weights: tf.Tensor[] | null = null;

  offer(args: { model: tf.LayersModel; epoch: number; value: number }): void {
    if (!(args.value > this.value)) return;
    this.dispose();
    this.weights = args.model.getWeights().map((w) => w.clone());
    this.epoch = args.epoch;
    this.value = args.value;
  }

  restore(model: tf.LayersModel): void {
    if (this.weights) model.setWeights(this.weights);
  }

  dispose(): void {
    if (this.weights) tf.dispose(this.weights);
    this.weights = null;
  }
}
