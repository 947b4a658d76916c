import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../random/rng';

/** Two Gaussian blobs in 2-D, `positives` of `n` in class 1, centres `gap` apart. Test data only. */
export function blobs(options: { n: number; positives: number; gap: number; seed: number }): { x: Float32Array; y: Int32Array } {
  const rng = createRng(options.seed);
  const x = new Float32Array(options.n * 2);
  const y = new Int32Array(options.n);
  for (let i = 0; i < options.n; i++) {
    y[i] = i < options.positives ? 1 : 0;
    const shift = y[i] === 1 ? options.gap / 2 : -options.gap / 2;
    x[2 * i] = shift + rng.normal();
    x[2 * i + 1] = shift + rng.normal();
  }
  return { x, y };
}

export function tinyClassifier(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
  return model;
}
