import type { NumericArray } from './validate';

/** Cumulative true and false positives at each distinct score, scores descending. */
export interface ThresholdCounts {
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
}

/**
 * Counts at each distinct threshold: predicting positive for score >= threshold. Tied scores form a
 * single point, which is what makes the curve's area the tie-aware AUC (as scikit-learn's
 * `_binary_clf_curve`). Inputs must already be validated.
 */
export function thresholdCounts(yTrue: NumericArray, yScore: NumericArray): ThresholdCounts {
  const n = yScore.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yScore[b] - yScore[a]);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (yTrue[i] === 1) tp++;
    else fp++;
    if (k === n - 1 || yScore[order[k + 1]] !== yScore[i]) {
      thresholds.push(yScore[i]);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds: Float64Array.from(thresholds), tps: Float64Array.from(tps), fps: Float64Array.from(fps) };
}
