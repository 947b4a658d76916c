import { badInput } from '@pmed/core';
import { lstmLayer, tf } from '@pmed/tensor';
import { packedWidth, type PackedShape } from './risk-model';

/**
 * LSTM-FCN (Karim et al. 2017): a fully convolutional branch (conv, batch norm, ReLU three times,
 * then global average pooling) beside an LSTM that reads the dimension-shuffled series (the whole
 * signal as one step), joined before a softmax.
 */
export interface LstmFcnConfig {
  /** Filters of the three conv blocks. */
  filters: [number, number, number];
  /** Kernel sizes of the three conv blocks. */
  kernels: [number, number, number];
  /** Cells of the LSTM branch (0 drops the branch: the plain FCN). */
  lstmUnits: number;
  /** Dropout after the LSTM branch (the paper uses 0.8). */
  dropout: number;
  /** Classes of the softmax head (>= 2). */
  outputs: number;
}

export const DEFAULT_LSTM_FCN_CONFIG: Omit<LstmFcnConfig, 'outputs'> = { filters: [128, 256, 128], kernels: [8, 5, 3], lstmUnits: 8, dropout: 0.8 };

export function checkLstmFcnConfig(config: LstmFcnConfig): void {
  const positiveInts = (values: readonly number[], max: number) => values.length === 3 && values.every((v) => Number.isInteger(v) && v >= 1 && v <= max);
  if (!positiveInts(config.filters, 1024)) throw badInput('filters', 'must be three integers in 1..1024');
  if (!positiveInts(config.kernels, 64)) throw badInput('kernels', 'must be three integers in 1..64');
  if (!Number.isInteger(config.lstmUnits) || config.lstmUnits < 0 || config.lstmUnits > 1024) throw badInput('lstmUnits', 'must be an integer in 0..1024');
  if (!(config.dropout >= 0 && config.dropout < 1)) throw badInput('dropout', 'must be in [0, 1)');
  if (!Number.isInteger(config.outputs) || config.outputs < 2) throw badInput('outputs', 'must be an integer >= 2 (classes)');
}

/**
 * Builds the network on the case model's packed input ([steps + 1, width]: sequence rows, then the
 * descriptors row) so the same encoding, packing and prediction code serve both architectures. Only
 * channel 0 (the normalised value) of the sequence rows is used: a signal has no gaps to describe.
 */
export function buildLstmFcn(shape: PackedShape, config: LstmFcnConfig): tf.LayersModel {
  checkLstmFcnConfig(config);
  const width = packedWidth(shape);
  const input = tf.input({ shape: [shape.steps + 1, width], name: 'packed' });
  const grid = tf.layers.reshape({ targetShape: [shape.steps + 1, width, 1], name: 'grid' }).apply(input) as tf.SymbolicTensor;
  const valueGrid = tf.layers.cropping2D({ cropping: [[0, 1], [0, width - 1]], name: 'value_rows' }).apply(grid) as tf.SymbolicTensor;
  const signal = tf.layers.reshape({ targetShape: [shape.steps, 1], name: 'signal' }).apply(valueGrid) as tf.SymbolicTensor;

  let conv = signal;
  config.filters.forEach((filters, i) => {
    conv = tf.layers
      .conv1d({ filters, kernelSize: config.kernels[i], padding: 'same', kernelInitializer: 'heUniform', name: `conv${i + 1}` })
      .apply(conv) as tf.SymbolicTensor;
    conv = tf.layers.batchNormalization({ name: `conv${i + 1}_bn` }).apply(conv) as tf.SymbolicTensor;
    conv = tf.layers.activation({ activation: 'relu', name: `conv${i + 1}_relu` }).apply(conv) as tf.SymbolicTensor;
  });
  let features = tf.layers.globalAveragePooling1d({ name: 'conv_gap' }).apply(conv) as tf.SymbolicTensor;

  if (config.lstmUnits > 0) {
    // The dimension shuffle: one step holding the whole signal, so the LSTM is cheap and sees global shape.
    const shuffled = tf.layers.permute({ dims: [2, 1], name: 'dimension_shuffle' }).apply(signal) as tf.SymbolicTensor;
    let lstm = lstmLayer({ units: config.lstmUnits, name: 'lstm' }).apply(shuffled) as tf.SymbolicTensor;
    if (config.dropout > 0) lstm = tf.layers.dropout({ rate: config.dropout, name: 'lstm_dropout' }).apply(lstm) as tf.SymbolicTensor;
    features = tf.layers.concatenate({ name: 'joined' }).apply([lstm, features]) as tf.SymbolicTensor;
  }
  const output = tf.layers.dense({ units: config.outputs, activation: 'softmax', name: 'class' }).apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: config.lstmUnits > 0 ? 'lstm_fcn' : 'fcn' });
}
