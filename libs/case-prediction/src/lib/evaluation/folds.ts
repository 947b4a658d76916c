import { badInput } from '@pmed/core';
import { createRng } from '@pmed/tensor';

/**
 * Stratified k-fold assignment: each class's samples are shuffled (seeded) and dealt round-robin to
 * the folds, so every fold holds the outcome in the same proportion (within one sample).
 * Returns the fold number of each sample.
 */
export function stratifiedFolds(labels: ArrayLike<number>, options: { folds: number; seed: number }): Int32Array {
  const k = options.folds;
  if (!Number.isInteger(k) || k < 2) throw badInput('folds', `must be an integer >= 2, got ${k}`);
  if (labels.length < k) throw badInput('folds', `${k} folds need at least ${k} samples, got ${labels.length}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]) ?? [];
    list.push(i);
    byClass.set(labels[i], list);
  }
  const rng = createRng(options.seed);
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(byClass.get(cls) as number[]);
    // Continue dealing where the previous class stopped, so fold sizes stay within one of each other.
    for (const i of members) fold[i] = next++ % k;
  }
  return fold;
}

/** Train and test positions of fold `f`. */
export function foldIndices(fold: Int32Array, f: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === f ? test : train).push(i);
  return { train, test };
}
