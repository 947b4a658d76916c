import * as tf from '@tensorflow/tfjs';
import { badInput } from '@pmed/core';
import type { TensorInput } from './types';

/** A tensor and whether the training loop created it (and so must dispose it). */
export interface HeldTensor {
  tensor: tf.Tensor;
  owned: boolean;
}

export function holdTensor(name: string, input: TensorInput): HeldTensor {
  if (input instanceof tf.Tensor) {
    if (input.isDisposed) throw badInput(name, 'is a disposed tensor');
    if (input.rank === 0) throw badInput(name, 'must have a sample dimension, got a scalar');
    return { tensor: input, owned: false };
  }
  if (typeof input !== 'object' || input === null || !Array.isArray(input.shape) || input.values === undefined) {
    throw badInput(name, 'must be a tensor or { values, shape }');
  }
  const { values, shape } = input;
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw badInput(name, `shape must be non-negative integers with a sample dimension, got [${shape.join(', ')}]`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw badInput(name, `shape [${shape.join(', ')}] needs ${size} values, got ${values.length}`);
  const dtype = values instanceof Int32Array ? 'int32' : 'float32';
  return { tensor: tf.tensor(values instanceof Float64Array ? Float32Array.from(values) : values, shape, dtype), owned: true };
}

export function releaseAll(held: Array<HeldTensor | null | undefined>): void {
  for (const h of held) if (h?.owned && !h.tensor.isDisposed) h.tensor.dispose();
}

export function checkSampleCount(xName: string, x: tf.Tensor, yName: string, y: tf.Tensor | null): number {
  const n = x.shape[0];
  if (n === 0) throw badInput(xName, 'holds no samples');
  if (y !== null && y.shape[0] !== n) throw badInput(yName, `has ${y.shape[0]} samples but ${xName} has ${n}`, { expected: n, actual: y.shape[0] });
  return n;
}

/** Checks a tensor against a model's symbolic shape (null = any size). */
export function checkShape(name: string, tensor: tf.Tensor, expected: ReadonlyArray<number | null>): void {
  const ok = tensor.rank === expected.length && expected.every((d, i) => i === 0 || d === null || d === tensor.shape[i]);
  if (!ok) {
    const want = expected.map((d) => (d === null ? '*' : String(d))).join(', ');
    throw badInput(name, `expected shape [${want}], got [${tensor.shape.join(', ')}]`, { expected: want, actual: tensor.shape });
  }
}

/**
 * Class index per sample, for stratified splits and class weights: a label column ([n] or [n, 1])
 * of non-negative integers, or the argmax of one-hot rows ([n, k]).
 */
export function classLabelsOf(name: string, y: tf.Tensor): Int32Array {
  if (y.rank === 1 || (y.rank === 2 && y.shape[1] === 1)) {
    const values = y.dataSync();
    const labels = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isInteger(values[i]) || values[i] < 0) {
        throw badInput(name, `holds ${values[i]} at sample ${i}; class weights and stratified splits need class labels`);
      }
      labels[i] = values[i];
    }
    return labels;
  }
  if (y.rank === 2) return tf.tidy(() => tf.argMax(y, 1).dataSync() as Int32Array).slice();
  throw badInput(name, `has shape [${y.shape.join(', ')}]; class labels need [n], [n, 1] or one-hot [n, k]`);
}
