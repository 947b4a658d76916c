import { badInput } from '@pmed/core';

/**
 * A seeded pseudo-random generator. Every instance owns its state, so concurrent training jobs
 * never disturb one another's sequences.
 */
export interface Rng {
  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (mean 0, variance 1). */
  normal(): number;
  /** Shuffles the array in place (Fisher-Yates) and returns it. */
  shuffle<T, A extends { length: number; [index: number]: T }>(array: A): A;
  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Uint32Array;
  /** A new generator whose sequence is derived from this one's but independent of later draws. */
  fork(): Rng;
  /** A 31-bit seed derived from this generator, for APIs that take a numeric seed (tfjs). */
  seed(): number;
}

// splitmix32 spreads an arbitrary seed over the 128-bit state, so that seeds 1 and 2 do not give
// correlated streams (xoshiro's own advice for seeding).
function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** xoshiro128** (Blackman and Vigna): small state, fast, passes BigCrush for 32-bit outputs. */
class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    const mix = { x: seed | 0 };
    this.s0 = splitmix32(mix);
    this.s1 = splitmix32(mix);
    this.s2 = splitmix32(mix);
    this.s3 = splitmix32(mix);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw badInput('n', `must be an integer in 1..2^32, got ${n}`);
    }
    // Rejection sampling removes the modulo bias that `floor(next() * n)` would have for large n.
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // Box-Muller; 1 - next() lies in (0, 1], so the logarithm is finite.
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  shuffle<T, A extends { length: number; [index: number]: T }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  permutation(n: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0) throw badInput('n', `must be a non-negative integer, got ${n}`);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle<number, Uint32Array>(out);
  }

  fork(): Rng {
    return new Xoshiro128(this.nextUint32() | 0);
  }

  seed(): number {
    return this.nextUint32() >>> 1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator seeded with `seed` (any finite number; the integer part of its 32 low bits is used). */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw badInput('seed', `must be a finite number, got ${seed}`);
  return new Xoshiro128(Math.trunc(seed));
}
