import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import { createRng } from '../random/rng';
import { FusedGRU, FusedLSTM, fusedPathBlocker, gruLayer, lstmLayer } from './fused-layers';

// The fused layers against tfjs-layers' own LSTM and GRU with the same weights: outputs, and the
// gradients of a weighted sum of the outputs with respect to the input, the initial state and every
// weight. A seeded generator makes a failure reproduce.
const rng = createRng(0x2545f491);
const uniform = (): number => rng.next();
const random = (shape: number[], scale = 1): tf.Tensor => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (uniform() * 2 - 1) * scale), shape);

type Cell = 'lstm' | 'gru';
interface Case {
  cell: Cell;
  gate: 'sigmoid' | 'hardSigmoid';
  returnSequences: boolean;
  masked: boolean;
  initialState: boolean;
  returnState?: boolean;
}

const B = 3, T = 7, F = 4, H = 5;

function layers(c: Case): [tf.layers.Layer, tf.layers.Layer] {
  const args = { units: H, recurrentActivation: c.gate, returnSequences: c.returnSequences, returnState: c.returnState ?? false };
  const stock = c.cell === 'lstm' ? tf.layers.lstm(args) : tf.layers.gru(args);
  const fused = c.cell === 'lstm' ? lstmLayer(args) : gruLayer(args);
  const x = tf.zeros([1, T, F]);
  stock.apply(x);
  fused.apply(x);
  // Weights large enough to use the hard sigmoid's clipped ends too.
  fused.setWeights(stock.getWeights().map((w) => random(w.shape, 0.9)));
  stock.setWeights(fused.getWeights());
  return [stock, fused];
}

function maxRelativeDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.abs(a.sub(b)).max().dataSync()[0] / Math.max(tf.abs(a).max().dataSync()[0], 1e-6));
}

function compare(c: Case): void {
  const [stock, fused] = layers(c);
  const x = random([B, T, F], 2);
  // Sequences 1 and 2 end in padding; sequence 2 also has a gap.
  const mask = c.masked ? tf.tensor2d([[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 1, 0, 0]], [B, T], 'bool') : undefined;
  const states = c.initialState ? (c.cell === 'lstm' ? [random([B, H]), random([B, H])] : [random([B, H])]) : undefined;
  const run = (layer: tf.layers.Layer, xs: tf.Tensor, s: tf.Tensor[] | undefined): tf.Tensor[] => {
    const out = layer.call(xs, { mask, initialState: s, training: false });
    return Array.isArray(out) ? out : [out];
  };
  const expected = run(stock, x, states);
  const actual = run(fused, x, states);
  expect(actual.map((t) => t.shape)).toEqual(expected.map((t) => t.shape));
  expected.forEach((e, k) => expect(maxRelativeDifference(actual[k], e)).toBeLessThan(1e-5));
  const weights = expected.map((e) => random(e.shape));
  const loss = (layer: tf.layers.Layer) => (xs: tf.Tensor, ...s: tf.Tensor[]) =>
    run(layer, xs, s.length ? s : undefined).reduce((sum, out, k) => sum.add(out.mul(weights[k]).sum()), tf.scalar(0)) as tf.Scalar;
  const gradients = (layer: tf.layers.Layer) => {
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const inputs = [x, ...(states ?? [])];
    const { grads } = tf.variableGrads(() => loss(layer)(inputs[0], ...inputs.slice(1)), vars);
    return [...tf.grads(loss(layer))(inputs), ...vars.map((v) => grads[v.name])];
  };
  const expectedGrads = gradients(stock);
  const actualGrads = gradients(fused);
  expect(actualGrads).toHaveLength(expectedGrads.length);
  expectedGrads.forEach((e, k) => {
    const diff = maxRelativeDifference(actualGrads[k], e);
    if (!(diff < 1e-4)) throw new Error(`${JSON.stringify(c)}: gradient ${k} differs by ${diff}`);
  });
}

const CASES: Case[] = [
  { cell: 'lstm', gate: 'sigmoid', returnSequences: false, masked: false, initialState: false },
  { cell: 'lstm', gate: 'hardSigmoid', returnSequences: true, masked: false, initialState: true },
  { cell: 'lstm', gate: 'hardSigmoid', returnSequences: false, masked: true, initialState: false },
  { cell: 'lstm', gate: 'sigmoid', returnSequences: true, masked: true, initialState: false },
  { cell: 'gru', gate: 'hardSigmoid', returnSequences: false, masked: false, initialState: false },
  { cell: 'gru', gate: 'sigmoid', returnSequences: true, masked: false, initialState: true, returnState: true },
  { cell: 'gru', gate: 'hardSigmoid', returnSequences: false, masked: true, initialState: true },
  { cell: 'gru', gate: 'sigmoid', returnSequences: true, masked: true, initialState: false },
];

describe.each(['cpu', 'wasm'])('fused recurrent layers on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend({ forced: backend });
  });
  afterAll(() => tf.setBackend('cpu'));

  it.each(CASES)('equal tfjs-layers in outputs and gradients: %j', (c) => {
    tf.tidy(() => compare(c));
  });
});

describe('fused recurrent layers', () => {
  beforeAll(async () => {
    await selectBackend({ forced: 'cpu' });
  });

  it('leaves no tensors behind after a training step', () => {
    const layer = gruLayer({ units: H, returnSequences: true });
    layer.apply(tf.zeros([1, T, F]));
    const x = random([B, T, F]);
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const optimizer = tf.train.sgd(0.1);
    const step = () => optimizer.minimize(() => (layer.call(x, { training: true }) as tf.Tensor).square().mean() as tf.Scalar, false, vars);
    step();
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    x.dispose();
  });

  it('applies input dropout only in training, one mask per sequence for every step', () => {
    const layer = lstmLayer({ units: H, dropout: 0.5, recurrentActivation: 'sigmoid' });
    layer.apply(tf.zeros([1, T, F]));
    // Constant input: with one mask per sequence, training outputs equal the inference outputs of
    // the same input times that mask, which is 0 or 2 per feature.
    const x = tf.ones([64, T, F]);
    const inference = layer.call(x, { training: false }) as tf.Tensor;
    expect(maxRelativeDifference(layer.call(x, {}) as tf.Tensor, inference)).toBe(0);
    const trained = layer.call(x, { training: true }) as tf.Tensor;
    expect(maxRelativeDifference(trained, inference)).toBeGreaterThan(1e-3);
    const dropped = tf.tidy(() => {
      const keep = tf.stack(Array.from({ length: 16 }, (_, m) => tf.tensor1d([0, 1, 2, 3].map((f) => ((m >> f) & 1) * 2)))) as tf.Tensor2D;
      return layer.call(tf.ones([16, 1, F]).mul(keep.reshape([16, 1, F])).tile([1, T, 1]), { training: false }) as tf.Tensor;
    });
    const candidates = dropped.arraySync() as number[][];
    for (const row of trained.arraySync() as number[][]) {
      const nearest = Math.min(...candidates.map((c) => Math.max(...c.map((v, k) => Math.abs(v - row[k])))));
      expect(nearest).toBeLessThan(1e-5);
    }
  });

  it('serialises as LSTM and GRU, loadable by tfjs-layers, and JSON models load as the fused classes', async () => {
    const model = tf.sequential({ layers: [lstmLayer({ units: H, inputShape: [T, F] }), tf.layers.dense({ units: 1 })] });
    const json = model.toJSON(undefined, false) as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers[0].class_name).toBe('LSTM');
    const artifacts: tf.io.ModelArtifacts = await new Promise((resolve) => {
      void model.save(tf.io.withSaveHandler(async (a) => {
        resolve(a);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
    });
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(loaded.layers[0]).toBeInstanceOf(FusedLSTM);
    const x = random([2, T, F]);
    expect(maxRelativeDifference(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)).toBe(0);
    expect(gruLayer({ units: 2 })).toBeInstanceOf(FusedGRU);
  });

  it('names the settings that need the step loop, and still computes them', () => {
    const backwards = lstmLayer({ units: H, goBackwards: true });
    expect(fusedPathBlocker(backwards as never, 'lstm')).toBe('goBackwards');
    expect(fusedPathBlocker(gruLayer({ units: H, recurrentDropout: 0.2 }) as never, 'gru')).toBe('recurrentDropout');
    expect(fusedPathBlocker(lstmLayer({ units: H, activation: 'relu' }) as never, 'lstm')).toBe('activation relu');
    expect(fusedPathBlocker(lstmLayer({ units: H }) as never, 'lstm')).toBeNull();
    const stock = tf.layers.lstm({ units: H, goBackwards: true });
    const x = random([B, T, F]);
    stock.apply(x);
    backwards.apply(x);
    backwards.setWeights(stock.getWeights());
    expect(maxRelativeDifference(backwards.apply(x) as tf.Tensor, stock.apply(x) as tf.Tensor)).toBeLessThan(1e-6);
  });
});
