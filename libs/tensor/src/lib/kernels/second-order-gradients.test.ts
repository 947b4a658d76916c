import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import { disableSecondOrderGradients, enableSecondOrderGradients, registerTrainingGradients } from './second-order-gradients';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

describe.each(['cpu', 'wasm'])('second-order gradients on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend({ forced: backend });
  });
  afterAll(async () => {
    await selectBackend({ forced: 'cpu' });
  });

  it('registers idempotently', () => {
    const names = registerTrainingGradients();
    expect(registerTrainingGradients()).toEqual(names);
    for (const name of names) expect(tf.getGradient(name)).toBeDefined();
  });

  // Gradient penalty P(W) = |d/dx sum(v * act(x W))|^2 differentiated in W, against the same
  // expression written with act' spelled out (its branch mask held constant).
  const SELU = { scale: 1.0507009873554805, alpha: 1.6732632423543772 };
  it.each([
    ['leakyRelu', (z: tf.Tensor) => tf.leakyRelu(z, 0.2), (z: tf.Tensor, pos: tf.Tensor) => tf.where(pos, tf.onesLike(z), tf.fill(z.shape, 0.2))],
    ['relu6', (z: tf.Tensor) => tf.relu6(z.mul(4)), (z: tf.Tensor) => tf.where(tf.logicalAnd(tf.greater(z, 0), tf.less(z, 1.5)), tf.fill(z.shape, 4), tf.zerosLike(z))],
    ['selu', (z: tf.Tensor) => tf.selu(z), (z: tf.Tensor, pos: tf.Tensor) => tf.where(pos, tf.fill(z.shape, SELU.scale), tf.exp(z).mul(SELU.scale * SELU.alpha))],
  ] as const)('differentiates a %s gradient penalty', (_name, act, actPrime) => {
    tf.tidy(() => {
      const x = tf.randomNormal([5, 3], 0, 1, 'float32', 101);
      const w = tf.randomNormal([3, 4], 0, 1, 'float32', 102);
      const v = tf.randomNormal([1, 4], 0, 1, 'float32', 103);
      const penalty = (weights: tf.Tensor) => {
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(v, act(tf.matMul(t, weights as tf.Tensor2D)))))(x);
        return tf.sum(tf.square(g));
      };
      const pos = tf.greater(tf.matMul(x, w), 0);
      const reference = (weights: tf.Tensor) => {
        const z = tf.matMul(x, weights as tf.Tensor2D);
        const g = tf.matMul(tf.mul(v, actPrime(z, pos)), weights as tf.Tensor2D, false, true);
        return tf.sum(tf.square(g));
      };
      const got = tf.grad(penalty)(w);
      expect(maxAbsDiff(got, tf.grad(reference)(w))).toBeLessThan(1e-4);
      expect(tf.max(tf.abs(got)).dataSync()[0]).toBeGreaterThan(0);
    });
  });

  describe('with enableSecondOrderGradients', () => {
    beforeAll(() => enableSecondOrderGradients());
    afterAll(() => disableSecondOrderGradients());

    it.each([
      ['tanh', (t: tf.Tensor) => tf.tanh(t), (t: tf.Tensor) => tf.tanh(t).mul(-2).mul(tf.sub(1, tf.square(tf.tanh(t))))],
      ['sigmoid', (t: tf.Tensor) => tf.sigmoid(t), (t: tf.Tensor) => { const s = tf.sigmoid(t); return s.mul(tf.sub(1, s)).mul(tf.sub(1, s.mul(2))); }],
      ['exp', (t: tf.Tensor) => tf.exp(t), (t: tf.Tensor) => tf.exp(t)],
      ['elu', (t: tf.Tensor) => tf.elu(t), (t: tf.Tensor) => tf.where(tf.less(t, 0), tf.exp(t), tf.zerosLike(t))],
    ] as const)('gives the exact second derivative of %s', (_name, f, expected) => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const x = tf.tensor1d([-2, -0.7, -0.1, 0.3, 1.5, 2.5]);
        const second = tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => f(u).sum())(t).sum())(x);
        expect(maxAbsDiff(second, expected(x))).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });

    it('differentiates the gradient of softmax (central differences)', () => {
      tf.tidy(() => {
        const c = tf.tensor2d([[0.3, -1.2, 2.0, 0.5]]);
        const d = tf.tensor2d([[1.0, 0.4, -0.6, 0.2]]);
        const p = (x: tf.Tensor) => tf.sum(tf.mul(d, tf.grad((u: tf.Tensor) => tf.sum(tf.mul(c, tf.softmax(u))))(x)));
        const x = tf.tensor2d([[0.1, -0.4, 0.8, 0.2]]);
        const analytic = tf.grad(p)(x).dataSync();
        const eps = 1e-2;
        for (let i = 0; i < 4; i++) {
          const step = tf.oneHot([i], 4).mul(eps);
          const numeric = (p(x.add(step)).dataSync()[0] - p(x.sub(step)).dataSync()[0]) / (2 * eps);
          expect(Math.abs(analytic[i] - numeric)).toBeLessThan(2e-3);
        }
      });
    });

    it('restores tfjs-core gradients when disabled', () => {
      disableSecondOrderGradients();
      expect(tf.getGradient('Tanh')?.outputsToSave).toEqual([true]);
      enableSecondOrderGradients();
      expect(tf.getGradient('Tanh')?.inputsToSave).toEqual(['x']);
    });
  });

  it('differentiates AvgPoolGrad as the adjoint of average pooling', () => {
    tf.tidy(() => {
      const input = tf.randomNormal([2, 6, 5, 3], 0, 1, 'float32', 104) as tf.Tensor4D;
      const pooled = tf.avgPool(input, [3, 2], [2, 2], 'same');
      const u = tf.randomNormal(input.shape, 0, 1, 'float32', 105) as tf.Tensor4D;
      const attrs = { filterSize: [3, 2], strides: [2, 2], pad: 'same' };
      const g = tf.grad((dy: tf.Tensor) => tf.sum(tf.mul(u, tf.engine().runKernel('AvgPoolGrad', { dy, input }, attrs) as tf.Tensor)))(tf.onesLike(pooled));
      expect(maxAbsDiff(g, tf.avgPool(u, [3, 2], [2, 2], 'same'))).toBeLessThan(1e-5);
    });
  });

  it('differentiates DepthwiseConv2dNativeBackpropInput in dy and in the filter', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 106) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 3, 2], 0, 1, 'float32', 107) as tf.Tensor4D;
      const y = tf.depthwiseConv2d(x, w, 2, 'same');
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 108) as tf.Tensor4D;
      const u = tf.randomNormal(x.shape, 0, 1, 'float32', 109) as tf.Tensor4D;
      const attrs = { strides: [2, 2], pad: 'same', dilations: [1, 1], inputShape: x.shape };
      const f = (d: tf.Tensor, filter: tf.Tensor) => tf.sum(tf.mul(u, tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: d, filter }, attrs) as tf.Tensor));
      const [gDy, gW] = tf.grads(f)([dy, w]);
      expect(maxAbsDiff(gDy, tf.depthwiseConv2d(u, w, 2, 'same'))).toBeLessThan(1e-4);
      // <gW, v> must equal <dy, depthwiseConv(u, v)> for any v.
      const v = tf.randomNormal(w.shape, 0, 1, 'float32', 110) as tf.Tensor4D;
      // Both sides are float32 sums of products of either sign: their rounding error scales with
      // the sum of the magnitudes, not with the (possibly small) sum itself.
      const lhs = tf.sum(tf.mul(gW, v)).dataSync()[0];
      const products = tf.mul(dy, tf.depthwiseConv2d(u, v, 2, 'same'));
      const rhs = tf.sum(products).dataSync()[0];
      const magnitude = tf.sum(tf.abs(products)).dataSync()[0];
      expect(Math.abs(lhs - rhs) / Math.max(1, magnitude)).toBeLessThan(1e-5);
    });
  });
});
