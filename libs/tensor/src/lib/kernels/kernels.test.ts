import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './register';

// Every registered kernel against the cpu backend's own kernel on fresh random inputs.
type Input = { shape: number[]; values: number[]; dtype?: 'float32' | 'int32' };
type Attrs = Record<string, unknown>;

// A seeded generator (mulberry32), so a failure reproduces run after run.
let state = 0x9e3779b9;
function uniform(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const random = (shape: number[]): Input => ({ shape, values: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => uniform() * 2 - 1) });

function runOn(backend: string, kernel: string, inputs: Record<string, Input>, attrs: Attrs): Float32Array | Int32Array {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const ts = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape, v.dtype ?? 'float32')]));
    const out = tf.engine().runKernel(kernel, ts, attrs as tf.NamedAttrMap) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

function wasmDataIds(): number {
  return tf.engine().findBackend('wasm').numDataIds();
}

function expectMatchesCpu(kernel: string, inputs: Record<string, Input>, attrs: Attrs): void {
  const expected = runOn('cpu', kernel, inputs, attrs);
  const tensorsBefore = tf.memory().numTensors;
  runOn('wasm', kernel, inputs, attrs);
  const idsBefore = wasmDataIds();
  const actual = runOn('wasm', kernel, inputs, attrs);
  // Intermediates inside the composed kernel must all be freed.
  expect(wasmDataIds()).toBe(idsBefore);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  const err = relativeError(actual, expected);
  if (!(err < 1e-5)) throw new Error(`${kernel} ${JSON.stringify(attrs)} shapes ${Object.values(inputs).map((i) => `[${i.shape}]`)}: relative error ${err}`);
}

function outShape(op: () => tf.Tensor): number[] {
  tf.setBackend('cpu');
  return tf.tidy(() => op().shape);
}

const PADS: (string | number[][])[] = ['same', 'valid', [[0, 0], [1, 2], [2, 0], [0, 0]]];

describe('wasm training kernels', () => {
  beforeAll(async () => {
    await selectBackend({ forced: 'wasm' });
  });
  afterAll(() => tf.setBackend('cpu'));

  it('registers idempotently and lists what it registered', () => {
    const first = registerWasmTrainingKernels();
    expect(registerWasmTrainingKernels()).toEqual(first);
    expect(first).toEqual(WASM_TRAINING_KERNELS.map((k) => k.kernelName));
    expect(first).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'UnsortedSegmentSum', 'DepthwiseConv2dNativeBackpropInput']));
    for (const name of first) expect(tf.getKernel(name, 'wasm')).toBeDefined();
  });

  describe.each([1, 2])('Conv2D gradients, stride %i', (stride) => {
    // Input channels 1 and 3 take the im2col path, 6 the dilated-conv path.
    it.each(PADS.map((p) => [JSON.stringify(p), p]))('padding %s', (_name, pad) => {
      for (const [n, h, w, ci, co, kh, kw] of [[2, 7, 8, 1, 4, 3, 3], [1, 9, 6, 3, 5, 2, 3], [3, 6, 6, 6, 2, 3, 1], [2, 5, 7, 6, 7, 5, 5]]) {
        const x = random([n, h, w, ci]);
        const filter = random([kh, kw, ci, co]);
        const attrs = { strides: stride, pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
        const yShape = outShape(() => tf.conv2d(tf.tensor4d(x.values, x.shape as [number, number, number, number]), tf.tensor4d(filter.values, filter.shape as [number, number, number, number]), stride, pad as 'same'));
        if (yShape.some((d) => d <= 0)) continue;
        const dy = random(yShape);
        expectMatchesCpu('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape });
        expectMatchesCpu('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape });
      }
    });
  });

  it.each([[1, 'same'], [2, 'same'], [1, 'valid'], [2, 'valid']] as const)('depthwise conv gradients, stride %i, %s', (stride, pad) => {
    for (const [n, h, w, c, m, k] of [[2, 7, 8, 3, 1, 3], [1, 9, 9, 2, 2, 2], [2, 6, 5, 4, 3, 3]]) {
      const x = random([n, h, w, c]);
      const filter = random([k, k, c, m]);
      const yShape = outShape(() => tf.depthwiseConv2d(tf.tensor4d(x.values, x.shape as [number, number, number, number]), tf.tensor4d(filter.values, filter.shape as [number, number, number, number]), stride, pad));
      const dy = random(yShape);
      const attrs = { strides: stride, dilations: 1, pad, dimRoundingMode: undefined };
      expectMatchesCpu('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape });
      expectMatchesCpu('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape });
    }
  });

  it.each(['same', 'valid'] as const)('dilated depthwise gradients are the adjoints of the forward op (%s)', (pad) => {
    // The cpu backprop kernels ignore dilation (tfjs gradients never pass it), so the reference
    // is <dW, v> = <dy, conv(x, v)> and <dx, u> = <dy, conv(u, W)> with the forward op.
    tf.setBackend('wasm');
    tf.tidy(() => {
      const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 101) as tf.Tensor4D;
      const w = tf.randomNormal([3, 2, 3, 2], 0, 1, 'float32', 102) as tf.Tensor4D;
      const conv = (input: tf.Tensor4D, filter: tf.Tensor4D) => tf.depthwiseConv2d(input, filter, 1, pad, 'NHWC', 2);
      const dy = tf.randomNormal(conv(x, w).shape, 0, 1, 'float32', 103);
      const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: 1, dilations: 2, pad, filterShape: w.shape }) as tf.Tensor4D;
      const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { strides: 1, dilations: 2, pad, inputShape: x.shape }) as tf.Tensor4D;
      const v = tf.randomNormal(w.shape, 0, 1, 'float32', 104) as tf.Tensor4D;
      const u = tf.randomNormal(x.shape, 0, 1, 'float32', 105) as tf.Tensor4D;
      // Each side is a float32 sum of many products of either sign, so its rounding error scales
      // with the sum of their magnitudes, not with the (possibly small) sum itself.
      const pairs = [
        [tf.sum(tf.mul(dw, v)), tf.sum(tf.mul(dy, conv(x, v))), tf.sum(tf.abs(tf.mul(dy, conv(x, v))))],
        [tf.sum(tf.mul(dx, u)), tf.sum(tf.mul(dy, conv(u, w))), tf.sum(tf.abs(tf.mul(dy, conv(u, w))))],
      ];
      for (const [lhs, rhs, magnitude] of pairs) {
        const [a, b, scale] = [lhs!.dataSync()[0]!, rhs!.dataSync()[0]!, magnitude!.dataSync()[0]!];
        expect(Math.abs(a - b) / Math.max(scale, 1)).toBeLessThan(1e-5);
      }
    });
  });

  it.each([
    [[2, 2], [2, 2], 'valid'], [[2, 2], [2, 2], 'same'], [[3, 3], [2, 2], 'same'], [[3, 2], [1, 1], 'valid'], [[2, 3], [2, 1], 'same'],
  ] as const)('MaxPoolGrad window %j stride %j %s, ties going to the first maximum', (filterSize, strides, pad) => {
    for (const shape of [[2, 7, 6, 3], [1, 8, 8, 5]]) {
      // Many exact ties, as after a ReLU.
      const input = { shape, values: random(shape).values.map((v) => Math.max(0, Math.round(v * 3))) };
      const output = outShape(() => tf.maxPool(tf.tensor4d(input.values, shape as [number, number, number, number]), filterSize as [number, number], strides as [number, number], pad));
      tf.setBackend('cpu');
      const pooled = tf.tidy(() => Array.from(tf.maxPool(tf.tensor4d(input.values, shape as [number, number, number, number]), filterSize as [number, number], strides as [number, number], pad).dataSync()));
      expectMatchesCpu('MaxPoolGrad', { dy: random(output), input, output: { shape: output, values: pooled } }, { filterSize, strides, pad, dimRoundingMode: undefined });
    }
  });

  it.each([[false, false], [true, false], [false, true], [true, true]])('BatchMatMul transposeA=%s transposeB=%s', (transposeA, transposeB) => {
    for (const [batch, m, k, n] of [[1, 5, 7, 3], [3, 40, 2, 9], [2, 1, 33, 64]]) {
      const a = random(transposeA ? [batch, k, m] : [batch, m, k]);
      const b = random(transposeB ? [batch, n, k] : [batch, k, n]);
      expectMatchesCpu('BatchMatMul', { a, b }, { transposeA, transposeB });
    }
    const a = random(transposeA ? [6, 4] : [4, 6]);
    const b = random(transposeB ? [3, 2, 6] : [3, 6, 2]);
    expectMatchesCpu('BatchMatMul', { a, b }, { transposeA, transposeB });
  });

  it('UnsortedSegmentSum, including ids out of range and rank-3 data', () => {
    const x = random([6, 3]);
    expectMatchesCpu('UnsortedSegmentSum', { x, segmentIds: { shape: [6], values: [0, 2, 0, 4, 9, -1], dtype: 'int32' } }, { numSegments: 5 });
    const x3 = random([2, 3, 4]);
    expectMatchesCpu('UnsortedSegmentSum', { x: x3, segmentIds: { shape: [2], values: [2, 2], dtype: 'int32' } }, { numSegments: 3 });
    const xi = { shape: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8], dtype: 'int32' as const };
    expectMatchesCpu('UnsortedSegmentSum', { x: xi, segmentIds: { shape: [4], values: [1, 0, 1, 1], dtype: 'int32' } }, { numSegments: 2 });
  });

  it('UnsortedSegmentSum refuses ids that do not match the data', () => {
    tf.setBackend('wasm');
    expect(() => tf.engine().runKernel('UnsortedSegmentSum', { x: tf.zeros([4, 2]), segmentIds: tf.tensor1d([0, 1], 'int32') }, { numSegments: 2 })).toThrow(/must prefix x shape/);
  });

  it.each([
    [[7, 5], [2, 0], [3, 5]],
    [[7, 5], [1, 2], [4, 2]],
    [[4, 3, 6], [1, 0, 0], [2, 3, 6]],
    [[4, 3, 6], [0, 1, 2], [4, 2, 3]],
    [[2, 3, 4, 5], [1, 1, 0, 2], [1, 2, 4, 3]],
    [[2, 3, 2, 2, 3], [0, 1, 1, 0, 1], [2, 2, 1, 2, 2]],
    [[5], [1], [3]],
    [[3, 4], [1, 1], [0, 2]],
  ])('Slice of %j from %j, size %j, read in place', (shape, begin, size) => {
    expectMatchesCpu('Slice', { x: random(shape) }, { begin, size });
    const ints = { shape, values: random(shape).values.map((v) => Math.round(v * 100)), dtype: 'int32' as const };
    expectMatchesCpu('Slice', { x: ints }, { begin, size });
  });

  it('Identity shares the data instead of copying it, and frees it with the last reference', () => {
    tf.setBackend('wasm');
    const backend = tf.engine().findBackend('wasm');
    const ids = backend.numDataIds();
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const copy = tf.clone(x);
    expect(backend.numDataIds()).toBe(ids + 1);
    expect(copy.dataId).toBe(x.dataId);
    x.dispose();
    expect(copy.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tf.tidy(() => copy.add(1).arraySync())).toEqual([[2, 3, 4], [5, 6, 7]]);
    copy.dispose();
    expect(backend.numDataIds()).toBe(ids);
    const words = tf.tensor1d(['a', 'b']);
    expect(tf.clone(words).arraySync()).toEqual(['a', 'b']);
    words.dispose();
  });

  it('Unpack and SplitV on every axis equal the cpu backend, and strings still slice', () => {
    const x = random([3, 4, 5]);
    const on = (backend: string, op: (t: tf.Tensor) => tf.Tensor[]): number[][] => {
      tf.setBackend(backend);
      return tf.tidy(() => op(tf.tensor(x.values, x.shape)).map((t) => [...t.shape, ...t.dataSync()]));
    };
    for (const axis of [0, 1, 2, -1]) {
      expect(on('wasm', (t) => tf.unstack(t, axis))).toEqual(on('cpu', (t) => tf.unstack(t, axis)));
      expect(on('wasm', (t) => tf.split(t, [1, t.shape.at(axis)! - 1], axis))).toEqual(on('cpu', (t) => tf.split(t, [1, t.shape.at(axis)! - 1], axis)));
    }
    expect(on('wasm', (t) => tf.split(t, 5, 2))).toEqual(on('cpu', (t) => tf.split(t, 5, 2)));
    tf.setBackend('wasm');
    const words = tf.tensor2d([['a', 'b'], ['c', 'd']]);
    expect(tf.slice(words, [1, 0], [1, 2]).arraySync()).toEqual([['c', 'd']]);
    expect(tf.unstack(words).map((t) => t.arraySync())).toEqual([['a', 'b'], ['c', 'd']]);
    words.dispose();
  });

  it.each([
    [[1, 1, 1, 5], [2, 3, 4, 1]],
    [[2, 3], [3, 2]],
    [[4], [3]],
    [[2, 1, 3], [1, 4, 1]],
    [[3, 2, 2, 2], [1, 1, 1, 1]],
    [[2, 2, 1, 3, 2], [2, 1, 3, 1, 2]],
  ])('Tile of a %j input by %j equals the cpu backend, for float32 and int32', (shape, reps) => {
    expectMatchesCpu('Tile', { x: random(shape) }, { reps });
    const ints = { shape, values: random(shape).values.map((v) => Math.round(v * 100)), dtype: 'int32' as const };
    expectMatchesCpu('Tile', { x: ints }, { reps });
  });

  it('Tile of bool tensors, scalars and empty tensors, and its gradient through batch normalisation', () => {
    const on = (backend: string, op: () => tf.Tensor): unknown => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const t = op();
        return [t.shape, t.dtype, Array.from(t.dataSync())];
      });
    };
    const cases = [
      () => tf.tile(tf.tensor2d([[true, false]], [1, 2], 'bool'), [3, 2]),
      () => tf.tile(tf.zeros([0, 2]), [3, 1]),
      () => tf.tile(tf.tensor1d([1.5, -2]), [0]),
      () => tf.tile(tf.scalar(3), []),
    ];
    for (const op of cases) expect(on('wasm', op)).toEqual(on('cpu', op));
    // Batch normalisation's gradient tiles per-channel vectors over the activation.
    const x = random([2, 3, 3, 4]);
    const grads = (backend: string): Float32Array[] => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const xs = tf.tensor(x.values, x.shape);
        const f = (input: tf.Tensor, scale: tf.Tensor) => {
          const { mean, variance } = tf.moments(input, [0, 1, 2]);
          const normalised = tf.batchNorm(input as tf.Tensor4D, mean as tf.Tensor1D, variance as tf.Tensor1D, tf.tensor1d([0.1, 0, -0.2, 0.3]), scale as tf.Tensor1D, 1e-3);
          return tf.sum(tf.mul(normalised, tf.range(0, 72).reshape([2, 3, 3, 4])));
        };
        return tf.grads(f)([xs, tf.tensor1d([1, 0.5, 2, -1])]).map((g) => g.dataSync() as Float32Array);
      });
    };
    const [wasmGrads, cpuGrads] = [grads('wasm'), grads('cpu')];
    wasmGrads.forEach((g, i) => expect(relativeError(g, cpuGrads[i])).toBeLessThan(1e-5));
  });
});
