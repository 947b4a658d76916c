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
