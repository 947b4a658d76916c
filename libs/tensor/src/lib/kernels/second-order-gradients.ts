import * as tf from '@tensorflow/tfjs';

type Saved = tf.Tensor[];

// Comparisons and logic are piecewise constant: zero gradient. tfjs-core registers one only for
// GreaterEqual, so the gradient of a LeakyReLU/SELU/ReLU6 gradient (WGAN-GP's penalty) fails.
const comparison = (kernelName: string): tf.GradConfig => ({
  kernelName,
  inputsToSave: ['a', 'b'],
  gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: Saved) => ({ a: () => tf.zeros(saved[0].shape), b: () => tf.zeros(saved[1].shape) }),
});

/**
 * Gradients of gradient kernels that tfjs-core lacks, so second-order training (a WGAN-GP critic's
 * gradient penalty) works with LeakyReLU, SELU, ReLU6, average pooling and depthwise convs.
 * Backend-independent: they compose ordinary ops.
 */
const GRADIENTS: tf.GradConfig[] = [
  ...['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'].map(comparison),
  {
    // AvgPoolGrad is the adjoint of AvgPool (linear in dy), so its own adjoint is AvgPool again.
    kernelName: 'AvgPoolGrad',
    inputsToSave: ['input'],
    gradFunc: (ddx: tf.Tensor | tf.Tensor[], saved: Saved, attrs?: tf.NamedAttrMap) => {
      const { filterSize, strides, pad } = attrs as unknown as { filterSize: [number, number]; strides: [number, number]; pad: 'valid' | 'same' | number };
      return { dy: () => tf.avgPool(ddx as tf.Tensor4D, filterSize, strides, pad), input: () => tf.zerosLike(saved[0]) };
    },
  },
  {
    // <u, BackpropInput(dy, W)> = <depthwiseConv(u, W), dy>: so d/d dy is the forward conv and
    // d/dW is the filter gradient of u against dy.
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx: tf.Tensor | tf.Tensor[], saved: Saved, attrs?: tf.NamedAttrMap) => {
      const [dy, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const u = ddx as tf.Tensor4D;
      const a = attrs as unknown as { strides: [number, number]; pad: 'valid' | 'same' | number; dilations: [number, number]; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
      return {
        dy: () => tf.depthwiseConv2d(u, filter, a.strides, a.pad, 'NHWC', a.dilations, a.dimRoundingMode),
        filter: () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: u, dy }, { strides: a.strides, pad: a.pad, dilations: a.dilations, filterShape: filter.shape, ...(a.dimRoundingMode ? { dimRoundingMode: a.dimRoundingMode } : {}) }) as tf.Tensor,
      };
    },
  },
];

/** Registers the missing second-order gradients (only where tfjs has none) and returns their kernel names. */
export function registerTrainingGradients(): string[] {
  for (const config of GRADIENTS) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
  return GRADIENTS.map((g) => g.kernelName);
}

// Null marks a gradient tfjs had none of, so disabling only removes ours.
const ORIGINAL_GRADIENTS = new Map<string, tf.GradConfig | null>();

// tfjs-core differentiates these from their saved output, and a saved output is not linked to the
// input on the tape: the gradient of their gradient silently loses the term through the output
// (tanh'' comes out as 0 or "Cannot compute gradient"), on every backend. These versions save the
// input and recompute the output with differentiable ops, at the cost of that recomputation.
const FROM_INPUT: tf.GradConfig[] = [
  { kernelName: 'Exp', inputsToSave: ['x'], gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.exp(saved[0])) }) },
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => { const y = tf.sigmoid(saved[0]); return tf.mul(dy as tf.Tensor, tf.mul(y, tf.sub(1, y))); } }),
  },
  {
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(tf.tanh(saved[0])))) }),
  },
  {
    kernelName: 'Elu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => { const x = saved[0]; return tf.mul(dy as tf.Tensor, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(x))); } }),
  },
  {
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    gradFunc: (dy, saved, attrs) => ({
      logits: () => {
        const dim = (attrs as unknown as { dim: number }).dim;
        const y = tf.softmax(saved[0], dim);
        const g = dy as tf.Tensor;
        return tf.mul(tf.sub(g, tf.sum(tf.mul(g, y), [dim], true)), y);
      },
    }),
  },
];

/**
 * Makes exp, sigmoid, tanh, ELU and softmax differentiable twice (needed for a gradient penalty
 * through them); returns their kernel names. Global and opt-in: first-order training is a little
 * slower while it is on. Undo with disableSecondOrderGradients().
 */
export function enableSecondOrderGradients(): string[] {
  for (const config of FROM_INPUT) {
    if (ORIGINAL_GRADIENTS.has(config.kernelName)) continue;
    const original = tf.getGradient(config.kernelName) ?? null;
    ORIGINAL_GRADIENTS.set(config.kernelName, original);
    if (original) tf.unregisterGradient(config.kernelName);
    tf.registerGradient(config);
  }
  return FROM_INPUT.map((g) => g.kernelName);
}

/** Restores tfjs-core's own gradients replaced by enableSecondOrderGradients(). */
export function disableSecondOrderGradients(): void {
  for (const [kernelName, original] of ORIGINAL_GRADIENTS) {
    tf.unregisterGradient(kernelName);
    if (original) tf.registerGradient(original);
  }
  ORIGINAL_GRADIENTS.clear();
}
