import { badInput } from '@pmed/core';
import { checkBinaryScores, requireBothClasses, type NumericArray } from './validate';
import { thresholdCounts } from './curve';

export interface RocCurve {
  /** False positive rate at each point, starting at 0. */
  fpr: number[];
  /** True positive rate at each point, starting at 0. */
  tpr: number[];
  /** The score at or above which a sample is called positive; the first point's is +Infinity. */
  thresholds: number[];
}

/**
 * ROC curve with a point at every distinct score (scikit-learn's `roc_curve(drop_intermediate=False)`),
 * preceded by (0, 0). `yTrue` holds 0/1 labels, `yScore` the positive-class score.
 */
export function rocCurve(yTrue: NumericArray, yScore: NumericArray): RocCurve {
  checkBinaryScores(yTrue, yScore);
  const { positives, negatives } = requireBothClasses('the ROC curve', yTrue);
  const c = thresholdCounts(yTrue, yScore);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Number.POSITIVE_INFINITY];
  for (let i = 0; i < c.thresholds.length; i++) {
    fpr.push(c.fps[i] / negatives);
    tpr.push(c.tps[i] / positives);
    thresholds.push(c.thresholds[i]);
  }
  return { fpr, tpr, thresholds };
}

/**
 * Area under the ROC curve by the trapezoid rule over distinct thresholds, so tied scores count half
 * (equal to the Mann-Whitney probability that a positive outranks a negative, ties counting 1/2).
 */
export function rocAuc(yTrue: NumericArray, yScore: NumericArray): number {
  const { fpr, tpr } = rocCurve(yTrue, yScore);
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  return area;
}

/** An ROC curve's points, with or without their thresholds. */
export type RocPoints = Pick<RocCurve, 'fpr' | 'tpr'> & Partial<Pick<RocCurve, 'thresholds'>>;

/**
 * At most `maxPoints` points of an ROC curve, for storing and drawing it: points lying on a straight
 * line between their neighbours go first (as scikit-learn's `drop_intermediate`), then the rest are
 * picked evenly along the curve's length (fpr + tpr), always keeping (0, 0) and the last point. The
 * area under the kept points differs from the full curve's by at most 2 / (maxPoints - 1).
 */
export function thinRocCurve<T extends RocPoints>(curve: T, maxPoints = 100): T {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw badInput('maxPoints', `must be an integer of at least 2, got ${maxPoints}`);
  const { fpr, tpr } = curve;
  if (fpr.length !== tpr.length || fpr.length === 0) throw badInput('curve', `needs as many fpr as tpr values (got ${fpr.length} and ${tpr.length})`);
  const last = fpr.length - 1;
  let keep: number[] = [0];
  for (let i = 1; i < last; i++) {
    const p = keep[keep.length - 1];
    const cross = (fpr[i] - fpr[p]) * (tpr[i + 1] - tpr[i]) - (tpr[i] - tpr[p]) * (fpr[i + 1] - fpr[i]);
    if (Math.abs(cross) > 1e-12) keep.push(i);
  }
  if (last > 0) keep.push(last);
  if (keep.length > maxPoints) {
    const along = [0];
    for (let k = 1; k < keep.length; k++) along.push(along[k - 1] + Math.abs(fpr[keep[k]] - fpr[keep[k - 1]]) + Math.abs(tpr[keep[k]] - tpr[keep[k - 1]]));
    const total = along[along.length - 1];
    const picked: number[] = [keep[0]];
    let k = 0;
    for (let step = 1; step < maxPoints - 1; step++) {
      const target = (total * step) / (maxPoints - 1);
      while (k < keep.length - 1 && along[k] < target) k++;
      if (keep[k] !== picked[picked.length - 1] && k < keep.length - 1) picked.push(keep[k]);
    }
    picked.push(keep[keep.length - 1]);
    keep = picked;
  }
  const thinned = { ...curve, fpr: keep.map((i) => fpr[i]), tpr: keep.map((i) => tpr[i]) };
  if (curve.thresholds) thinned.thresholds = keep.map((i) => (curve.thresholds as number[])[i]);
  return thinned;
}
