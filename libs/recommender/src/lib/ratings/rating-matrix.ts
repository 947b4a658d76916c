import { badInput } from '@pmed/core';

/** The rating scale predictions are clipped to (Surprise's `Reader(rating_scale=...)`). */
export interface RatingScale {
  min: number;
  max: number;
}

export const DEFAULT_RATING_SCALE: RatingScale = { min: 1, max: 5 };

/**
 * Ratings as parallel typed arrays (no object per rating). Users and items get dense inner ids in
 * the order they first appear, as Surprise's Trainset numbers them, so fits that depend on visiting
 * order (SGD) match it rating for rating.
 */
export interface RatingMatrix {
  readonly size: number;
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly values: Float64Array;
  /** Seconds since the epoch, or null when the source had no timestamps. */
  readonly timestamps: Float64Array | null;
  /** Raw id of each inner user id. */
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly scale: RatingScale;
}

export function checkScale(scale: RatingScale): RatingScale {
  if (!Number.isFinite(scale.min) || !Number.isFinite(scale.max) || scale.min >= scale.max) {
    throw badInput('scale', `must have finite min < max, got [${scale.min}, ${scale.max}]`);
  }
  return scale;
}

/** Builds a RatingMatrix one rating at a time, growing its arrays by doubling. */
export class RatingMatrixBuilder {
  private users = new Int32Array(1024);
  private items = new Int32Array(1024);
  private values = new Float64Array(1024);
  private times: Float64Array | null = null;
  private count = 0;
  private readonly userIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  private readonly userIds: string[] = [];
  private readonly itemIds: string[] = [];
  private readonly scale: RatingScale;

  constructor(options: { scale?: RatingScale; expectedSize?: number } = {}) {
    this.scale = checkScale(options.scale ?? DEFAULT_RATING_SCALE);
    if (options.expectedSize && options.expectedSize > 1024) this.grow(options.expectedSize);
  }

  get size(): number {
    return this.count;
  }

  /** Adds one rating; the value must lie on the scale. */
  add(user: string, item: string, value: number, timestamp?: number): this {
    if (!Number.isFinite(value) || value < this.scale.min || value > this.scale.max) {
      throw badInput('rating', `${value} is outside the rating scale [${this.scale.min}, ${this.scale.max}]`, { user, item });
    }
    if (this.count === this.users.length) this.grow(this.count * 2);
    const i = this.count++;
    this.users[i] = this.inner(this.userIndex, this.userIds, user);
    this.items[i] = this.inner(this.itemIndex, this.itemIds, item);
    this.values[i] = value;
    if (timestamp !== undefined) {
      if (!Number.isFinite(timestamp)) throw badInput('timestamp', `must be a finite number, got ${timestamp}`);
      if (!this.times) this.times = new Float64Array(this.users.length).fill(Number.NaN);
      this.times[i] = timestamp;
    }
    return this;
  }

  build(): RatingMatrix {
    const n = this.count;
    let timestamps: Float64Array | null = null;
    if (this.times) {
      timestamps = this.times.slice(0, n);
      // A file that gives timestamps on some lines only cannot be split by time.
      if (timestamps.some((t) => Number.isNaN(t))) timestamps = null;
    }
    return {
      size: n,
      users: this.users.slice(0, n),
      items: this.items.slice(0, n),
      values: this.values.slice(0, n),
      timestamps,
      userIds: this.userIds.slice(),
      itemIds: this.itemIds.slice(),
      scale: this.scale,
    };
  }

  private inner(index: Map<string, number>, ids: string[], raw: string): number {
    let id = index.get(raw);
    if (id === undefined) {
      id = ids.length;
      index.set(raw, id);
      ids.push(raw);
    }
    return id;
  }

  private grow(capacity: number): void {
    const copy = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
      to.set(from.subarray(0, this.count));
      return to;
    };
    this.users = copy(this.users, new Int32Array(capacity));
    this.items = copy(this.items, new Int32Array(capacity));
    this.values = copy(this.values, new Float64Array(capacity));
    if (this.times) this.times = copy(this.times, new Float64Array(capacity).fill(Number.NaN));
  }
}

/**
 * The ratings at `indices` as a new matrix whose inner ids are renumbered by first appearance in
 * that order (what Surprise does when it builds a fold's trainset).
 */
export function selectRatings(matrix: RatingMatrix, indices: ArrayLike<number>): RatingMatrix {
  return selectRatingsWithMaps(matrix, indices).matrix;
}

/** selectRatings, also giving each source inner id's new inner id (-1 where absent from the selection). */
export function selectRatingsWithMaps(matrix: RatingMatrix, indices: ArrayLike<number>): { matrix: RatingMatrix; userMap: Int32Array; itemMap: Int32Array } {
  const n = indices.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const values = new Float64Array(n);
  const timestamps = matrix.timestamps ? new Float64Array(n) : null;
  const userMap = new Int32Array(matrix.userIds.length).fill(-1);
  const itemMap = new Int32Array(matrix.itemIds.length).fill(-1);
  const userIds: string[] = [];
  const itemIds: string[] = [];
  for (let k = 0; k < n; k++) {
    const r = indices[k] as number;
    const u = matrix.users[r] as number;
    const i = matrix.items[r] as number;
    if (userMap[u] === -1) {
      userMap[u] = userIds.length;
      userIds.push(matrix.userIds[u] as string);
    }
    if (itemMap[i] === -1) {
      itemMap[i] = itemIds.length;
      itemIds.push(matrix.itemIds[i] as string);
    }
    users[k] = userMap[u] as number;
    items[k] = itemMap[i] as number;
    values[k] = matrix.values[r] as number;
    if (timestamps && matrix.timestamps) timestamps[k] = matrix.timestamps[r] as number;
  }
  return { matrix: { size: n, users, items, values, timestamps, userIds, itemIds, scale: matrix.scale }, userMap, itemMap };
}
