import * as tf from '@tensorflow/tfjs';

type Saved = tf.Tensor[];

// Comparisons are piecewise constant: zero gradient. tfjs-core registers one only for
// GreaterEqual, so the gradient of a LeakyReLU/SELU/ReLU6 gradient (WGAN-GP's penalty) fails.
const comparison = (kernelName: string): tf.GradConfig => ({
  kernelName,
  inputsToSave: ['a', 'b'],
  gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: Saved) => ({ a: () => tf.zerosLike(saved[0]), b: () => tf.zerosLike(saved[1]) }),
});

/**
 * Gradients of gradient kernels that tfjs-core lacks, so second-order training (a WGAN-GP critic's
 * gradient penalty) works with ELU, LeakyReLU, SELU, ReLU6, average pooling and depthwise convs.
 * Backend-independent: they compose ordinary ops.
 */
const GRADIENTS: tf.GradConfig[] = [
  ...['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual'].map(comparison),
  {
    // EluGrad(dy, y) = dy where y > 0, dy * (y + 1) elsewhere: linear in dy; d/dy of it is dy where y <= 0.
    kernelName: 'EluGrad',
    inputsToSave: ['dy', 'y'],
    gradFunc: (ddx: tf.Tensor | tf.Tensor[], saved: Saved) => {
      const [dy, y] = saved;
      const g = ddx as tf.Tensor;
      const positive = tf.greater(y, 0);
      return {
        dy: () => tf.engine().runKernel('EluGrad', { dy: g, y }) as tf.Tensor,
        y: () => tf.where(positive, tf.zerosLike(y), tf.mul(g, dy)),
      };
    },
  },
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
