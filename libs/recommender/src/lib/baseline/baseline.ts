import { badInput } from '@pmed/core';
import type { RatingMatrix, RatingScale } from '../ratings/rating-matrix';

/**
 * Baseline estimates r̂(u,i) = μ + b_u + b_i (Koren, "Factor in the neighbors", TKDD 2010), fitted
 * the way Surprise's BaselineOnly fits them, with its defaults, so the two agree rating for rating.
 */
export type BaselineOptions =
  | { method: 'als'; regU?: number; regI?: number; epochs?: number }
  | { method: 'sgd'; reg?: number; learningRate?: number; epochs?: number };

/** Surprise's `bsl_options` defaults. */
export const BASELINE_DEFAULTS = {
  als: { regU: 15, regI: 10, epochs: 10 },
  sgd: { reg: 0.02, learningRate: 0.005, epochs: 20 },
} as const;

export interface BaselineModel {
  method: 'als' | 'sgd';
  globalMean: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  /** Raw id -> inner id. */
  userIndex: ReadonlyMap<string, number>;
  itemIndex: ReadonlyMap<string, number>;
  userIds: readonly string[];
  itemIds: readonly string[];
  /** How many training ratings each user / item has (for explanations and cold-start decisions). */
  userCounts: Int32Array;
  itemCounts: Int32Array;
  scale: RatingScale;
  hyperparameters: Record<string, number>;
}

export interface BaselinePrediction {
  /** μ + known parts, clipped to the scale. */
  estimate: number;
  globalMean: number;
  /** 0 when the user is unknown. */
  userBias: number;
  itemBias: number;
  knownUser: boolean;
  knownItem: boolean;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw badInput(name, `must be a finite number >= 0, got ${value}`);
  return value;
}

function epochCount(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw badInput('epochs', `must be an integer from 1 to 10000, got ${value}`);
  return value;
}

/** Surprise takes the mean with NumPy; a pairwise sum keeps ours as accurate on 20M ratings. */
function pairwiseSum(values: Float64Array, from: number, to: number): number {
  if (to - from <= 128) {
    let s = 0;
    for (let k = from; k < to; k++) s += values[k] as number;
    return s;
  }
  const mid = from + ((to - from) >> 1);
  return pairwiseSum(values, from, mid) + pairwiseSum(values, mid, to);
}

function counts(ids: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let k = 0; k < ids.length; k++) out[ids[k] as number]++;
  return out;
}

export function fitBaseline(ratings: RatingMatrix, options: BaselineOptions = { method: 'als' }): BaselineModel {
  if (ratings.size === 0) throw badInput('ratings', 'at least one rating is needed to fit a baseline model');
  const nUsers = ratings.userIds.length;
  const nItems = ratings.itemIds.length;
  const globalMean = pairwiseSum(ratings.values, 0, ratings.size) / ratings.size;
  const userCounts = counts(ratings.users, nUsers);
  const itemCounts = counts(ratings.items, nItems);
  const userBias = new Float64Array(nUsers);
  const itemBias = new Float64Array(nItems);
  let hyperparameters: Record<string, number>;
  if (options.method === 'als') {
    const regU = nonNegative('regU', options.regU ?? BASELINE_DEFAULTS.als.regU);
    const regI = nonNegative('regI', options.regI ?? BASELINE_DEFAULTS.als.regI);
    const epochs = epochCount(options.epochs ?? BASELINE_DEFAULTS.als.epochs);
    fitAls({ ratings, globalMean, userBias, itemBias, userCounts, itemCounts, regU, regI, epochs });
    hyperparameters = { regU, regI, epochs };
  } else if (options.method === 'sgd') {
    const reg = nonNegative('reg', options.reg ?? BASELINE_DEFAULTS.sgd.reg);
    const learningRate = nonNegative('learningRate', options.learningRate ?? BASELINE_DEFAULTS.sgd.learningRate);
    const epochs = epochCount(options.epochs ?? BASELINE_DEFAULTS.sgd.epochs);
    fitSgd({ ratings, globalMean, userBias, itemBias, userCounts, reg, learningRate, epochs });
    hyperparameters = { reg, learningRate, epochs };
  } else {
    throw badInput('method', `must be 'als' or 'sgd', got ${JSON.stringify((options as { method: unknown }).method)}`);
  }
  return {
    method: options.method,
    globalMean,
    userBias,
    itemBias,
    userIndex: new Map(ratings.userIds.map((id, k) => [id, k])),
    itemIndex: new Map(ratings.itemIds.map((id, k) => [id, k])),
    userIds: ratings.userIds,
    itemIds: ratings.itemIds,
    userCounts,
    itemCounts,
    scale: ratings.scale,
    hyperparameters,
  };
}

interface AlsInput {
  ratings: RatingMatrix;
  globalMean: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  userCounts: Int32Array;
  itemCounts: Int32Array;
  regU: number;
  regI: number;
  epochs: number;
}

/**
 * Surprise's baseline_als: each epoch sets every b_i from the current b_u, then every b_u from the
 * new b_i. Within a half-step no bias depends on another of its own kind, so one pass over the
 * ratings in stored order accumulates exactly the sums Surprise forms item by item (same terms,
 * same order).
 */
function fitAls({ ratings, globalMean, userBias, itemBias, userCounts, itemCounts, regU, regI, epochs }: AlsInput): void {
  const { users, items, values, size } = ratings;
  const devI = new Float64Array(itemBias.length);
  const devU = new Float64Array(userBias.length);
  for (let epoch = 0; epoch < epochs; epoch++) {
    devI.fill(0);
    for (let k = 0; k < size; k++) devI[items[k] as number] += (values[k] as number) - globalMean - (userBias[users[k] as number] as number);
    for (let i = 0; i < itemBias.length; i++) itemBias[i] = (devI[i] as number) / (regI + (itemCounts[i] as number));
    devU.fill(0);
    for (let k = 0; k < size; k++) devU[users[k] as number] += (values[k] as number) - globalMean - (itemBias[items[k] as number] as number);
    for (let u = 0; u < userBias.length; u++) userBias[u] = (devU[u] as number) / (regU + (userCounts[u] as number));
  }
}

interface SgdInput {
  ratings: RatingMatrix;
  globalMean: number;
  userBias: Float64Array;
  itemBias: Float64Array;
  userCounts: Int32Array;
  reg: number;
  learningRate: number;
  epochs: number;
}

/** Rating indices grouped by inner user id, each user's in stored order (Surprise's all_ratings order). */
export function userMajorOrder(users: Int32Array, userCounts: Int32Array): Int32Array {
  const start = new Int32Array(userCounts.length + 1);
  for (let u = 0; u < userCounts.length; u++) start[u + 1] = (start[u] as number) + (userCounts[u] as number);
  const order = new Int32Array(users.length);
  for (let k = 0; k < users.length; k++) order[start[users[k] as number]++ as number] = k;
  return order;
}

/** Surprise's baseline_sgd: err = r - (μ + b_u + b_i); b_u += lr(err - reg b_u); b_i += lr(err - reg b_i). */
function fitSgd({ ratings, globalMean, userBias, itemBias, userCounts, reg, learningRate, epochs }: SgdInput): void {
  const { users, items, values } = ratings;
  const order = userMajorOrder(users, userCounts);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let n = 0; n < order.length; n++) {
      const k = order[n] as number;
      const u = users[k] as number;
      const i = items[k] as number;
      const bu = userBias[u] as number;
      const bi = itemBias[i] as number;
      const err = (values[k] as number) - (globalMean + bu + bi);
      userBias[u] = bu + learningRate * (err - reg * bu);
      itemBias[i] = bi + learningRate * (err - reg * bi);
    }
  }
}

/** Surprise's estimate: μ plus the biases that are known, then clipped to the rating scale. */
export function predictBaseline(model: BaselineModel, user: string, item: string): BaselinePrediction {
  const u = model.userIndex.get(user);
  const i = model.itemIndex.get(item);
  const userBias = u === undefined ? 0 : (model.userBias[u] as number);
  const itemBias = i === undefined ? 0 : (model.itemBias[i] as number);
  const raw = model.globalMean + userBias + itemBias;
  return {
    estimate: Math.min(model.scale.max, Math.max(model.scale.min, raw)),
    globalMean: model.globalMean,
    userBias,
    itemBias,
    knownUser: u !== undefined,
    knownItem: i !== undefined,
  };
}
