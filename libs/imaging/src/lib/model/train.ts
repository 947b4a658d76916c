import { badInput } from '@pmed/core';
import { balancedClassWeights, createRng, splitIndices, tf, trainWithSteps, type TrainingProgress, type TrainingResult } from '@pmed/tensor';
import type { ImageSet } from '../formats/npz';
import { augmentBatch, checkAugmentation, DEFAULT_AUGMENTATION, type AugmentationOptions } from '../preprocess/augment';
import { prepareImageSet, preprocessingFor, type PreprocessingSpec } from '../preprocess/preprocess';
import { ARCHITECTURES, buildClassifier, type Architecture } from './architectures';
import { predictLogits, softmaxCrossEntropy } from './predict';
import { classificationAuc } from '../report/evaluate';
import { fitTemperature, softmax } from './temperature';

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
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
}

/** A trained classifier and everything needed to serve it as it was trained. */
export interface TrainedImagingModel {
  model: tf.LayersModel;
  architecture: Architecture;
  numClasses: number;
  preprocessing: PreprocessingSpec;
  /** Divides the logits before softmax; fitted on the validation images. */
  temperature: number;
  training: TrainingResult;
  /** The epoch (0-based) whose weights were kept, and its value of the selection metric. */
  selected: { metric: 'val_loss' | 'val_auc'; epoch: number; value: number } | null;
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
  if (options.train.count < 2) throw badInput('train', 'needs at least two images');
  const v = options.validation;
  if (v && (v.height !== options.train.height || v.width !== options.train.width || v.channels !== options.train.channels)) {
    throw badInput('validation', `images are ${v.height}x${v.width}x${v.channels}, training images ${options.train.height}x${options.train.width}x${options.train.channels}`);
  }
}

/**
 * Trains an image classifier with the shared loop (seeded shuffling, class weights, early stopping
 * on validation loss with the best weights restored), augmenting training batches only, then fits
 * a temperature on the validation images for calibrated probabilities.
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
  const singleClass = new Set(validation.labels).size < 2;
  const preprocessing = preprocessingFor(train, options.imageSize);
  const { height, width, channels } = preprocessing;
  const x = prepareImageSet(train, preprocessing);
  const valX = prepareImageSet(validation, preprocessing);
  const architecture = options.architecture ?? 'reference-cnn';
  const model = buildClassifier({ architecture, inputShape: [height, width, channels], numClasses, seed: options.seed });
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const augmentation = options.augmentation === false ? null : (options.augmentation ?? DEFAULT_AUGMENTATION);
  const patience = options.patience ?? 5;
  const selectBy = options.selectBy ?? 'val_loss';
  const best = new BestWeights();
  try {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const training = await trainWithSteps({
      data: { x: { values: x, shape: [train.count, height, width, channels] }, y: { values: train.labels, shape: [train.count] } },
      validationData: { x: { values: valX, shape: [validation.count, height, width, channels] }, y: { values: validation.labels, shape: [validation.count] } },
      classWeight: (options.classWeights ?? 'balanced') === 'balanced' ? balancedClassWeights(train.labels) : undefined,
      epochs: options.epochs,
      batchSize: options.batchSize ?? 32,
      seed: options.seed,
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
        options.onProgress?.(progress);
      },
      signal: options.signal,
      step: (batch, ctx) => {
        const input = augmentation
          ? tf.tensor4d(augmentBatch({ x: batch.x.dataSync() as Float32Array, shape: batch.x.shape as [number, number, number, number], options: augmentation, rng: ctx.rng }), batch.x.shape as [number, number, number, number])
          : batch.x;
        const cost = optimizer.minimize(
          () => {
            const perSample = softmaxCrossEntropy(batch.y as tf.Tensor, model.apply(input, { training: true }) as tf.Tensor);
            const weighted = batch.sampleWeight ? tf.mul(perSample, batch.sampleWeight) : perSample;
            return tf.div(tf.sum(weighted), batch.size) as tf.Scalar;
          },
          true,
          variables,
        ) as tf.Scalar;
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
    const selected =
      selectBy === 'val_auc' && best.epoch !== null
        ? { metric: selectBy, epoch: best.epoch, value: best.value }
        : training.bestEpoch !== null && training.bestValue !== null
          ? { metric: selectBy, epoch: training.bestEpoch, value: training.bestValue }
          : null;
    const valLogits = predictLogits(model, { x: valX, count: validation.count });
    const temperature = fitTemperature({ logits: valLogits, labels: validation.labels, numClasses });
    return { model, architecture, numClasses, preprocessing, temperature, training, selected, validation: { x: valX, labels: validation.labels, count: validation.count } };
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
