import { badInput } from '@pmed/core';

/** Plain arrays or typed arrays: metrics never need tfjs. */
export type NumericArray = ArrayLike<number>;

/** Throws BAD_USER_INPUT naming the argument when it is empty or holds NaN/Infinity. */
export function checkFinite(name: string, values: NumericArray): void {
  if (values.length === 0) throw badInput(name, 'is empty');
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw badInput(name, `holds a non-finite value (${values[i]}) at index ${i}`, { index: i });
  }
}

export function checkSameLength(a: { name: string; values: NumericArray }, b: { name: string; values: NumericArray }): void {
  if (a.values.length !== b.values.length) {
    throw badInput(b.name, `has length ${b.values.length} but ${a.name} has length ${a.values.length}`, {
      expected: a.values.length,
      actual: b.values.length,
    });
  }
}

/** Class labels must be non-negative integers. */
export function checkLabels(name: string, values: NumericArray): void {
  checkFinite(name, values);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) throw badInput(name, `holds ${v} at index ${i}; class labels are integers >= 0`, { index: i });
  }
}

/** Binary labels must be 0 or 1. */
export function checkBinaryLabels(name: string, values: NumericArray): void {
  checkFinite(name, values);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0 && values[i] !== 1) throw badInput(name, `holds ${values[i]} at index ${i}; binary labels are 0 or 1`, { index: i });
  }
}

export function checkProbabilities(name: string, values: NumericArray): void {
  checkFinite(name, values);
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0 || values[i] > 1) throw badInput(name, `holds ${values[i]} at index ${i}; probabilities lie in [0, 1]`, { index: i });
  }
}

/** Checks labels and scores of a binary ranking metric. */
export function checkBinaryScores(yTrue: NumericArray, yScore: NumericArray): void {
  checkBinaryLabels('yTrue', yTrue);
  checkFinite('yScore', yScore);
  checkSameLength({ name: 'yTrue', values: yTrue }, { name: 'yScore', values: yScore });
}

/** AUC-type metrics are undefined when one class is absent; say so instead of returning NaN. */
export function requireBothClasses(metric: string, yTrue: NumericArray): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i];
  const negatives = yTrue.length - positives;
  if (positives === 0 || negatives === 0) {
    throw badInput('yTrue', `holds only one class (${positives} positives, ${negatives} negatives); ${metric} is undefined`, {
      positives,
      negatives,
    });
  }
  return { positives, negatives };
}
