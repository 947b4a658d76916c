/** Mean, standard deviation and quartiles of a sample. */
export interface Summary {
  n: number;
  mean: number;
  std: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n: 0, mean: NaN, std: NaN, min: NaN, q1: NaN, median: NaN, q3: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const variance = sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  return { n, mean, std: Math.sqrt(variance), min: sorted[0], q1: quantile(sorted, 0.25), median: quantile(sorted, 0.5), q3: quantile(sorted, 0.75), max: sorted[n - 1] };
}

function quantile(sorted: Float64Array, p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * First Wasserstein (earth mover's) distance between two empirical 1-D distributions: the area
 * between their cumulative distribution functions, as MOSES reports for property distributions.
 */
export function wasserstein1d(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return NaN;
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const all = Float64Array.from([...x, ...y]).sort();
  let i = 0;
  let j = 0;
  let distance = 0;
  for (let k = 0; k < all.length - 1; k++) {
    while (i < x.length && x[i] <= all[k]) i++;
    while (j < y.length && y[j] <= all[k]) j++;
    distance += Math.abs(i / x.length - j / y.length) * (all[k + 1] - all[k]);
  }
  return distance;
}
