import * as tf from '@tensorflow/tfjs';
import { badInput } from '@pmed/core';
import { createRng, type Rng } from './rng';

// tfjs does not export its Initializer class by name.
export type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** tfjs initializers whose randomness comes from the given seed, one derived seed per call. */
export interface SeededInitializers {
  glorotUniform(): Initializer;
  glorotNormal(): Initializer;
  heNormal(): Initializer;
  heUniform(): Initializer;
  leCunNormal(): Initializer;
  orthogonal(gain?: number): Initializer;
  randomNormal(options?: { mean?: number; stddev?: number }): Initializer;
  truncatedNormal(options?: { mean?: number; stddev?: number }): Initializer;
  randomUniform(options?: { minval?: number; maxval?: number }): Initializer;
}

/**
 * Initializers for building layers reproducibly: `tf.layers.dense({ kernelInitializer: init.glorotUniform() })`.
 * Each call draws the next seed from one generator, so the order of layer construction fixes the weights.
 */
export function seededInitializers(seed: number): SeededInitializers {
  const rng = createRng(seed);
  return {
    glorotUniform: () => tf.initializers.glorotUniform({ seed: rng.seed() }),
    glorotNormal: () => tf.initializers.glorotNormal({ seed: rng.seed() }),
    heNormal: () => tf.initializers.heNormal({ seed: rng.seed() }),
    heUniform: () => tf.initializers.heUniform({ seed: rng.seed() }),
    leCunNormal: () => tf.initializers.leCunNormal({ seed: rng.seed() }),
    orthogonal: (gain = 1) => tf.initializers.orthogonal({ gain, seed: rng.seed() }),
    randomNormal: (o = {}) => tf.initializers.randomNormal({ ...o, seed: rng.seed() }),
    truncatedNormal: (o = {}) => tf.initializers.truncatedNormal({ ...o, seed: rng.seed() }),
    randomUniform: (o = {}) => tf.initializers.randomUniform({ ...o, seed: rng.seed() }),
  };
}

// Which layer-config key holds the initializer of a weight, by the weight's own name.
const INITIALIZER_KEY: Record<string, string> = {
  kernel: 'kernelInitializer',
  bias: 'biasInitializer',
  recurrent_kernel: 'recurrentInitializer',
  embeddings: 'embeddingsInitializer',
  gamma: 'gammaInitializer',
  beta: 'betaInitializer',
  moving_mean: 'movingMeanInitializer',
  moving_variance: 'movingVarianceInitializer',
  depthwise_kernel: 'depthwiseInitializer',
  pointwise_kernel: 'pointwiseInitializer',
};

interface SerializedInitializer {
  className: string;
  config: Record<string, unknown>;
}

function isSerializedInitializer(value: unknown): value is SerializedInitializer {
  return typeof value === 'object' && value !== null && typeof (value as { className?: unknown }).className === 'string';
}

/** Finds the initializer config for a weight, looking inside wrapper layers (Bidirectional, TimeDistributed). */
function findInitializer(config: Record<string, unknown>, key: string): SerializedInitializer | undefined {
  const direct = config[key];
  if (isSerializedInitializer(direct)) return direct;
  const inner = config['layer'];
  if (typeof inner === 'object' && inner !== null) {
    const innerConfig = (inner as { config?: unknown }).config;
    if (typeof innerConfig === 'object' && innerConfig !== null) return findInitializer(innerConfig as Record<string, unknown>, key);
  }
  return undefined;
}

function buildInitializer(serialized: SerializedInitializer, seed: number): Initializer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[serialized.className];
  if (entry === undefined) {
    throw badInput('model', `initializer ${serialized.className} is not registered with tfjs, so it cannot be re-run`);
  }
  const [cls, fromConfig] = entry;
  const config = { ...serialized.config, seed } as tf.serialization.ConfigDict;
  return fromConfig(cls, config) as Initializer;
}

function fallbackInitializer(shape: readonly number[], rng: Rng): Initializer {
  // A weight whose layer does not name its initializer: Keras's defaults for kernels and biases.
  return shape.length >= 2 ? tf.initializers.glorotUniform({ seed: rng.seed() }) : tf.initializers.zeros();
}

/**
 * Re-initialises every weight of a LayersModel with the initializer its layer was configured with,
 * seeded from `seed`, so the same seed always gives the same starting weights whatever the backend.
 */
export function reinitializeWeights(model: tf.LayersModel, options: { seed: number }): void {
  const rng = createRng(options.seed);
  for (const layer of model.layers) {
    const config = layer.getConfig() as Record<string, unknown>;
    for (const weight of layer.weights) {
      const shortName = weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1);
      const key = INITIALIZER_KEY[shortName];
      const serialized = key === undefined ? undefined : findInitializer(config, key);
      // Draw a seed for every weight, used or not, so one layer's kind never shifts another's seed.
      const weightSeed = rng.seed();
      const initializer =
        serialized === undefined ? fallbackInitializer(weight.shape as number[], createRng(weightSeed)) : buildInitializer(serialized, weightSeed);
      const value = tf.tidy(() => {
        let init = initializer.apply(weight.shape, weight.dtype);
        if (shortName === 'bias' && findUnitForgetBias(config)) init = withUnitForgetBias(init);
        return init;
      });
      weight.write(value);
      value.dispose();
    }
  }
}

function findUnitForgetBias(config: Record<string, unknown>): boolean {
  if (config['unitForgetBias'] === true) return true;
  const inner = config['layer'] as { config?: Record<string, unknown> } | undefined;
  return inner?.config?.['unitForgetBias'] === true;
}

// LSTM biases are laid out [input, forget, cell, output]; unitForgetBias sets the forget gate to 1.
function withUnitForgetBias(bias: tf.Tensor): tf.Tensor {
  const units = bias.shape[0] / 4;
  const [i, , c, o] = tf.split(bias, 4);
  return tf.concat([i, tf.ones([units], bias.dtype), c, o]);
}
