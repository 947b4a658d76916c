import { badInput } from '@pmed/core';
import { gruLayer, lstmLayer, tf } from '@pmed/tensor';
import type { EncodedTimelines } from '../features/resample';
import { InputDecay } from './input-decay';

export const CELL_TYPES = ['lstm', 'gru'] as const;
export type CellType = (typeof CELL_TYPES)[number];

export interface RiskModelConfig {
  cell: CellType;
  /** Recurrent units. */
  units: number;
  /** Units of the dense layer after the recurrent output and the descriptors are joined (0: none). */
  hidden: number;
  /** Dropout on the recurrent inputs and on the joined features. */
  dropout: number;
  /** Mask time steps whose every channel equals PAD_VALUE (padded, variable-length sequences). */
  masking: boolean;
  /** 1: a sigmoid risk; k > 1: softmax over k classes. */
  outputs: number;
  /**
   * Networks trained from different seeds and averaged in one model (a seed ensemble, see
   * combineRiskModels); absent (models saved before the option) means 1.
   */
  ensembleSize?: number;
  /**
   * GRU-D's trainable input decay (InputDecay) before the recurrent layer: an unobserved value
   * fades toward the variable's mean with the time since it was seen. Absent (models saved before
   * the option) means off.
   */
  inputDecay?: boolean;
}

/** Most networks one ensemble may hold. */
export const MAX_ENSEMBLE_SIZE = 20;

export const DEFAULT_RISK_MODEL_CONFIG: RiskModelConfig = { cell: 'gru', units: 32, hidden: 16, dropout: 0.2, masking: false, outputs: 1 };

/** Marks a padded time step (all channels) for the masking layer. */
export const PAD_VALUE = -1e4;

export interface PackedShape {
  steps: number;
  channels: number;
  staticWidth: number;
}

/** Width of the packed input: sequence channels and descriptors share one row width. */
export function packedWidth(shape: PackedShape): number {
  return Math.max(shape.channels, shape.staticWidth, 1);
}

/**
 * fitModel trains single-input models, so each sample is packed as [steps + 1, width]: the first
 * `steps` rows are the sequence, the last row holds the static descriptors. The model crops the
 * two apart again with built-in layers, which keeps the topology serialisable without custom layers.
 */
export function packInputs(encoded: EncodedTimelines): { values: Float32Array; shape: [number, number, number] } {
  const width = packedWidth(encoded);
  const rows = encoded.steps + 1;
  const values = new Float32Array(encoded.count * rows * width);
  for (let n = 0; n < encoded.count; n++) {
    const base = n * rows * width;
    for (let s = 0; s < encoded.steps; s++) {
      const src = (n * encoded.steps + s) * encoded.channels;
      // A padded step must be PAD_VALUE in every channel of the row, or the mask would not see it.
      if (encoded.sequences[src] === PAD_VALUE) values.fill(PAD_VALUE, base + s * width, base + (s + 1) * width);
      else values.set(encoded.sequences.subarray(src, src + encoded.channels), base + s * width);
    }
    const st = n * encoded.staticWidth;
    values.set(encoded.statics.subarray(st, st + encoded.staticWidth), base + encoded.steps * width);
  }
  return { values, shape: [encoded.count, rows, width] };
}

/** Recurrent risk model: LSTM/GRU over the sequence, joined with the descriptors, then dense layers. */
export function buildRiskModel(shape: PackedShape, config: RiskModelConfig): tf.LayersModel {
  checkConfig(config);
  const width = packedWidth(shape);
  const input = tf.input({ shape: [shape.steps + 1, width], name: 'packed' });
  // tfjs has no Cropping1D: a [rows, width, 1] view lets Cropping2D cut the rows apart.
  const grid = tf.layers.reshape({ targetShape: [shape.steps + 1, width, 1], name: 'grid' }).apply(input) as tf.SymbolicTensor;
  // Summary features can make the descriptor row wider than the sequence channels: the sequence
  // rows' zero-filled columns beyond `channels` are then cut off before the recurrent layer.
  const extra = width - shape.channels;
  const sequenceGrid = tf.layers.cropping2D({ cropping: [[0, 1], [0, extra]], name: 'sequence_rows' }).apply(grid) as tf.SymbolicTensor;
  let sequence = tf.layers.reshape({ targetShape: [shape.steps, width - extra], name: 'sequence' }).apply(sequenceGrid) as tf.SymbolicTensor;
  if (config.masking) sequence = tf.layers.masking({ maskValue: PAD_VALUE, name: 'padding_mask' }).apply(sequence) as tf.SymbolicTensor;
  if (config.inputDecay) {
    if (shape.channels % 3 !== 0) throw badInput('inputDecay', `needs value, mask and delta channels per variable (a multiple of 3), got ${shape.channels}`);
    sequence = new InputDecay({ variables: shape.channels / 3, name: 'input_decay' }).apply(sequence) as tf.SymbolicTensor;
  }
  const descriptorsRow = tf.layers.cropping2D({ cropping: [[shape.steps, 0], [0, 0]], name: 'descriptors_row' }).apply(grid) as tf.SymbolicTensor;
  const descriptors = tf.layers.flatten({ name: 'descriptors' }).apply(descriptorsRow) as tf.SymbolicTensor;
  const rnnArgs = { units: config.units, dropout: config.dropout, returnSequences: false, name: 'recurrent' };
  const recurrent = (config.cell === 'lstm' ? lstmLayer(rnnArgs) : gruLayer(rnnArgs)).apply(sequence) as tf.SymbolicTensor;
  let joined = tf.layers.concatenate({ name: 'joined' }).apply([recurrent, descriptors]) as tf.SymbolicTensor;
  if (config.dropout > 0) joined = tf.layers.dropout({ rate: config.dropout, name: 'joined_dropout' }).apply(joined) as tf.SymbolicTensor;
  if (config.hidden > 0) joined = tf.layers.dense({ units: config.hidden, activation: 'relu', name: 'hidden' }).apply(joined) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: config.outputs, activation: config.outputs === 1 ? 'sigmoid' : 'softmax', name: 'risk' })
    .apply(joined) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: `case_${config.cell}` });
}

export function checkConfig(config: RiskModelConfig): void {
  if (!CELL_TYPES.includes(config.cell)) throw badInput('cell', `must be one of ${CELL_TYPES.join(', ')}`);
  if (!Number.isInteger(config.units) || config.units < 1 || config.units > 1024) throw badInput('units', 'must be an integer in 1..1024');
  if (!Number.isInteger(config.hidden) || config.hidden < 0 || config.hidden > 1024) throw badInput('hidden', 'must be an integer in 0..1024');
  if (!(config.dropout >= 0 && config.dropout < 1)) throw badInput('dropout', 'must be in [0, 1)');
  if (!Number.isInteger(config.outputs) || config.outputs < 1) throw badInput('outputs', 'must be a positive integer');
  if (config.ensembleSize !== undefined && (!Number.isInteger(config.ensembleSize) || config.ensembleSize < 1 || config.ensembleSize > MAX_ENSEMBLE_SIZE)) {
    throw badInput('ensembleSize', `must be an integer in 1..${MAX_ENSEMBLE_SIZE}`);
  }
  if (config.inputDecay !== undefined && typeof config.inputDecay !== 'boolean') throw badInput('inputDecay', 'must be true or false');
}

/** Probabilities for packed inputs, in batches ([n] for a sigmoid model, [n * k] for softmax). */
export function predictPacked(model: tf.LayersModel, packed: { values: Float32Array; shape: [number, number, number] }, options: { batchSize?: number; training?: boolean } = {}): Float32Array {
  const [n, rows, width] = packed.shape;
  const batchSize = options.batchSize ?? 256;
  const outputs = (model.outputs[0].shape[1] as number) ?? 1;
  const out = new Float32Array(n * outputs);
  const sampleSize = rows * width;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const probs = tf.tidy(() => {
      const x = tf.tensor3d(packed.values.subarray(start * sampleSize, end * sampleSize), [end - start, rows, width]);
      return (model.apply(x, { training: options.training ?? false }) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(probs, start * outputs);
  }
  return out;
}

/** Focal loss (Lin et al. 2017) for a sigmoid output: down-weights easy examples of the common class. */
export function focalLoss(options: { gamma?: number; alpha?: number } = {}): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor1D {
  const gamma = options.gamma ?? 2;
  const alpha = options.alpha ?? 0.75;
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const y = yTrue.reshape([yTrue.shape[0], -1]).toFloat();
      const p = tf.clipByValue(yPred.reshape([yPred.shape[0], -1]), 1e-7, 1 - 1e-7);
      const pt = tf.add(tf.mul(y, p), tf.mul(tf.sub(1, y), tf.sub(1, p)));
      const at = tf.add(tf.mul(y, alpha), tf.mul(tf.sub(1, y), 1 - alpha));
      return tf.mean(tf.neg(tf.mul(tf.mul(at, tf.pow(tf.sub(1, pt), gamma)), tf.log(pt))), 1) as tf.Tensor1D;
    });
}
