import { bootstrapCi, quantile } from './bootstrap';
import { rocAuc } from './roc';
import { accuracy } from './classification';
import { createRng } from '../random/rng';

function synthetic(n: number, seed: number): { yTrue: number[]; yScore: number[] } {
  const rng = createRng(seed);
  const yTrue = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
  const yScore = yTrue.map((y) => Math.min(1, Math.max(0, 0.35 + 0.25 * y + 0.2 * rng.normal())));
  return { yTrue, yScore };
}

describe('bootstrapCi', () => {
  const data = synthetic(200, 4);

  it('is reproducible for a seed and brackets the point estimate', () => {
    const run = (seed: number) => bootstrapCi({ yTrue: data.yTrue, yPred: data.yScore, metric: rocAuc, seed, iterations: 300 });
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a.estimate).toBeCloseTo(rocAuc(data.yTrue, data.yScore), 12);
    expect(a.iterations + a.skipped).toBe(300);
  });

  it('narrows with more data', () => {
    const big = synthetic(2000, 5);
    const small = bootstrapCi({ yTrue: data.yTrue, yPred: data.yScore, metric: rocAuc, seed: 3, iterations: 200 });
    const large = bootstrapCi({ yTrue: big.yTrue, yPred: big.yScore, metric: rocAuc, seed: 3, iterations: 200 });
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
  });

  it('skips resamples where the metric is undefined, and stratifying avoids them', () => {
    const yTrue = [1, 0, 0, 0, 0, 0, 0, 0];
    const yScore = [0.9, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
    const plain = bootstrapCi({ yTrue, yPred: yScore, metric: rocAuc, seed: 1, iterations: 200 });
    expect(plain.skipped).toBeGreaterThan(0);
    const strat = bootstrapCi({ yTrue, yPred: yScore, metric: rocAuc, seed: 1, iterations: 200, stratify: true });
    expect(strat.skipped).toBe(0);
  });

  it('refuses bad options and still throws metric bugs', () => {
    expect(() => bootstrapCi({ yTrue: [0, 1], yPred: [1], metric: accuracy, seed: 1 })).toThrow(/yPred: has length 1/);
    expect(() => bootstrapCi({ yTrue: [0, 1], yPred: [0, 1], metric: accuracy, seed: 1, confidence: 1 })).toThrow(/confidence/);
    const broken = (): number => {
      throw new TypeError('bug');
    };
    expect(() => bootstrapCi({ yTrue: [0, 1], yPred: [0, 1], metric: broken, seed: 1 })).toThrow(TypeError);
  });

  it('interpolates quantiles as numpy does', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
  });
});
