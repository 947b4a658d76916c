import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import { disableSecondOrderGradients, enableSecondOrderGradients } from './second-order-gradients';

// One optimiser step of each model family on wasm must equal the same step on cpu, starting from
// the same weights: this is what proves the registered kernels are enough and right for training.
const L = tf.layers;

interface Family {
  build(): tf.LayersModel;
  data(): [tf.Tensor, tf.Tensor];
  loss: string;
}

/** Deterministic values, independent of the backend's random generators. */
function values(count: number, seed: number, scale = 0.3): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

function tensorLike(shape: number[], seed: number, scale?: number): tf.Tensor {
  return tf.tensor(values(shape.reduce((a, b) => a * b, 1), seed, scale), shape);
}

const FAMILIES: Record<string, Family> = {
  cnn: {
    build: () => tf.sequential({ layers: [
      L.conv2d({ inputShape: [8, 8, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      L.batchNormalization(),
      L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu' }),
      L.dropout({ rate: 0.3, seed: 7 }),
      L.flatten(),
      L.dense({ units: 3, activation: 'softmax' }),
    ] }),
    data: () => [tensorLike([4, 8, 8, 2], 1, 1), tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3)],
    loss: 'categoricalCrossentropy',
  },
  residual: {
    build: () => {
      const input = tf.input({ shape: [6, 6, 3] });
      const conv = L.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
      const norm = L.batchNormalization().apply(conv) as tf.SymbolicTensor;
      const sum = L.add().apply([norm, input]) as tf.SymbolicTensor;
      const act = L.leakyReLU().apply(sum) as tf.SymbolicTensor;
      const sep = L.separableConv2d({ filters: 2, kernelSize: 3, padding: 'same' }).apply(act) as tf.SymbolicTensor;
      const pooled = L.globalAveragePooling2d({}).apply(sep) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: L.dense({ units: 2, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor });
    },
    data: () => [tensorLike([3, 6, 6, 3], 2, 1), tf.tensor1d([0, 1, 1])],
    loss: 'sparseCategoricalCrossentropy',
  },
  lstm: {
    build: () => tf.sequential({ layers: [
      L.masking({ inputShape: [5, 3], maskValue: 0 }),
      L.lstm({ units: 4, returnSequences: true }),
      L.lstm({ units: 3 }),
      L.dense({ units: 1, activation: 'sigmoid' }),
    ] }),
    data: () => [tf.concat([tensorLike([3, 3, 3], 3, 1), tf.zeros([3, 2, 3])], 1), tf.tensor2d([[0], [1], [1]])],
    loss: 'binaryCrossentropy',
  },
  gruEmbedding: {
    build: () => tf.sequential({ layers: [
      L.embedding({ inputDim: 12, outputDim: 4, inputLength: 5, maskZero: true }),
      L.gru({ units: 4, returnSequences: true }),
      L.gru({ units: 3 }),
      L.dense({ units: 2, activation: 'softmax' }),
    ] }),
    data: () => [tf.tensor2d([[1, 2, 3, 0, 0], [4, 5, 6, 7, 11], [3, 3, 9, 0, 0]]), tf.oneHot(tf.tensor1d([0, 1, 1], 'int32'), 2)],
    loss: 'categoricalCrossentropy',
  },
};

function setSeededWeights(model: tf.LayersModel): void {
  // Batch-norm variances must stay positive; every other weight gets seeded values.
  const seeded = model.weights.map((w, i) => (w.name.includes('moving_variance') ? tf.ones(w.shape as number[]) : tensorLike(w.shape as number[], 100 + i)));
  model.setWeights(seeded);
  tf.dispose(seeded);
}

async function layersStep(backend: string, family: Family): Promise<{ loss: number; weights: Float32Array[] }> {
  await selectBackend({ forced: backend });
  const model = family.build();
  setSeededWeights(model);
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: family.loss });
  const [x, y] = tf.tidy(() => family.data());
  const loss = (await model.trainOnBatch(x, y)) as number;
  const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { loss, weights };
}

/** VAE step: reparameterisation with fixed noise, KL term, log/exp, log-softmax in the loss. */
function vaeStep(): Float32Array[] {
  const enc = tf.sequential({ layers: [L.dense({ inputShape: [6], units: 8, activation: 'tanh' }), L.dense({ units: 4 })] });
  const dec = tf.sequential({ layers: [L.dense({ inputShape: [2], units: 8, activation: 'softplus' }), L.dense({ units: 6 })] });
  for (const m of [enc, dec]) setSeededWeights(m);
  const x = tf.tidy(() => tf.sigmoid(tensorLike([5, 6], 4, 2)));
  const eps = tensorLike([5, 2], 5, 1);
  const optimizer = tf.train.adam(0.01);
  const loss = optimizer.minimize(() => {
    const h = enc.apply(x) as tf.Tensor2D;
    const mu = h.slice([0, 0], [-1, 2]);
    const logVar = h.slice([0, 2], [-1, 2]);
    const z = mu.add(tf.exp(logVar.mul(0.5)).mul(eps));
    const logits = dec.apply(z) as tf.Tensor2D;
    const reconstruction = tf.losses.sigmoidCrossEntropy(x, logits);
    const kl = tf.mean(tf.sum(tf.exp(logVar).add(tf.square(mu)).sub(logVar).sub(1).mul(0.5), 1));
    return reconstruction.add(kl).add(tf.mean(tf.logSoftmax(logits)).mul(-0.01)) as tf.Scalar;
  }, true) as tf.Scalar;
  const result = [loss, ...enc.getWeights(), ...dec.getWeights()].map((t) => t.dataSync() as Float32Array);
  tf.dispose([x, eps, loss]);
  for (const disposable of [optimizer, enc, dec]) disposable.dispose();
  return result;
}

/**
 * WGAN-GP critic step: the gradient penalty differentiates a gradient through convs, LeakyReLU,
 * ELU, average pooling, a depthwise conv, tanh and sigmoid (second-order gradients enabled).
 */
function wganStep(): Float32Array[] {
  const critic = tf.sequential({ layers: [
    L.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, strides: 2, padding: 'same' }),
    L.leakyReLU({ alpha: 0.2 }),
    L.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'elu' }),
    L.averagePooling2d({ poolSize: 2 }),
    L.depthwiseConv2d({ kernelSize: 2, activation: 'tanh' }),
    L.flatten(),
    L.dense({ units: 4, activation: 'sigmoid' }),
    L.dense({ units: 1 }),
  ] });
  setSeededWeights(critic);
  const real = tensorLike([3, 8, 8, 1], 6, 1);
  const fake = tensorLike([3, 8, 8, 1], 7, 1);
  const alpha = tf.tidy(() => tf.sigmoid(tensorLike([3, 1, 1, 1], 8, 2)));
  const optimizer = tf.train.adam(1e-3, 0.5, 0.9);
  const loss = optimizer.minimize(() => {
    const mixed = real.mul(alpha).add(fake.mul(tf.sub(1, alpha)));
    const g = tf.grad((t: tf.Tensor) => (critic.apply(t) as tf.Tensor).sum())(mixed);
    const penalty = tf.square(tf.sqrt(tf.sum(tf.square(g), [1, 2, 3]).add(1e-12)).sub(1)).mean();
    return (critic.apply(fake) as tf.Tensor).mean().sub((critic.apply(real) as tf.Tensor).mean()).add(penalty.mul(10)) as tf.Scalar;
  }, true) as tf.Scalar;
  const result = [loss, ...critic.getWeights()].map((t) => t.dataSync() as Float32Array);
  tf.dispose([real, fake, alpha, loss]);
  optimizer.dispose();
  critic.dispose();
  return result;
}

async function customStep(backend: string, step: () => Float32Array[]): Promise<Float32Array[]> {
  await selectBackend({ forced: backend });
  return step();
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-4);
}

describe('one training step on wasm equals the same step on cpu', () => {
  afterEach(() => disableSecondOrderGradients());
  afterAll(async () => {
    await selectBackend({ forced: 'cpu' });
  });

  it.each(Object.keys(FAMILIES))('%s', async (name) => {
    const family = FAMILIES[name];
    const cpu = await layersStep('cpu', family);
    const wasm = await layersStep('wasm', family);
    // A second run must not add tensors (the first may create tfjs-layers' cached constants).
    const before = tf.memory().numTensors;
    await layersStep('wasm', family);
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(wasm.loss)).toBe(true);
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-4);
    expect(wasm.weights).toHaveLength(cpu.weights.length);
    wasm.weights.forEach((w, i) => expectClose(w, cpu.weights[i]));
  });

  it.each([['vae', vaeStep], ['wgan-gp', wganStep]] as const)('%s', async (name, step) => {
    if (name === 'wgan-gp') enableSecondOrderGradients();
    const cpu = await customStep('cpu', step);
    const wasm = await customStep('wasm', step);
    const before = tf.memory().numTensors;
    await customStep('wasm', step);
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm).toHaveLength(cpu.length);
    wasm.forEach((w, i) => expectClose(w, cpu[i]));
  });
});
