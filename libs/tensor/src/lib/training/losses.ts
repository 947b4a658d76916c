import * as tf from '@tensorflow/tfjs';
import { badInput } from '@pmed/core';

export type LossName = 'binaryCrossentropy' | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';

/** A custom loss: one value per sample, shape [batch]. */
export type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor1D;

export type LossSpec = LossName | LossFunction;

// Keras's epsilon: keeps log() finite for saturated sigmoid/softmax outputs.
const EPSILON = 1e-7;

function flatSamples(t: tf.Tensor): tf.Tensor2D {
  return t.reshape([t.shape[0], -1]);
}

/**
 * Per-sample losses written with plain ops (no LogSoftmax), so their gradients exist on every
 * backend. Cross-entropies take probabilities (sigmoid/softmax outputs), not logits.
 */
const LOSSES: Record<LossName, (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor1D> = {
  binaryCrossentropy: (yTrue, yPred) => {
    const p = tf.clipByValue(flatSamples(yPred), EPSILON, 1 - EPSILON);
    const y = flatSamples(yTrue).toFloat();
    return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))), 1)) as tf.Tensor1D;
  },
  categoricalCrossentropy: (yTrue, yPred) => {
    const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
    return tf.neg(tf.sum(tf.mul(yTrue.toFloat(), tf.log(p)), -1)) as tf.Tensor1D;
  },
  sparseCategoricalCrossentropy: (yTrue, yPred) => {
    const depth = yPred.shape[yPred.shape.length - 1];
    const oneHot = tf.oneHot(yTrue.reshape([-1]).toInt(), depth);
    return LOSSES.categoricalCrossentropy(oneHot, yPred);
  },
  meanSquaredError: (yTrue, yPred) => tf.mean(tf.square(tf.sub(flatSamples(yPred), flatSamples(yTrue).toFloat())), 1) as tf.Tensor1D,
  meanAbsoluteError: (yTrue, yPred) => tf.mean(tf.abs(tf.sub(flatSamples(yPred), flatSamples(yTrue).toFloat())), 1) as tf.Tensor1D,
};

export function resolveLoss(loss: unknown): { name: string; fn: LossFunction } {
  if (typeof loss === 'function') return { name: 'custom', fn: loss as LossFunction };
  if (typeof loss === 'string' && loss in LOSSES) return { name: loss, fn: LOSSES[loss as LossName] };
  throw badInput('loss', `must be one of ${Object.keys(LOSSES).join(', ')} or a function, got ${String(loss)}`);
}

/** Accuracy per sample (1 or 0) for the classification losses; null for the others. */
export function accuracyFor(lossName: string): ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor1D) | null {
  switch (lossName) {
    case 'binaryCrossentropy':
      return (yTrue, yPred) =>
        tf.mean(tf.equal(tf.greaterEqual(flatSamples(yPred), 0.5), tf.greaterEqual(flatSamples(yTrue), 0.5)).toFloat(), 1) as tf.Tensor1D;
    case 'categoricalCrossentropy':
      return (yTrue, yPred) => tf.equal(tf.argMax(yTrue, -1), tf.argMax(yPred, -1)).toFloat() as tf.Tensor1D;
    case 'sparseCategoricalCrossentropy':
      return (yTrue, yPred) => tf.equal(yTrue.reshape([-1]).toInt(), tf.argMax(yPred, -1)).toFloat() as tf.Tensor1D;
    default:
      return null;
  }
}
