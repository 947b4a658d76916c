import { ErrorCode } from '@pmed/core';
import { createRng } from '@pmed/tensor';
import { drawMixup, sampleBeta, sampleGamma } from './mixup';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    sum += v;
    sq += v * v;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

describe('mixup sampling', () => {
  it.each([0.3, 1, 4.5])('draws Gamma(%p) with mean and variance equal to the shape', (shape) => {
    const rng = createRng(11);
    const m = moments(() => sampleGamma(rng, shape), 40_000);
    expect(m.mean).toBeCloseTo(shape, 1);
    expect(Math.abs(m.variance - shape) / shape).toBeLessThan(0.06);
  });

  it.each([0.2, 0.4, 2])('draws the symmetric Beta(%p) in [0, 1] with the right mean and variance', (alpha) => {
    const rng = createRng(5);
    let outside = 0;
    const m = moments(() => {
      const v = sampleBeta(rng, alpha, alpha);
      if (!(v >= 0 && v <= 1)) outside++;
      return v;
    }, 40_000);
    expect(outside).toBe(0);
    expect(m.mean).toBeCloseTo(0.5, 2);
    // Var of Beta(a, a) = 1 / (4 (2a + 1)): 0.179 at a = 0.2, most draws near 0 or 1.
    const expected = 1 / (4 * (2 * alpha + 1));
    expect(Math.abs(m.variance - expected) / expected).toBeLessThan(0.05);
  });

  it('gives a permutation of the batch and is reproducible for one seed', () => {
    const a = drawMixup(createRng(3), 32, 0.2);
    const b = drawMixup(createRng(3), 32, 0.2);
    expect(a).toEqual(b);
    expect(Array.from(a.partner).sort((x, y) => x - y)).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(drawMixup(createRng(4), 32, 0.2).lambda).not.toBe(a.lambda);
  });

  it('refuses a shape or alpha that is not positive', () => {
    expect(() => sampleGamma(createRng(1), 0)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
    expect(() => drawMixup(createRng(1), 8, -1)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringMatching(/mixup/) }));
  });
});
