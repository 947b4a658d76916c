import { RatingMatrixBuilder } from '../ratings/rating-matrix';
import { generateSyntheticRatings } from '../ratings/synthetic';
import { crossValidateBaseline, kFoldBoundaries } from './cross-validation';
import { temporalSplit, topNMetrics } from './top-n';

describe('crossValidateBaseline', () => {
  it('splits like Surprise KFold and reports mean RMSE / MAE', () => {
    expect(kFoldBoundaries(12, 5)).toEqual([0, 3, 6, 8, 10, 12]);
    const data = generateSyntheticRatings({ users: 200, items: 80, ratings: 8000, seed: 3, noiseSd: 0.6 });
    const seen: number[] = [];
    const result = crossValidateBaseline(data.ratings, { folds: 4, seed: 1, onFold: (f) => seen.push(f.testSize) });
    expect(seen).toEqual([2000, 2000, 2000, 2000]);
    // The noise floor is 0.6; a good fit lands just above it and far below predicting μ alone.
    expect(result.rmse).toBeGreaterThan(0.55);
    expect(result.rmse).toBeLessThan(0.7);
    expect(result.mae).toBeLessThan(result.rmse);
    expect(result.ratings).toBe(8000);
    expect(crossValidateBaseline(data.ratings, { folds: 4, seed: 1 }).rmse).toBe(result.rmse);
  });

  it('refuses bad fold counts', () => {
    const data = generateSyntheticRatings({ users: 5, items: 5, ratings: 10 });
    expect(() => crossValidateBaseline(data.ratings, { folds: 1 })).toThrow(/folds/);
    expect(() => crossValidateBaseline(data.ratings, { folds: 11 })).toThrow(/cannot be split/);
  });
});

describe('topNMetrics', () => {
  it('computes precision, recall, NDCG and coverage by hand-checked values', () => {
    const m = topNMetrics({
      recommendations: new Map([
        ['u1', ['a', 'b', 'c']],
        ['u2', ['c', 'd', 'e']],
        ['u3', ['a']],
      ]),
      relevant: new Map([
        ['u1', new Set(['b', 'x'])],
        ['u2', new Set(['c'])],
      ]),
      catalogueSize: 10,
      k: 2,
    });
    // u1: hit at rank 2 -> p 1/2, r 1/2, ndcg (1/log2 3)/(1 + 1/log2 3); u2: hit at rank 1 -> 1/2, 1, 1.
    expect(m.users).toBe(2);
    expect(m.precision).toBeCloseTo(0.5, 12);
    expect(m.recall).toBeCloseTo(0.75, 12);
    const u1 = 1 / Math.log2(3) / (1 + 1 / Math.log2(3));
    expect(m.ndcg).toBeCloseTo((u1 + 1) / 2, 12);
    expect(m.coverage).toBeCloseTo(4 / 10, 12); // a, b, c, d
  });
});

describe('temporalSplit', () => {
  it('holds out the latest ratings', () => {
    const b = new RatingMatrixBuilder();
    [50, 10, 40, 20, 30].forEach((t, k) => b.add(`u${k}`, 'i', 3, t));
    const { train, test } = temporalSplit(b.build(), 0.4);
    expect([...train]).toEqual([1, 3, 4]);
    expect([...test]).toEqual([2, 0]);
  });
});
