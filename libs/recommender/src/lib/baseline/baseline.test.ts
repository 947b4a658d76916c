import { RatingMatrixBuilder } from '../ratings/rating-matrix';
import { generateSyntheticRatings } from '../ratings/synthetic';
import { SURPRISE_REFERENCE as REF } from './__fixtures__/surprise-reference';
import { fitBaseline, predictBaseline, type BaselineModel, type BaselineOptions } from './baseline';

// Reference values: tools/reference/baseline_only_reference.py (Surprise's BaselineOnly rules).
function train() {
  const builder = new RatingMatrixBuilder();
  for (const [u, i, r] of REF.train) builder.add(u, i, r);
  return builder.build();
}

function expectMatches(model: BaselineModel, expected: { userBias: Record<string, number>; itemBias: Record<string, number>; predictions: readonly number[] }) {
  expect(model.globalMean).toBeCloseTo(REF.globalMean, 14);
  for (const [user, bias] of Object.entries(expected.userBias)) expect(model.userBias[model.userIndex.get(user)!]).toBeCloseTo(bias, 12);
  for (const [item, bias] of Object.entries(expected.itemBias)) expect(model.itemBias[model.itemIndex.get(item)!]).toBeCloseTo(bias, 12);
  REF.queries.forEach(([u, i], k) => expect(predictBaseline(model, u, i).estimate).toBeCloseTo(expected.predictions[k]!, 12));
}

describe('fitBaseline against Surprise BaselineOnly', () => {
  it('ALS with the default options (reg_i 10, reg_u 15, 10 epochs)', () => {
    const model = fitBaseline(train(), { method: 'als' });
    expect(model.hyperparameters).toEqual({ regU: 15, regI: 10, epochs: 10 });
    expectMatches(model, REF.als);
  });

  it('SGD with the default options (reg 0.02, lr 0.005, 20 epochs)', () => {
    const model = fitBaseline(train(), { method: 'sgd' });
    expect(model.hyperparameters).toEqual({ reg: 0.02, learningRate: 0.005, epochs: 20 });
    expectMatches(model, REF.sgd);
  });

  it('ALS and SGD with other options', () => {
    expectMatches(fitBaseline(train(), { method: 'als', regU: 2, regI: 3, epochs: 4 }), REF.alsCustom);
    expectMatches(fitBaseline(train(), { method: 'sgd', reg: 0.1, learningRate: 0.05, epochs: 7 }), REF.sgdCustom);
  });

  it('falls back to the known parts for unknown users and items', () => {
    const model = fitBaseline(train(), { method: 'als' });
    const unknownUser = predictBaseline(model, 'zoe', 'm1');
    expect(unknownUser).toMatchObject({ knownUser: false, knownItem: true, userBias: 0 });
    expect(unknownUser.estimate).toBeCloseTo(model.globalMean + unknownUser.itemBias, 12);
    expect(predictBaseline(model, 'zoe', 'm9')).toMatchObject({ estimate: model.globalMean, knownUser: false, knownItem: false });
  });

  it('refuses bad options and empty data', () => {
    expect(() => fitBaseline(train(), { method: 'als', epochs: 0 })).toThrow(/epochs/);
    expect(() => fitBaseline(train(), { method: 'sgd', learningRate: -1 })).toThrow(/learningRate/);
    expect(() => fitBaseline(train(), { method: 'nope' } as unknown as BaselineOptions)).toThrow(/method/);
    expect(() => fitBaseline(new RatingMatrixBuilder().build())).toThrow(/at least one rating/);
  });
});

describe('fitBaseline on synthetic ratings with known biases', () => {
  it('recovers the biases (ALS and SGD)', () => {
    const data = generateSyntheticRatings({ users: 300, items: 100, ratings: 30_000, seed: 7, noiseSd: 0.5 });
    for (const options of [{ method: 'als', regU: 1, regI: 1, epochs: 20 }, { method: 'sgd', epochs: 60, learningRate: 0.01 }] as BaselineOptions[]) {
      const model = fitBaseline(data.ratings, options);
      // μ + b_u + b_i against the noise-free truth over every (u, i) pair.
      let squared = 0;
      for (let u = 0; u < 300; u++) for (let i = 0; i < 100; i++) squared += (model.globalMean + model.userBias[u]! + model.itemBias[i]! - (data.trueMean + data.trueUserBias[u]! + data.trueItemBias[i]!)) ** 2;
      expect(Math.sqrt(squared / 30_000)).toBeLessThan(0.2);
      // Biases are identified up to a shared constant, so compare centred values.
      expect(correlation(model.itemBias, data.trueItemBias)).toBeGreaterThan(0.97);
      expect(correlation(model.userBias, data.trueUserBias)).toBeGreaterThan(0.9);
      expect(rmsDiff(centre(model.itemBias), centre(data.trueItemBias))).toBeLessThan(0.15);
    }
  });
});

const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
const centre = (a: Float64Array) => a.map((x) => x - mean(a));
function rmsDiff(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k]! - b[k]!) ** 2;
  return Math.sqrt(s / a.length);
}
function correlation(a: Float64Array, b: Float64Array): number {
  const ca = centre(a);
  const cb = centre(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += ca[k]! * cb[k]!;
    aa += ca[k]! ** 2;
    bb += cb[k]! ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}
