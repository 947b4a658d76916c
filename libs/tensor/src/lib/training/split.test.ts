import { createRng } from '../random/rng';
import { balancedClassWeights, sampleWeightsFor } from './class-weights';
import { splitIndices } from './split';

describe('splitIndices', () => {
  const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));

  it('is seeded, disjoint and complete', () => {
    const a = splitIndices({ numSamples: 100, validationFraction: 0.2, rng: createRng(1) });
    expect(splitIndices({ numSamples: 100, validationFraction: 0.2, rng: createRng(1) })).toEqual(a);
    expect(splitIndices({ numSamples: 100, validationFraction: 0.2, rng: createRng(2) })).not.toEqual(a);
    expect(a.validation).toHaveLength(20);
    expect([...a.train, ...a.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('keeps class proportions when stratified', () => {
    for (let seed = 0; seed < 5; seed++) {
      const s = splitIndices({ numSamples: 100, validationFraction: 0.3, rng: createRng(seed), labels });
      expect(Array.from(s.validation).filter((i) => labels[i] === 1)).toHaveLength(3);
      expect(s.validation).toHaveLength(30);
    }
  });

  it('refuses fractions that leave a side empty', () => {
    expect(() => splitIndices({ numSamples: 3, validationFraction: 0.1, rng: createRng(1) })).toThrow(/leaves 3 for training and 0 for validation/);
    expect(() => splitIndices({ numSamples: 3, validationFraction: 0, rng: createRng(1) })).toThrow(/strictly between 0 and 1/);
  });
});

describe('class weights', () => {
  it('balances as scikit-learn’s compute_class_weight("balanced")', () => {
    // n / (k * count): 8 / (2 * 6) and 8 / (2 * 2).
    expect(balancedClassWeights([0, 0, 0, 0, 0, 0, 1, 1])).toEqual({ 0: 8 / 12, 1: 2 });
    expect(balancedClassWeights([2, 0, 2])).toEqual({ 0: 1.5, 2: 0.75 });
    expect(() => balancedClassWeights([0, -1])).toThrow(/labels: holds -1/);
  });

  it('maps labels to sample weights and refuses missing or negative weights', () => {
    expect(Array.from(sampleWeightsFor(Int32Array.from([0, 1, 1]), [0.5, 2]))).toEqual([0.5, 2, 2]);
    expect(() => sampleWeightsFor(Int32Array.from([2]), [1, 1])).toThrow(/no weight for class 2/);
    expect(() => sampleWeightsFor(Int32Array.from([0]), { 0: -1 })).toThrow(/finite and >= 0/);
  });
});
