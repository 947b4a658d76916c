import { badInput } from '@pmed/core';
import { Matrix } from 'ml-matrix';
import type { FeatureBag } from './features';

/** Bags of features as rows of an L2-normalised matrix over one shared vocabulary. */
export class FeatureSpace {
  readonly vocabulary: string[];
  private readonly index: Map<string, number>;

  constructor(bags: readonly FeatureBag[]) {
    this.index = new Map();
    for (const bag of bags) for (const name of bag.keys()) if (!this.index.has(name)) this.index.set(name, this.index.size);
    this.vocabulary = [...this.index.keys()];
  }

  /** Rows are unit vectors (cosine similarity becomes a dot product); an empty bag stays zero. */
  matrix(bags: readonly FeatureBag[]): Matrix {
    const m = new Matrix(bags.length, Math.max(1, this.vocabulary.length));
    bags.forEach((bag, row) => {
      let norm = 0;
      for (const w of bag.values()) norm += w * w;
      norm = Math.sqrt(norm);
      if (norm === 0) return;
      for (const [name, w] of bag) {
        const col = this.index.get(name);
        if (col !== undefined) m.set(row, col, w / norm);
      }
    });
    return m;
  }

  /** The features that add most to the cosine similarity of two bags, largest first. */
  topShared(a: FeatureBag, b: FeatureBag, count: number): { feature: string; contribution: number }[] {
    const norm = (bag: FeatureBag) => Math.sqrt([...bag.values()].reduce((s, w) => s + w * w, 0)) || 1;
    const na = norm(a);
    const nb = norm(b);
    const out: { feature: string; contribution: number }[] = [];
    for (const [name, w] of a) {
      const v = b.get(name);
      if (v !== undefined && w * v > 0) out.push({ feature: name, contribution: (w * v) / (na * nb) });
    }
    return out.sort((x, y) => y.contribution - x.contribution || x.feature.localeCompare(y.feature)).slice(0, count);
  }
}

/** Cosine similarities, users x items. */
export function similarities(space: FeatureSpace, users: readonly FeatureBag[], items: readonly FeatureBag[]): Matrix {
  return space.matrix(users).mmul(space.matrix(items).transpose());
}

/** Per item (column): log Σ_v exp(sim(v,i)/τ) over users v, and max_v sim(v,i); computed stably. */
export function itemNormalisers(sim: Matrix, tau: number): { logZ: Float64Array; maxSim: Float64Array } {
  const logZ = new Float64Array(sim.columns);
  const maxSim = new Float64Array(sim.columns);
  for (let i = 0; i < sim.columns; i++) {
    let max = -Infinity;
    for (let v = 0; v < sim.rows; v++) max = Math.max(max, sim.get(v, i));
    let sum = 0;
    for (let v = 0; v < sim.rows; v++) sum += Math.exp((sim.get(v, i) - max) / tau);
    maxSim[i] = max;
    logZ[i] = max / tau + Math.log(sum);
  }
  return { logZ, maxSim };
}

/** Mean log P(u|i) = sim(u,i)/τ - log Σ_v exp(sim(v,i)/τ) over (user row, item column) pairs. */
export function meanLogLikelihood(sim: Matrix, pairs: readonly [number, number][], tau: number): number {
  const { logZ } = itemNormalisers(sim, tau);
  let total = 0;
  for (const [u, i] of pairs) total += sim.get(u, i) / tau - (logZ[i] as number);
  return total / pairs.length;
}

export const TAU_RANGE = { min: 0.01, max: 10 } as const;

/**
 * The temperature that maximises the held-out log-likelihood of observed (user, item) pairs: a
 * log-spaced grid, then golden-section search around the best grid point.
 */
export function fitTemperature(sim: Matrix, heldOut: readonly [number, number][]): { tau: number; logLikelihood: number } {
  if (heldOut.length === 0) throw badInput('heldOut', 'at least one held-out rating is needed to fit the temperature');
  const f = (logTau: number) => meanLogLikelihood(sim, heldOut, Math.exp(logTau));
  const lo = Math.log(TAU_RANGE.min);
  const hi = Math.log(TAU_RANGE.max);
  const steps = 30;
  let best = lo;
  let bestValue = -Infinity;
  for (let s = 0; s <= steps; s++) {
    const x = lo + ((hi - lo) * s) / steps;
    const value = f(x);
    if (value > bestValue) [best, bestValue] = [x, value];
  }
  let a = Math.max(lo, best - (hi - lo) / steps);
  let b = Math.min(hi, best + (hi - lo) / steps);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let iter = 0; iter < 40; iter++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (f(c) > f(d)) b = d;
    else a = c;
  }
  const x = (a + b) / 2;
  const value = f(x);
  return value >= bestValue ? { tau: Math.exp(x), logLikelihood: value } : { tau: Math.exp(best), logLikelihood: bestValue };
}
