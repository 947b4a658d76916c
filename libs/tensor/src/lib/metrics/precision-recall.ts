import { checkBinaryScores, requireBothClasses, type NumericArray } from './validate';
import { thresholdCounts } from './curve';

export interface PrecisionRecallCurve {
  /** Precision per threshold, thresholds ascending, then a final 1. */
  precision: number[];
  /** Recall per threshold, thresholds ascending, then a final 0. */
  recall: number[];
  /** Distinct scores, ascending (one fewer than precision/recall). */
  thresholds: number[];
}

/** Precision-recall curve laid out as scikit-learn's `precision_recall_curve` (1.2). */
export function precisionRecallCurve(yTrue: NumericArray, yScore: NumericArray): PrecisionRecallCurve {
  checkBinaryScores(yTrue, yScore);
  const { positives } = requireBothClasses('the precision-recall curve', yTrue);
  const c = thresholdCounts(yTrue, yScore);
  const precision: number[] = [];
  const recall: number[] = [];
  const thresholds: number[] = [];
  for (let i = c.thresholds.length - 1; i >= 0; i--) {
    precision.push(c.tps[i] / (c.tps[i] + c.fps[i]));
    recall.push(c.tps[i] / positives);
    thresholds.push(c.thresholds[i]);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds };
}

/**
 * Average precision, sum over thresholds of (R_n - R_{n-1}) * P_n: the step-wise area under the PR
 * curve, without interpolation (scikit-learn's `average_precision_score`).
 */
export function averagePrecision(yTrue: NumericArray, yScore: NumericArray): number {
  const { precision, recall } = precisionRecallCurve(yTrue, yScore);
  let ap = 0;
  for (let i = 0; i < recall.length - 1; i++) ap -= (recall[i + 1] - recall[i]) * precision[i];
  return ap;
}
