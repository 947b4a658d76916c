import { badInput } from '@pmed/core';
import { createRng } from '@pmed/tensor';
import { fitBaseline, type BaselineModel, type BaselineOptions } from '../baseline/baseline';
import { selectRatingsWithMaps, type RatingMatrix } from '../ratings/rating-matrix';

export interface FoldResult {
  fold: number;
  trainSize: number;
  testSize: number;
  rmse: number;
  mae: number;
  fitSeconds: number;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  /** Means over folds (Surprise's cross_validate reports the same). */
  rmse: number;
  mae: number;
  /** Fit time summed over folds. */
  fitSeconds: number;
  ratings: number;
}

export interface CrossValidationOptions {
  folds?: number;
  seed?: number;
  model?: BaselineOptions;
  /** Called after each fold (progress bars, job progress). */
  onFold?: (result: FoldResult) => void;
  signal?: AbortSignal;
}

/**
 * Fold boundaries as Surprise's KFold draws them: a shuffled index, the first n mod k folds one
 * rating larger.
 */
export function kFoldBoundaries(n: number, folds: number): number[] {
  const bounds = [0];
  for (let f = 0; f < folds; f++) bounds.push((bounds[f] as number) + Math.floor(n / folds) + (f < n % folds ? 1 : 0));
  return bounds;
}

/** Error of a fitted model on rating indices of the source matrix, in Surprise's clipped-estimate way. */
export function baselineErrors(model: BaselineModel, source: RatingMatrix, indices: ArrayLike<number>, maps: { userMap: Int32Array; itemMap: Int32Array }): { rmse: number; mae: number } {
  let squared = 0;
  let absolute = 0;
  const { min, max } = model.scale;
  for (let k = 0; k < indices.length; k++) {
    const r = indices[k] as number;
    const u = maps.userMap[source.users[r] as number] as number;
    const i = maps.itemMap[source.items[r] as number] as number;
    let est = model.globalMean + (u >= 0 ? (model.userBias[u] as number) : 0) + (i >= 0 ? (model.itemBias[i] as number) : 0);
    est = est < min ? min : est > max ? max : est;
    const err = (source.values[r] as number) - est;
    squared += err * err;
    absolute += Math.abs(err);
  }
  return { rmse: Math.sqrt(squared / indices.length), mae: absolute / indices.length };
}

/** k-fold cross-validation of the baseline model with a seeded shuffle. */
export function crossValidateBaseline(ratings: RatingMatrix, options: CrossValidationOptions = {}): CrossValidationResult {
  const folds = options.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 100) throw badInput('folds', `must be an integer from 2 to 100, got ${folds}`);
  if (ratings.size < folds) throw badInput('ratings', `${ratings.size} rating(s) cannot be split into ${folds} folds`);
  const order = createRng(options.seed ?? 0).permutation(ratings.size);
  const bounds = kFoldBoundaries(ratings.size, folds);
  const results: FoldResult[] = [];
  for (let f = 0; f < folds; f++) {
    if (options.signal?.aborted) throw options.signal.reason;
    const start = bounds[f] as number;
    const stop = bounds[f + 1] as number;
    const trainIdx = new Uint32Array(ratings.size - (stop - start));
    trainIdx.set(order.subarray(0, start), 0);
    trainIdx.set(order.subarray(stop), start);
    const testIdx = order.subarray(start, stop);
    const t0 = performance.now();
    const selected = selectRatingsWithMaps(ratings, trainIdx);
    const model = fitBaseline(selected.matrix, options.model ?? { method: 'als' });
    const fitSeconds = (performance.now() - t0) / 1000;
    const errors = baselineErrors(model, ratings, testIdx, selected);
    const result = { fold: f + 1, trainSize: trainIdx.length, testSize: testIdx.length, ...errors, fitSeconds };
    results.push(result);
    options.onFold?.(result);
  }
  const avg = (key: 'rmse' | 'mae') => results.reduce((s, r) => s + r[key], 0) / results.length;
  return { folds: results, rmse: avg('rmse'), mae: avg('mae'), fitSeconds: results.reduce((s, r) => s + r.fitSeconds, 0), ratings: ratings.size };
}
