import * as tf from '@tensorflow/tfjs';
import { badInput } from '@pmed/core';
import { createRng, type Rng } from '../random/rng';
import { sampleWeightsFor, type ClassWeights } from './class-weights';
import { checkSampleCount, classLabelsOf, holdTensor, releaseAll, type HeldTensor } from './inputs';
import { splitIndices } from './split';
import type { Batch, TensorInput } from './types';

export interface DataOptions {
  x: TensorInput;
  y?: TensorInput;
  validationData?: { x: TensorInput; y?: TensorInput };
  validationSplit?: number;
  stratify?: boolean;
  classWeight?: ClassWeights;
  seed: number;
}

/** Samples of one tensor pair, addressed by position, so a split never copies the data. */
export interface SampleSet {
  x: tf.Tensor;
  y: tf.Tensor | null;
  indices: Int32Array;
}

export interface PreparedData {
  train: SampleSet;
  validation: SampleSet | null;
  /** One weight per sample of `train.x` (by position), from class weights. */
  sampleWeights: Float32Array | null;
  shuffleRng: Rng;
  stepRng: Rng;
  initSeed: number;
  /** Disposes the tensors this module created from arrays. */
  release: () => void;
}

const allIndices = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

/** Turns inputs into tensors, checks them, splits off validation data and derives the seeded streams. */
export function prepareData(options: DataOptions): PreparedData {
  const held: HeldTensor[] = [];
  try {
    const x = holdTensor('x', options.x);
    held.push(x);
    const y = options.y === undefined ? null : holdTensor('y', options.y);
    if (y) held.push(y);
    const n = checkSampleCount('x', x.tensor, 'y', y?.tensor ?? null);
    if (options.validationSplit !== undefined && options.validationData !== undefined) {
      throw badInput('validationData', 'give either validationSplit or validationData, not both');
    }
    const needLabels = options.classWeight !== undefined || (options.stratify === true && options.validationSplit !== undefined);
    if (needLabels && y === null) throw badInput('y', 'class weights and stratified splits need labels');
    const labels = needLabels && y ? classLabelsOf('y', y.tensor) : undefined;

    // Fixed fork order: each stream stays the same whichever features a run switches on.
    const root = createRng(options.seed);
    const splitRng = root.fork();
    const shuffleRng = root.fork();
    const stepRng = root.fork();
    const initSeed = root.seed();

    let trainIdx = allIndices(n);
    let validation: SampleSet | null = null;
    if (options.validationSplit !== undefined) {
      const split = splitIndices({
        numSamples: n,
        validationFraction: options.validationSplit,
        rng: splitRng,
        labels: options.stratify ? labels : undefined,
      });
      trainIdx = split.train;
      validation = { x: x.tensor, y: y?.tensor ?? null, indices: split.validation };
    } else if (options.validationData !== undefined) {
      const vx = holdTensor('validationData.x', options.validationData.x);
      held.push(vx);
      const vy = options.validationData.y === undefined ? null : holdTensor('validationData.y', options.validationData.y);
      if (vy) held.push(vy);
      if ((vy === null) !== (y === null)) throw badInput('validationData.y', y ? 'is missing but y was given' : 'was given but y was not');
      const vn = checkSampleCount('validationData.x', vx.tensor, 'validationData.y', vy?.tensor ?? null);
      checkSameSampleShape('validationData.x', vx.tensor, x.tensor);
      if (vy && y) checkSameSampleShape('validationData.y', vy.tensor, y.tensor);
      validation = { x: vx.tensor, y: vy?.tensor ?? null, indices: allIndices(vn) };
    }
    const sampleWeights = options.classWeight && labels ? sampleWeightsFor(labels, options.classWeight) : null;
    return {
      train: { x: x.tensor, y: y?.tensor ?? null, indices: trainIdx },
      validation,
      sampleWeights,
      shuffleRng,
      stepRng,
      initSeed,
      release: () => releaseAll(held),
    };
  } catch (error) {
    releaseAll(held);
    throw error;
  }
}

function checkSameSampleShape(name: string, t: tf.Tensor, reference: tf.Tensor): void {
  const a = t.shape.slice(1).join(', ');
  const b = reference.shape.slice(1).join(', ');
  if (a !== b) throw badInput(name, `has samples of shape [${a}] but the training data has [${b}]`);
}

/** Gathers one mini-batch; called inside tf.tidy, so the tensors go when the step ends. */
export function gatherBatch(set: SampleSet, indices: Int32Array, sampleWeights: Float32Array | null): Batch {
  const idx = tf.tensor1d(indices, 'int32');
  let sampleWeight: tf.Tensor1D | null = null;
  if (sampleWeights) {
    const w = new Float32Array(indices.length);
    indices.forEach((sample, i) => (w[i] = sampleWeights[sample]));
    sampleWeight = tf.tensor1d(w);
  }
  return {
    x: tf.gather(set.x, idx),
    y: set.y ? tf.gather(set.y, idx) : null,
    sampleWeight,
    indices: indices.slice(),
    size: indices.length,
  };
}

/** Splits a sample set into consecutive chunks of positions for validation passes. */
export function* chunks(indices: Int32Array, size: number): Generator<Int32Array> {
  for (let start = 0; start < indices.length; start += size) yield indices.subarray(start, Math.min(start + size, indices.length));
}
