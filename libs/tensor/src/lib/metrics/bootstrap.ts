import { badInput, isPmedError } from '@pmed/core';
import { createRng } from '../random/rng';
import { checkSameLength, type NumericArray } from './validate';

export interface BootstrapOptions {
  yTrue: NumericArray;
  /** Scores, probabilities or predicted labels: whatever `metric` takes as its second argument. */
  yPred: NumericArray;
  metric: (yTrue: Float64Array, yPred: Float64Array) => number;
  seed: number;
  /** Number of resamples. Default 1000. */
  iterations?: number;
  /** Two-sided confidence level. Default 0.95. */
  confidence?: number;
  /** Resample within each class of `yTrue`, keeping class counts fixed (no single-class resamples). */
  stratify?: boolean;
}

export interface BootstrapInterval {
  /** The metric on the full data. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  /** Resamples that gave a value. */
  iterations: number;
  /** Resamples on which the metric was undefined (e.g. AUC on a single-class resample), left out. */
  skipped: number;
}

/**
 * Percentile bootstrap confidence interval for any metric: the metric is recomputed on `iterations`
 * resamples drawn with replacement, and the interval is the (1-c)/2 and (1+c)/2 quantiles of those
 * values (linear interpolation, numpy's default).
 */
export function bootstrapCi(options: BootstrapOptions): BootstrapInterval {
  const { yTrue, yPred, metric } = options;
  checkSameLength({ name: 'yTrue', values: yTrue }, { name: 'yPred', values: yPred });
  if (yTrue.length === 0) throw badInput('yTrue', 'is empty');
  const iterations = options.iterations ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(iterations) || iterations < 2) throw badInput('iterations', `must be an integer >= 2, got ${iterations}`);
  if (!(confidence > 0 && confidence < 1)) throw badInput('confidence', `must lie in (0, 1), got ${confidence}`);

  const fullTrue = Float64Array.from(yTrue);
  const fullPred = Float64Array.from(yPred);
  const estimate = metric(fullTrue, fullPred);
  const groups = options.stratify ? groupByLabel(fullTrue) : [Array.from({ length: fullTrue.length }, (_, i) => i)];
  const rng = createRng(options.seed);
  const values: number[] = [];
  const sampleTrue = new Float64Array(fullTrue.length);
  const samplePred = new Float64Array(fullTrue.length);
  for (let it = 0; it < iterations; it++) {
    let k = 0;
    for (const group of groups) {
      for (let j = 0; j < group.length; j++) {
        const idx = group[rng.int(group.length)];
        sampleTrue[k] = fullTrue[idx];
        samplePred[k] = fullPred[idx];
        k++;
      }
    }
    try {
      const value = metric(sampleTrue, samplePred);
      if (Number.isFinite(value)) values.push(value);
    } catch (error) {
      // Only "undefined on this resample" (a bad-input refusal) is skipped; a bug in metric still throws.
      if (!isPmedError(error)) throw error;
    }
  }
  if (values.length < iterations / 2) {
    throw badInput('metric', `was undefined on ${iterations - values.length} of ${iterations} resamples; try stratify: true`);
  }
  values.sort((a, b) => a - b);
  const alpha = (1 - confidence) / 2;
  return {
    estimate,
    lower: quantile(values, alpha),
    upper: quantile(values, 1 - alpha),
    confidence,
    iterations: values.length,
    skipped: iterations - values.length,
  };
}

function groupByLabel(labels: Float64Array): number[][] {
  const groups = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const group = groups.get(label);
    if (group) group.push(i);
    else groups.set(label, [i]);
  });
  return [...groups.keys()].sort((a, b) => a - b).map((key) => groups.get(key) as number[]);
}

/** Quantile of sorted values with linear interpolation between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
