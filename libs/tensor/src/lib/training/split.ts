import { badInput } from '@pmed/core';
import type { Rng } from '../random/rng';

export interface SplitOptions {
  numSamples: number;
  /** Share of samples held out for validation, in (0, 1). */
  validationFraction: number;
  rng: Rng;
  /** When given, each class is split in the same proportion (stratified). */
  labels?: Int32Array;
}

export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
}

/** A seeded random split of sample positions into training and validation sets, both sorted. */
export function splitIndices(options: SplitOptions): SplitIndices {
  const { numSamples: n, validationFraction: f, rng, labels } = options;
  if (!(f > 0 && f < 1)) throw badInput('validationSplit', `must lie strictly between 0 and 1, got ${f}`);
  const groups: number[][] = [];
  if (labels) {
    const byClass = new Map<number, number[]>();
    labels.forEach((c, i) => {
      const g = byClass.get(c);
      if (g) g.push(i);
      else byClass.set(c, [i]);
    });
    for (const key of [...byClass.keys()].sort((a, b) => a - b)) groups.push(byClass.get(key) as number[]);
  } else {
    groups.push(Array.from({ length: n }, (_, i) => i));
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const group of groups) {
    rng.shuffle(group);
    const take = Math.round(group.length * f);
    validation.push(...group.slice(0, take));
    train.push(...group.slice(take));
  }
  if (validation.length === 0 || train.length === 0) {
    throw badInput('validationSplit', `${f} of ${n} samples leaves ${train.length} for training and ${validation.length} for validation`);
  }
  const sort = (a: number[]): Int32Array => Int32Array.from(a).sort();
  return { train: sort(train), validation: sort(validation) };
}
