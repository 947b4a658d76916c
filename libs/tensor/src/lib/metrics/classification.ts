import { badInput } from '@pmed/core';
import { checkLabels, checkSameLength, type NumericArray } from './validate';

export interface AverageOptions {
  /** `binary` scores the positive label only; `macro` is the unweighted mean over classes. Default `binary`. */
  average?: 'binary' | 'macro';
  /** The positive class for `binary`. Default 1. */
  positiveLabel?: number;
}

function checkPair(yTrue: NumericArray, yPred: NumericArray): void {
  checkLabels('yTrue', yTrue);
  checkLabels('yPred', yPred);
  checkSameLength({ name: 'yTrue', values: yTrue }, { name: 'yPred', values: yPred });
}

/** Fraction of predictions equal to the label. */
export function accuracy(yTrue: NumericArray, yPred: NumericArray): number {
  checkPair(yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/**
 * Confusion matrix, rows = true class, columns = predicted class, classes 0..numClasses-1
 * (default: the largest label seen + 1), as scikit-learn's `confusion_matrix(labels=range(k))`.
 */
export function confusionMatrix(yTrue: NumericArray, yPred: NumericArray, options: { numClasses?: number } = {}): number[][] {
  checkPair(yTrue, yPred);
  let k = options.numClasses ?? 0;
  if (options.numClasses === undefined) {
    for (let i = 0; i < yTrue.length; i++) k = Math.max(k, yTrue[i] + 1, yPred[i] + 1);
  } else if (!Number.isInteger(k) || k < 1) {
    throw badInput('numClasses', `must be a positive integer, got ${k}`);
  }
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] >= k || yPred[i] >= k) {
      throw badInput(yTrue[i] >= k ? 'yTrue' : 'yPred', `holds class ${Math.max(yTrue[i], yPred[i])} at index ${i}, but numClasses is ${k}`);
    }
    matrix[yTrue[i]][yPred[i]]++;
  }
  return matrix;
}

interface ClassCounts {
  tp: number;
  fp: number;
  fn: number;
}

function countsFor(yTrue: NumericArray, yPred: NumericArray, label: number): ClassCounts {
  const c = { tp: 0, fp: 0, fn: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === label;
    const p = yPred[i] === label;
    if (t && p) c.tp++;
    else if (p) c.fp++;
    else if (t) c.fn++;
  }
  return c;
}

// A ratio with an empty denominator is 0, as scikit-learn's zero_division=0.
const ratio = (num: number, den: number): number => (den === 0 ? 0 : num / den);
const precisionOf = (c: ClassCounts): number => ratio(c.tp, c.tp + c.fp);
const recallOf = (c: ClassCounts): number => ratio(c.tp, c.tp + c.fn);
const f1Of = (c: ClassCounts): number => ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);

function averaged(yTrue: NumericArray, yPred: NumericArray, options: AverageOptions, score: (c: ClassCounts) => number): number {
  checkPair(yTrue, yPred);
  if ((options.average ?? 'binary') === 'binary') return score(countsFor(yTrue, yPred, options.positiveLabel ?? 1));
  // Macro: every class seen in either array counts once, as scikit-learn's unique_labels.
  const labels = new Set<number>();
  for (let i = 0; i < yTrue.length; i++) labels.add(yTrue[i]).add(yPred[i]);
  let sum = 0;
  for (const label of labels) sum += score(countsFor(yTrue, yPred, label));
  return sum / labels.size;
}

/** Precision tp / (tp + fp); 0 when nothing is predicted positive. */
export function precision(yTrue: NumericArray, yPred: NumericArray, options: AverageOptions = {}): number {
  return averaged(yTrue, yPred, options, precisionOf);
}

/** Recall (sensitivity) tp / (tp + fn); 0 when there are no positives. */
export function recall(yTrue: NumericArray, yPred: NumericArray, options: AverageOptions = {}): number {
  return averaged(yTrue, yPred, options, recallOf);
}

/** F1 = 2tp / (2tp + fp + fn), the harmonic mean of precision and recall. */
export function f1Score(yTrue: NumericArray, yPred: NumericArray, options: AverageOptions = {}): number {
  return averaged(yTrue, yPred, options, f1Of);
}

/** Turns positive-class scores into 0/1 predictions: 1 where score >= threshold. */
export function thresholdScores(yScore: NumericArray, threshold = 0.5): Uint8Array {
  const out = new Uint8Array(yScore.length);
  for (let i = 0; i < yScore.length; i++) {
    if (Number.isNaN(yScore[i])) throw badInput('yScore', `holds NaN at index ${i}`, { index: i });
    out[i] = yScore[i] >= threshold ? 1 : 0;
  }
  return out;
}
