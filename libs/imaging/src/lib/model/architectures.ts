import { badInput } from '@pmed/core';
import { tf } from '@pmed/tensor';

export const ARCHITECTURES = ['reference-cnn', 'reference-cnn-bn', 'resnet-small'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface ArchitectureOptions {
  architecture: Architecture;
  inputShape: [number, number, number];
  numClasses: number;
  /** Seeds the weight initialisers, so two builds with one seed start identical. */
  seed: number;
}

/** Both nets halve the image three times; smaller inputs would vanish. */
export const MIN_INPUT_SIDE = 8;

function seeded(seed: number, offset: number): { kernelInitializer: ReturnType<typeof tf.initializers.heNormal> } {
  return { kernelInitializer: tf.initializers.heNormal({ seed: seed + offset }) };
}

/**
 * The platform's reference CNN: three 3x3 conv blocks (32/64/128 filters, ReLU, 2x2 max pooling),
 * dense 512, dropout 0.5, and a linear output of one logit per class (softmax is applied outside,
 * after temperature scaling). With `batchNorm` (architecture `reference-cnn-bn`) each conv drops
 * its bias and is followed by batch normalisation before the ReLU.
 */
function referenceCnn(options: ArchitectureOptions, batchNorm: boolean): tf.LayersModel {
  const input = tf.input({ shape: options.inputShape, name: 'image' });
  let x: tf.SymbolicTensor = input;
  [32, 64, 128].forEach((filters, i) => {
    const name = `conv${i + 1}`;
    if (batchNorm) {
      x = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, name, ...seeded(options.seed, i) }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.batchNormalization({ name: `${name}_bn` }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(x) as tf.SymbolicTensor;
    } else {
      x = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name, ...seeded(options.seed, i) }).apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${i + 1}` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 512, activation: 'relu', name: 'dense', ...seeded(options.seed, 10) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.5, name: 'dropout', seed: options.seed }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: options.numClasses, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 11 }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: batchNorm ? 'reference_cnn_bn' : 'reference_cnn' });
}

interface BlockArgs {
  x: tf.SymbolicTensor;
  filters: number;
  stride: number;
  name: string;
  seed: number;
}

/** A basic residual block (He et al. 2016): two 3x3 conv + batch norm, projected shortcut when the shape changes. */
function residualBlock(args: BlockArgs): tf.SymbolicTensor {
  const { x, filters, stride, name, seed } = args;
  const inFilters = x.shape[x.shape.length - 1];
  let shortcut = x;
  // Built first so that the block's last conv is also the last conv layer of the model (Grad-CAM's default).
  if (stride !== 1 || inFilters !== filters) {
    shortcut = tf.layers.conv2d({ filters, kernelSize: 1, strides: stride, useBias: false, name: `${name}_proj`, ...seeded(seed, 0) }).apply(x) as tf.SymbolicTensor;
    shortcut = tf.layers.batchNormalization({ name: `${name}_proj_bn` }).apply(shortcut) as tf.SymbolicTensor;
  }
  let y = tf.layers.conv2d({ filters, kernelSize: 3, strides: stride, padding: 'same', useBias: false, name: `${name}_conv1`, ...seeded(seed, 1) }).apply(x) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: `${name}_bn1` }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.activation({ activation: 'relu', name: `${name}_relu1` }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, name: `${name}_conv2`, ...seeded(seed, 2) }).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({ name: `${name}_bn2` }).apply(y) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as tf.SymbolicTensor;
  return tf.layers.activation({ activation: 'relu', name: `${name}_out` }).apply(sum) as tf.SymbolicTensor;
}

/** A small residual net with batch normalisation: stem, three blocks (32/64/128), global average pooling. */
function resnetSmall(options: ArchitectureOptions): tf.LayersModel {
  const input = tf.input({ shape: options.inputShape, name: 'image' });
  let x = tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', useBias: false, name: 'stem_conv', ...seeded(options.seed, 0) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'stem_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu', name: 'stem_relu' }).apply(x) as tf.SymbolicTensor;
  x = residualBlock({ x, filters: 32, stride: 1, name: 'block1', seed: options.seed + 10 });
  x = residualBlock({ x, filters: 64, stride: 2, name: 'block2', seed: options.seed + 20 });
  x = residualBlock({ x, filters: 128, stride: 2, name: 'block3', seed: options.seed + 30 });
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: options.numClasses, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 40 }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'resnet_small' });
}

/** Builds an untrained classifier that outputs one logit per class. */
export function buildClassifier(options: ArchitectureOptions): tf.LayersModel {
  if (!ARCHITECTURES.includes(options.architecture)) throw badInput('architecture', `must be one of ${ARCHITECTURES.join(', ')}, got ${String(options.architecture)}`);
  const [h, w, c] = options.inputShape;
  if (h < MIN_INPUT_SIDE || w < MIN_INPUT_SIDE) throw badInput('inputShape', `images must be at least ${MIN_INPUT_SIDE}x${MIN_INPUT_SIDE}, got ${h}x${w}`);
  if (c !== 1 && c !== 3) throw badInput('inputShape', `images need 1 or 3 channels, got ${c}`);
  if (!Number.isInteger(options.numClasses) || options.numClasses < 2) throw badInput('numClasses', `must be an integer >= 2, got ${options.numClasses}`);
  if (options.architecture === 'resnet-small') return resnetSmall(options);
  return referenceCnn(options, options.architecture === 'reference-cnn-bn');
}
