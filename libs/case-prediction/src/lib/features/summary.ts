import { badInput } from '@pmed/core';
import type { PatientTimeline } from '../data/timeline';
import { isPlausible } from '../data/variables';

/** Statistics of one variable over the window that can join the static branch. */
export const SUMMARY_STATS = ['first', 'last', 'min', 'max', 'mean', 'std', 'count'] as const;
export type SummaryStat = (typeof SUMMARY_STATS)[number];

/** The set the benchmark measured (see docs/benchmarks.md, case-prediction). */
export const DEFAULT_SUMMARY_STATS: readonly SummaryStat[] = ['first', 'last', 'min', 'max', 'mean', 'count'];

/**
 * Per-stay summary statistics of each variable over the window, stored with the model. Values are
 * first transformed (log1p for skewed non-negative variables), summarised, then z-scored with the
 * training stays' mean and standard deviation of each feature and clipped to [-clip, clip]. A stay
 * without the variable gets 0 (the training mean) for its value statistics; `count` (log1p of the
 * number of observations) tells the model that nothing was measured.
 */
export interface SummarySpec {
  stats: SummaryStat[];
  /** Per variable (the FeatureSpec's order): whether values are log1p-transformed first. */
  log: boolean[];
  /** Per feature, variable-major (variable i, statistic j at i * stats.length + j). */
  mean: number[];
  std: number[];
  clip: number;
}

export const SUMMARY_CLIP = 5;

/** Checks and de-duplicates requested statistics (empty: none). */
export function checkSummaryStats(stats: readonly string[]): SummaryStat[] {
  const bad = stats.filter((s) => !SUMMARY_STATS.includes(s as SummaryStat));
  if (bad.length) throw badInput('summary', `unknown statistic(s) ${bad.join(', ')}; use ${SUMMARY_STATS.join(', ')}`);
  if (new Set(stats).size !== stats.length) throw badInput('summary', 'lists a statistic twice');
  return [...stats] as SummaryStat[];
}

export function summaryWidthOf(spec: { variables: readonly string[]; summary?: SummarySpec }): number {
  return spec.summary ? spec.variables.length * spec.summary.stats.length : 0;
}

/** Running statistics of one variable's (transformed) values in one stay. */
class Accumulator {
  count = 0;
  sum = 0;
  sumSq = 0;
  min = Infinity;
  max = -Infinity;
  firstHours = Infinity;
  first = Number.NaN;
  lastHours = -Infinity;
  last = Number.NaN;

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.sumSq = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.firstHours = Infinity;
    this.first = Number.NaN;
    this.lastHours = -Infinity;
    this.last = Number.NaN;
  }

  add(hours: number, value: number): void {
    this.count++;
    this.sum += value;
    this.sumSq += value * value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    // Ties in time: the first listed is the first, the last listed the last.
    if (hours < this.firstHours) {
      this.firstHours = hours;
      this.first = value;
    }
    if (hours >= this.lastHours) {
      this.lastHours = hours;
      this.last = value;
    }
  }

  /** The statistic, NaN when the variable was not observed (except count). */
  stat(stat: SummaryStat): number {
    if (stat === 'count') return Math.log1p(this.count);
    if (this.count === 0) return Number.NaN;
    const mean = this.sum / this.count;
    switch (stat) {
      case 'first':
        return this.first;
      case 'last':
        return this.last;
      case 'min':
        return this.min;
      case 'max':
        return this.max;
      case 'mean':
        return mean;
      case 'std':
        return Math.sqrt(Math.max(0, this.sumSq / this.count - mean * mean));
    }
  }
}

/**
 * Unnormalised features of one stay: for each variable (in order) and statistic, the statistic of
 * its plausible values in [0, hours), after the variable's transform; NaN where not observed.
 */
export function rawSummaryFeatures(timeline: PatientTimeline, variables: readonly string[], hours: number, stats: readonly SummaryStat[], log: readonly boolean[]): Float64Array {
  const index = new Map(variables.map((v, i) => [v, i]));
  const acc = variables.map(() => new Accumulator());
  for (const p of timeline.points) {
    const i = index.get(p.code);
    if (i === undefined || !(p.hours >= 0 && p.hours < hours) || !isPlausible(p.code, p.value)) continue;
    acc[i].add(p.hours, log[i] ? Math.log1p(p.value) : p.value);
  }
  const out = new Float64Array(variables.length * stats.length);
  acc.forEach((a, i) => stats.forEach((s, j) => (out[i * stats.length + j] = a.stat(s))));
  return out;
}

function skewness(n: number, s1: number, s2: number, s3: number): number {
  if (n < 3) return 0;
  const mean = s1 / n;
  const variance = s2 / n - mean * mean;
  if (!(variance > 1e-12)) return 0;
  const third = s3 / n - 3 * mean * (s2 / n) + 2 * mean ** 3;
  return third / variance ** 1.5;
}

/**
 * log1p where it makes a variable markedly more symmetric: every value non-negative, a right skew
 * above 1, and a smaller absolute skew after the transform (lactate, creatinine, enzymes, urine).
 */
function chooseLogTransforms(timelines: readonly PatientTimeline[], variables: readonly string[], hours: number): boolean[] {
  const index = new Map(variables.map((v, i) => [v, i]));
  const v = variables.length;
  const raw = new Float64Array(v * 4);
  const logged = new Float64Array(v * 4);
  const min = new Float64Array(v).fill(Infinity);
  for (const t of timelines) {
    for (const p of t.points) {
      const i = index.get(p.code);
      if (i === undefined || !(p.hours >= 0 && p.hours < hours) || !isPlausible(p.code, p.value)) continue;
      min[i] = Math.min(min[i], p.value);
      const x = p.value;
      raw[i * 4] += 1;
      raw[i * 4 + 1] += x;
      raw[i * 4 + 2] += x * x;
      raw[i * 4 + 3] += x * x * x;
      if (x >= 0) {
        const y = Math.log1p(x);
        logged[i * 4 + 1] += y;
        logged[i * 4 + 2] += y * y;
        logged[i * 4 + 3] += y * y * y;
      }
    }
  }
  return variables.map((_, i) => {
    if (!(min[i] >= 0)) return false;
    const n = raw[i * 4];
    const before = skewness(n, raw[i * 4 + 1], raw[i * 4 + 2], raw[i * 4 + 3]);
    const after = skewness(n, logged[i * 4 + 1], logged[i * 4 + 2], logged[i * 4 + 3]);
    return before > 1 && Math.abs(after) < Math.abs(before);
  });
}

/** Fits the transforms and the normalisation of the summary features on training stays. */
export function fitSummarySpec(timelines: readonly PatientTimeline[], variables: readonly string[], hours: number, requested: readonly string[]): SummarySpec {
  const stats = checkSummaryStats(requested);
  if (stats.length === 0) throw badInput('summary', 'needs at least one statistic');
  const log = chooseLogTransforms(timelines, variables, hours);
  const width = variables.length * stats.length;
  const sum = new Float64Array(width);
  const sumSq = new Float64Array(width);
  const count = new Float64Array(width);
  for (const t of timelines) {
    const f = rawSummaryFeatures(t, variables, hours, stats, log);
    for (let k = 0; k < width; k++) {
      if (Number.isNaN(f[k])) continue;
      sum[k] += f[k];
      sumSq[k] += f[k] * f[k];
      count[k]++;
    }
  }
  const mean = Array.from(sum, (s, k) => (count[k] ? s / count[k] : 0));
  const std = Array.from(sumSq, (s, k) => {
    if (count[k] < 2) return 1;
    const sd = Math.sqrt(Math.max(0, s / count[k] - mean[k] ** 2));
    return sd > 1e-6 ? sd : 1;
  });
  return { stats, log, mean, std, clip: SUMMARY_CLIP };
}

/** Writes a stay's normalised summary features into `out` at `offset`. */
export function encodeSummary(timeline: PatientTimeline, variables: readonly string[], hours: number, spec: SummarySpec, out: Float32Array, offset: number): void {
  const f = rawSummaryFeatures(timeline, variables, hours, spec.stats, spec.log);
  for (let k = 0; k < f.length; k++) {
    out[offset + k] = Number.isNaN(f[k]) ? 0 : Math.max(-spec.clip, Math.min(spec.clip, (f[k] - spec.mean[k]) / spec.std[k]));
  }
}

/** Whether a stored summary spec fits `variables` (for loading artifacts). */
export function isValidSummarySpec(summary: unknown, variables: number): boolean {
  if (summary === undefined) return true;
  const s = summary as Partial<SummarySpec> | null;
  if (!s || !Array.isArray(s.stats) || s.stats.length === 0 || s.stats.some((x) => !SUMMARY_STATS.includes(x))) return false;
  const width = variables * s.stats.length;
  return (
    Array.isArray(s.log) &&
    s.log.length === variables &&
    Array.isArray(s.mean) &&
    s.mean.length === width &&
    Array.isArray(s.std) &&
    s.std.length === width &&
    s.std.every((x) => Number.isFinite(x) && x > 0) &&
    s.mean.every(Number.isFinite) &&
    typeof s.clip === 'number' &&
    s.clip > 0
  );
}
