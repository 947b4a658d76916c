import { badInput } from '@pmed/core';
import type { Rng } from '@pmed/tensor';

/** Largest mixup alpha accepted: beyond it Beta(alpha, alpha) is all but fixed at 0.5. */
export const MAX_MIXUP_ALPHA = 10;

/** A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape < 1 through Gamma(shape + 1) * U^(1/shape)). */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw badInput('shape', `must be a positive number, got ${shape}`);
  if (shape < 1) {
    // 1 - next() lies in (0, 1], so the power never sees 0.
    return sampleGamma(rng, shape + 1) * (1 - rng.next()) ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) draw, as the ratio of two Gamma draws. */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}

/**
 * One mixup draw for a batch (Zhang et al. 2018): each image i is blended with image partner[i] of the
 * same batch as lambda * x_i + (1 - lambda) * x_partner, and its loss is lambda * loss(y_i) +
 * (1 - lambda) * loss(y_partner); lambda ~ Beta(alpha, alpha).
 */
export function drawMixup(rng: Rng, batchSize: number, alpha: number): { lambda: number; partner: Int32Array } {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw badInput('mixup', `must be a positive number, got ${alpha}`);
  return { lambda: sampleBeta(rng, alpha, alpha), partner: Int32Array.from(rng.permutation(batchSize)) };
}
