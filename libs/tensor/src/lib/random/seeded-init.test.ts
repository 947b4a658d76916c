import * as tf from '@tensorflow/tfjs';
import { reinitializeWeights, seededInitializers } from './seeded-init';

function buildModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: 3, inputShape: [4, 2], unitForgetBias: true }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return model;
}

function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

describe('seeded initialisation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reinitializeWeights gives identical weights for one seed and different ones for another', () => {
    const a = buildModel();
    const b = buildModel();
    const before = tf.memory().numTensors;
    reinitializeWeights(a, { seed: 11 });
    reinitializeWeights(b, { seed: 11 });
    expect(tf.memory().numTensors).toBe(before);
    expect(weightsOf(a)).toEqual(weightsOf(b));
    reinitializeWeights(b, { seed: 12 });
    expect(weightsOf(a)).not.toEqual(weightsOf(b));
    a.dispose();
    b.dispose();
  });

  it('keeps each layer’s initializer kind: zero biases, unit forget bias, unit gamma', () => {
    const model = buildModel();
    reinitializeWeights(model, { seed: 3 });
    const lstmBias = model.layers[0].weights.find((w) => w.originalName.endsWith('/bias'))!;
    expect(Array.from(lstmBias.read().dataSync())).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const byName = new Map(model.layers[1].weights.map((w) => [w.originalName.split('/').pop(), w.read().dataSync()]));
    expect(Array.from(byName.get('gamma')!)).toEqual([1, 1, 1]);
    expect(Array.from(byName.get('moving_variance')!)).toEqual([1, 1, 1]);
    model.dispose();
  });

  it('seededInitializers builds reproducible layers', () => {
    const build = (seed: number): tf.LayersModel => {
      const init = seededInitializers(seed);
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 4, inputShape: [3], kernelInitializer: init.heNormal() }));
      m.add(tf.layers.dense({ units: 2, kernelInitializer: init.glorotUniform() }));
      return m;
    };
    const [a, b, c] = [build(1), build(1), build(2)];
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)).not.toEqual(weightsOf(c));
    for (const m of [a, b, c]) m.dispose();
  });
});
