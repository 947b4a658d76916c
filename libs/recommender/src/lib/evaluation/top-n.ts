import { badInput } from '@pmed/core';
import type { RatingMatrix } from '../ratings/rating-matrix';

export interface TopNMetrics {
  k: number;
  /** Means over users that have at least one relevant held-out item. */
  precision: number;
  recall: number;
  ndcg: number;
  /** Share of the catalogue recommended to at least one user. */
  coverage: number;
  users: number;
}

export interface TopNInput {
  /** Each user's ranked recommendations (best first); only the first k count. */
  recommendations: ReadonlyMap<string, readonly string[]>;
  /** Each user's relevant held-out items (e.g. rated at or above a threshold). */
  relevant: ReadonlyMap<string, ReadonlySet<string>>;
  catalogueSize: number;
  k: number;
}

/** precision@k, recall@k, NDCG@k (binary gains, log2 discount) and catalogue coverage. */
export function topNMetrics({ recommendations, relevant, catalogueSize, k }: TopNInput): TopNMetrics {
  if (!Number.isInteger(k) || k < 1) throw badInput('k', `must be a positive integer, got ${k}`);
  if (!Number.isInteger(catalogueSize) || catalogueSize < 1) throw badInput('catalogueSize', `must be a positive integer, got ${catalogueSize}`);
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  let users = 0;
  const shown = new Set<string>();
  for (const [user, ranked] of recommendations) {
    const top = ranked.slice(0, k);
    for (const item of top) shown.add(item);
    const wanted = relevant.get(user);
    if (!wanted || wanted.size === 0) continue;
    users++;
    let hits = 0;
    let dcg = 0;
    top.forEach((item, rank) => {
      if (wanted.has(item)) {
        hits++;
        dcg += 1 / Math.log2(rank + 2);
      }
    });
    let ideal = 0;
    for (let rank = 0; rank < Math.min(k, wanted.size); rank++) ideal += 1 / Math.log2(rank + 2);
    precision += hits / k;
    recall += hits / wanted.size;
    ndcg += dcg / ideal;
  }
  const mean = (x: number) => (users === 0 ? 0 : x / users);
  return { k, precision: mean(precision), recall: mean(recall), ndcg: mean(ndcg), coverage: shown.size / catalogueSize, users };
}

/**
 * Train/test indices split by time: the latest `testFraction` of ratings (by timestamp) are held
 * out, so a model is judged on what came after what it learnt from. Without timestamps the split
 * falls back to the stored order's tail.
 */
export function temporalSplit(ratings: RatingMatrix, testFraction = 0.2): { train: Uint32Array; test: Uint32Array } {
  return splitByTime(ratings.size, ratings.timestamps ?? undefined, testFraction);
}

/**
 * Indices 0..size-1 split into the earlier (1 - testFraction) and the latest testFraction, ordered by
 * `times` (ties and no times: by index). Both parts hold at least one index.
 */
export function splitByTime(size: number, times: ArrayLike<number> | undefined, testFraction = 0.2): { train: Uint32Array; test: Uint32Array } {
  if (!(testFraction > 0 && testFraction < 1)) throw badInput('testFraction', `must be between 0 and 1, got ${testFraction}`);
  const order = new Uint32Array(size);
  for (let k = 0; k < order.length; k++) order[k] = k;
  if (times) order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const cut = Math.max(1, Math.min(size - 1, Math.round(size * (1 - testFraction))));
  return { train: order.slice(0, cut), test: order.slice(cut) };
}
