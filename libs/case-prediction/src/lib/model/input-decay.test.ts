import { ErrorCode } from '@pmed/core';
import { reinitializeWeights, selectBackend, tf } from '@pmed/tensor';
import { syntheticStays } from '../__fixtures__/synthetic-stays';
import { deserializeCaseModel, serializeCaseModel } from './artifact';
import { riskModelMembers } from './ensemble';
import { InputDecay } from './input-decay';
import { scoreTimelines } from './predict';
import { buildRiskModel, PAD_VALUE } from './risk-model';
import { trainCaseModel } from './train';

beforeAll(async () => {
  await selectBackend({ forced: 'wasm' });
});

describe('InputDecay (GRU-D input decay)', () => {
  it('fades only unobserved values, by exp(-max(0, w*delta + b)) per variable, and passes masks and deltas through', () => {
    const layer = new InputDecay({ variables: 2 });
    // One stay, two steps, [v1, v2, m1, m2, d1, d2].
    const x = tf.tensor3d([[[1.5, -2, 1, 0, 0, 0.5], [1.5, -2, 0, 0, 0.25, 0.75]]]);
    layer.apply(x);
    layer.setWeights([tf.tensor1d([2, 4]), tf.tensor1d([0, -1])]);
    const out = (layer.apply(x) as tf.Tensor).arraySync() as number[][][];
    const g = (w: number, d: number, b: number): number => Math.exp(-Math.max(0, w * d + b));
    const expected = [
      [1.5, -2 * g(4, 0.5, -1), 1, 0, 0, 0.5],
      [1.5 * g(2, 0.25, 0), -2 * g(4, 0.75, -1), 0, 0, 0.25, 0.75],
    ];
    out[0].forEach((row, s) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[s][c], 6)));
    // v2 at step 1: 4 * 0.5 - 1 = 1 > 0, so it decays; a negative w*d + b leaves the value as it was.
    expect(out[0][0][1]).toBeCloseTo(-2 * Math.exp(-1), 6);
    tf.dispose(x);
    layer.dispose();
  });

  it('starts at w = 1, b = 0 and gets gradients for both, so the decay is learned', () => {
    const layer = new InputDecay({ variables: 1 });
    const x = tf.tensor3d([[[2, 0, 0.5]]]);
    layer.apply(x);
    const [w, b] = layer.getWeights().map((t) => t.dataSync()[0]);
    expect([w, b]).toEqual([1, 0]);
    const variables = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, variables);
    // Output: 2 * exp(-relu(w * 0.5 + b)) + 0 + 0.5; d/dw = -0.5 * 2 e^-0.5, d/db = -2 e^-0.5.
    expect(value.dataSync()[0]).toBeCloseTo(2 * Math.exp(-0.5) + 0.5, 5);
    const [dw, db] = variables.map((v) => grads[v.name].dataSync()[0]);
    expect(dw).toBeCloseTo(-2 * 0.5 * Math.exp(-0.5), 5);
    expect(db).toBeCloseTo(-2 * Math.exp(-0.5), 5);
    tf.dispose([x, value, ...Object.values(grads)]);
    layer.dispose();
  });

  it('is re-initialised to its own start (w = 1, b = 0) by the seeded re-initialisation training uses', () => {
    const model = buildRiskModel({ steps: 3, channels: 6, staticWidth: 2 }, { cell: 'gru', units: 2, hidden: 0, dropout: 0, masking: false, outputs: 1, inputDecay: true });
    const decay = model.getLayer('input_decay');
    decay.setWeights([tf.tensor1d([5, 5]), tf.tensor1d([3, 3])]);
    reinitializeWeights(model, { seed: 9 });
    expect(decay.getWeights().map((t) => Array.from(t.dataSync()))).toEqual([
      [1, 1],
      [0, 0],
    ]);
    model.dispose();
  });

  it('with the padding mask, a padded step of a shorter stay is still skipped behind the decay', () => {
    const config = { cell: 'gru' as const, units: 3, hidden: 0, dropout: 0, masking: true, outputs: 1, inputDecay: true };
    const three = buildRiskModel({ steps: 3, channels: 6, staticWidth: 2 }, config);
    const two = buildRiskModel({ steps: 2, channels: 6, staticWidth: 2 }, config);
    // Non-zero biases everywhere: the masking layer zeroes a padded row, and a GRU with zero biases
    // would pass a zero row through unchanged, mask or not.
    three.setWeights(three.getWeights().map((w, k) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 100 + k)));
    two.setWeights(three.getWeights());
    const a = [0.5, -1, 1, 0, 0, 0.25];
    const b = [0.7, -1, 1, 0, 0, 0.5];
    const statics = [1, 0.3, 0, 0, 0, 0];
    const pad = new Array(6).fill(PAD_VALUE);
    const padded = tf.tensor3d([[pad, a, b, statics]]);
    const short = tf.tensor3d([[a, b, statics]]);
    const risk = (m: tf.LayersModel, x: tf.Tensor): number => (m.predict(x) as tf.Tensor).dataSync()[0];
    // Without the mask the GRU would read the padded row's decayed -1e4 values and saturate.
    expect(risk(three, padded)).toBeCloseTo(risk(two, short), 6);
    tf.dispose([padded, short]);
    three.dispose();
    two.dispose();
  });

  it('names a wrong channel count', () => {
    expect(() => new InputDecay({ variables: 0 })).toThrow(/variables: must be a positive integer/);
    const model = (): tf.LayersModel => buildRiskModel({ steps: 4, channels: 7, staticWidth: 2 }, { cell: 'gru', units: 2, hidden: 0, dropout: 0, masking: false, outputs: 1, inputDecay: true });
    expect(model).toThrow(/inputDecay: needs value, mask and delta channels per variable \(a multiple of 3\), got 7/);
    expect(() => buildRiskModel({ steps: 4, channels: 6, staticWidth: 2 }, { cell: 'gru', units: 2, hidden: 0, dropout: 0, masking: false, outputs: 1, inputDecay: 'yes' as unknown as boolean })).toThrow(/inputDecay: must be true or false/);
  });

  it('trains inside an ensemble of risk networks, learns the decay, and round-trips through the artifact', async () => {
    const hours = 10;
    const stays = syntheticStays({ count: 48, hours, seed: 11 });
    const trained = await trainCaseModel({
      outcome: 'deteriorated',
      timelines: stays,
      features: { hours },
      model: { cell: 'gru', units: 4, hidden: 4, dropout: 0.1, inputDecay: true, ensembleSize: 2 },
      epochs: 4,
      batchSize: 16,
      learningRate: 0.03,
      seed: 5,
      patience: 0,
    });
    try {
      expect(riskModelMembers(trained.model)).toBe(2);
      const decays = trained.model.layers.filter((l) => l.getClassName() === 'PmedInputDecay');
      expect(decays).toHaveLength(2);
      // Training moved the decay weights away from their start (w = 1, b = 0).
      const moved = decays.flatMap((l) => l.getWeights().flatMap((t, k) => Array.from(t.dataSync(), (v) => Math.abs(v - (k === 0 ? 1 : 0)))));
      expect(Math.max(...moved)).toBeGreaterThan(1e-3);
      const blob = await serializeCaseModel(trained);
      const loaded = await deserializeCaseModel(blob.bytes, { expectedSha256: blob.sha256 });
      try {
        expect(loaded.config.inputDecay).toBe(true);
        expect(scoreTimelines(loaded, stays.slice(0, 5))).toEqual(scoreTimelines(trained, stays.slice(0, 5)));
      } finally {
        loaded.model.dispose();
      }
    } finally {
      trained.model.dispose();
    }
    await expect(trainCaseModel({ outcome: 'deteriorated', timelines: stays, features: { hours }, model: { inputDecay: 1 as unknown as boolean }, epochs: 1, seed: 5 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  }, 60000);
});
