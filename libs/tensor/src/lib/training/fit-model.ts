import * as tf from '@tensorflow/tfjs';
import { badInput } from '@pmed/core';
import { reinitializeWeights } from '../random/seeded-init';
import type { ClassWeights } from './class-weights';
import { chunks, gatherBatch, prepareData, type PreparedData, type SampleSet } from './data';
import { checkShape } from './inputs';
import { accuracyFor, resolveLoss, type LossFunction, type LossSpec } from './losses';
import { checkLoopOptions, runTrainingLoop } from './loop';
import type { LoopOptions, Metrics, TensorInput, TrainingResult } from './types';
import { WeightSnapshot } from './weight-snapshot';

export interface FitOptions extends LoopOptions {
  x: TensorInput;
  y: TensorInput;
  /** Default: the loss the model was compiled with. */
  loss?: LossSpec;
  /** Default: the optimizer the model was compiled with. The caller owns it. */
  optimizer?: tf.Optimizer;
  /** Hold out this share of the samples for validation (seeded). */
  validationSplit?: number;
  /** Split each class in the same proportion (needs class labels in y). */
  stratify?: boolean;
  validationData?: { x: TensorInput; y: TensorInput };
  /** Scales each sample's training loss by its class's weight; see balancedClassWeights. */
  classWeight?: ClassWeights;
  /** Re-initialise the model's weights from the seed before training (reproducible starts). */
  reinitialize?: boolean;
  /** Extra validation metrics from the whole validation set's labels and predictions, reported as `val_<name>`. */
  validationMetrics?: (args: { yTrue: tf.Tensor; yPred: tf.Tensor }) => Metrics;
  /**
   * L2 penalty added to the training loss: l2 * sum(w^2) over every kernel (dense, convolution and
   * recurrent kernels; biases, batch-norm and embedding weights are not penalised), as Keras'
   * kernel_regularizer l2(l2) on each such layer. Default 0. The reported loss includes it.
   */
  l2?: number;
}

/** The trainable kernels an L2 penalty applies to (variables whose name ends in `kernel`). */
export function penalisedKernels(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.filter((w) => /kernel(_\d+)?$/.test(w.originalName)).map((w) => w.read() as tf.Variable);
}

type Accuracy = ReturnType<typeof accuracyFor>;

/**
 * Trains a single-input, single-output LayersModel by mini-batch gradient descent with the shared
 * loop: seeded split and shuffling, class weights, early stopping, progress and cancellation.
 * Training loss is sum(w_i * loss_i) / batch size (Keras's convention); validation loss is unweighted.
 */
export async function fitModel(model: tf.LayersModel, options: FitOptions): Promise<TrainingResult> {
  const { batchSize } = checkLoopOptions(options);
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw badInput('model', `has ${model.inputs.length} inputs and ${model.outputs.length} outputs; fitModel takes one of each (use trainWithSteps)`);
  }
  const optimizer = options.optimizer ?? model.optimizer;
  if (!optimizer) throw badInput('optimizer', 'pass an optimizer or compile the model with one');
  const loss = resolveLoss(options.loss ?? model.loss);
  const l2 = options.l2 ?? 0;
  if (!(l2 >= 0 && Number.isFinite(l2))) throw badInput('l2', `must be a finite number >= 0, got ${options.l2}`);
  const data = prepareData(options);
  let snapshot: WeightSnapshot | null = null;
  try {
    checkModelData(model, data, loss.name);
    if (options.reinitialize) reinitializeWeights(model, { seed: data.initSeed });
    snapshot = options.earlyStopping ? new WeightSnapshot([model]) : null;
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const kernels = l2 > 0 ? penalisedKernels(model) : [];
    const accuracy = accuracyFor(loss.name);
    return await runTrainingLoop({
      options,
      trainIndices: data.train.indices,
      hasValidation: data.validation !== null,
      shuffleRng: data.shuffleRng,
      stepRng: data.stepRng,
      snapshot,
      runBatch: (indices) => {
        const batch = gatherBatch(data.train, indices, data.sampleWeights);
        let acc: tf.Tensor | null = null;
        const cost = optimizer.minimize(
          () => {
            const pred = model.apply(batch.x, { training: true }) as tf.Tensor;
            const perSample = loss.fn(batch.y as tf.Tensor, pred);
            if (accuracy) acc = tf.keep(tf.mean(accuracy(batch.y as tf.Tensor, pred)));
            const weighted = batch.sampleWeight ? tf.mul(perSample, batch.sampleWeight) : perSample;
            const dataLoss = tf.div(tf.sum(weighted), batch.size) as tf.Scalar;
            return kernels.length ? (tf.add(dataLoss, tf.mul(l2, tf.addN(kernels.map((k) => tf.sum(tf.square(k)))))) as tf.Scalar) : dataLoss;
          },
          true,
          variables,
        ) as tf.Scalar;
        const metrics: Metrics = { loss: cost.dataSync()[0] };
        if (acc !== null) {
          metrics['acc'] = (acc as tf.Tensor).dataSync()[0];
          (acc as tf.Tensor).dispose();
        }
        return metrics;
      },
      validate: data.validation
        ? () => evaluateSet({ model, set: data.validation as SampleSet, lossFn: loss.fn, accuracy, batchSize, extra: options.validationMetrics })
        : undefined,
    });
  } finally {
    snapshot?.dispose();
    data.release();
  }
}

function checkModelData(model: tf.LayersModel, data: PreparedData, lossName: string): void {
  const inputShape = model.inputs[0].shape;
  checkShape('x', data.train.x, inputShape);
  if (data.validation && data.validation.x !== data.train.x) checkShape('validationData.x', data.validation.x, inputShape);
  const y = data.train.y as tf.Tensor;
  const out = model.outputs[0].shape;
  const perSample = out.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
  const ySize = y.shape.slice(1).reduce((a, d) => a * d, 1);
  const want = out.map((d) => (d === null ? '*' : String(d))).join(', ');
  if (lossName === 'sparseCategoricalCrossentropy') {
    if (ySize !== 1) throw badInput('y', `sparse labels need shape [n] or [n, 1], got [${y.shape.join(', ')}]`);
  } else if (lossName !== 'custom' && ySize !== perSample) {
    throw badInput('y', `has ${ySize} values per sample but the model outputs [${want}]`, { expected: want, actual: y.shape });
  }
}

interface EvaluateArgs {
  model: tf.LayersModel;
  set: SampleSet;
  lossFn: LossFunction;
  accuracy: Accuracy;
  batchSize: number;
  extra?: (args: { yTrue: tf.Tensor; yPred: tf.Tensor }) => Metrics;
}

/** Unweighted validation loss and accuracy, plus caller metrics on the full prediction set. */
function evaluateSet(args: EvaluateArgs): Metrics {
  const { model, set, lossFn, accuracy } = args;
  let lossSum = 0;
  let accSum = 0;
  const predictions: tf.Tensor[] = [];
  try {
    for (const indices of chunks(set.indices, args.batchSize)) {
      const [l, a] = tf.tidy(() => {
        const batch = gatherBatch(set, indices, null);
        const pred = model.apply(batch.x, { training: false }) as tf.Tensor;
        if (args.extra) predictions.push(tf.keep(pred));
        const batchLoss = tf.sum(lossFn(batch.y as tf.Tensor, pred)).dataSync()[0];
        const batchAcc = accuracy ? tf.sum(accuracy(batch.y as tf.Tensor, pred)).dataSync()[0] : 0;
        return [batchLoss, batchAcc];
      });
      lossSum += l;
      accSum += a;
    }
    const n = set.indices.length;
    const metrics: Metrics = { val_loss: lossSum / n };
    if (accuracy) metrics['val_acc'] = accSum / n;
    if (args.extra) {
      const extra = args.extra;
      const more = tf.tidy(() => {
        const yTrue = tf.gather(set.y as tf.Tensor, tf.tensor1d(set.indices, 'int32'));
        return extra({ yTrue, yPred: tf.concat(predictions, 0) });
      });
      for (const [name, value] of Object.entries(more)) metrics[`val_${name}`] = value;
    }
    return metrics;
  } finally {
    tf.dispose(predictions);
  }
}
