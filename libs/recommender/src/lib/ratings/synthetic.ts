import { badInput } from '@pmed/core';
import { createRng } from '@pmed/tensor';
import { DEFAULT_RATING_SCALE, type RatingMatrix } from './rating-matrix';

export interface SyntheticRatingsOptions {
  users: number;
  items: number;
  ratings: number;
  seed?: number;
  /** True global mean μ (default 3.5). */
  mean?: number;
  /** Standard deviations of the true user and item biases (defaults 0.4 and 0.6). */
  userBiasSd?: number;
  itemBiasSd?: number;
  /** Standard deviation of the rating noise (default 0.8). */
  noiseSd?: number;
  /** Round to whole stars and clip to 1..5 (MovieLens-like); off gives the raw μ + b_u + b_i + ε. */
  discrete?: boolean;
}

export interface SyntheticRatings {
  ratings: RatingMatrix;
  /** The biases the ratings were drawn with, by inner id. */
  trueMean: number;
  trueUserBias: Float64Array;
  trueItemBias: Float64Array;
}

function count(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw badInput(name, `must be an integer from 1 to ${max}, got ${value}`);
  return value;
}

/**
 * Ratings r = μ + b_u + b_i + ε with known biases, written straight into typed arrays (20 million
 * ratings take about 400 MB). Item popularity is skewed (Zipf-like) as in real catalogues.
 */
export function generateSyntheticRatings(options: SyntheticRatingsOptions): SyntheticRatings {
  const nUsers = count('users', options.users, 50_000_000);
  const nItems = count('items', options.items, 50_000_000);
  const n = count('ratings', options.ratings, 200_000_000);
  const rng = createRng(options.seed ?? 42);
  const mean = options.mean ?? 3.5;
  const noiseSd = options.noiseSd ?? 0.8;
  const discrete = options.discrete ?? false;
  const trueUserBias = new Float64Array(nUsers);
  const trueItemBias = new Float64Array(nItems);
  for (let u = 0; u < nUsers; u++) trueUserBias[u] = rng.normal() * (options.userBiasSd ?? 0.4);
  for (let i = 0; i < nItems; i++) trueItemBias[i] = rng.normal() * (options.itemBiasSd ?? 0.6);

  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const values = new Float64Array(n);
  // Item i is drawn with weight 1/(i+10)^0.8: inverse-CDF over a cumulative table.
  const cumulative = new Float64Array(nItems);
  let total = 0;
  for (let i = 0; i < nItems; i++) cumulative[i] = total += 1 / Math.pow(i + 10, 0.8);
  for (let k = 0; k < n; k++) {
    // Every user and item gets at least one rating while there are ratings to spare.
    const cover = k < nUsers || k < nItems;
    const u = cover ? k % nUsers : rng.int(nUsers);
    const target = rng.next() * total;
    let lo = 0;
    let hi = nItems - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    const i = cover ? k % nItems : lo;
    let r = mean + (trueUserBias[u] as number) + (trueItemBias[i] as number) + rng.normal() * noiseSd;
    if (discrete) r = Math.min(5, Math.max(1, Math.round(r)));
    users[k] = u;
    items[k] = i;
    values[k] = r;
  }
  const userIds = Array.from({ length: nUsers }, (_, u) => `u${u}`);
  const itemIds = Array.from({ length: nItems }, (_, i) => `i${i}`);
  const scale = discrete ? DEFAULT_RATING_SCALE : { min: -1e9, max: 1e9 };
  return { ratings: { size: n, users, items, values, timestamps: null, userIds, itemIds, scale }, trueMean: mean, trueUserBias, trueItemBias };
}
