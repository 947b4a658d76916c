import type { PatientTimeline } from '../data/timeline';
import { fitFeatureSpec } from './normalization';
import { encodeTimelines, selectEncoded } from './resample';

const stay: PatientTimeline = {
  id: 'a',
  points: [
    { hours: 0.2, code: 'HR', value: 80 },
    { hours: 0.8, code: 'HR', value: 100 },
    { hours: 2.5, code: 'HR', value: 60 },
    { hours: 1.1, code: 'Temp', value: 37 },
    { hours: 1.5, code: 'Temp', value: -17 }, // impossible: dropped
    { hours: 3.5, code: 'HR', value: 999 }, // impossible: dropped
    { hours: 9, code: 'HR', value: 70 }, // outside the 4 h window
  ],
  descriptors: { age: 50, sex: 'female', heightCm: null },
};
const other: PatientTimeline = { id: 'b', points: [{ hours: 0.5, code: 'HR', value: 120 }], descriptors: { age: 70, sex: 'male' } };

describe('fitFeatureSpec and encodeTimelines', () => {
  const spec = fitFeatureSpec([stay, other], { hours: 4, binHours: 1 });

  it('learns variables by frequency and normalisation from plausible values in the window', () => {
    expect(spec.variables).toEqual(['HR', 'Temp']);
    // HR: 80, 100, 60, 120 -> mean 90, population sd sqrt(500)
    expect(spec.mean[0]).toBeCloseTo(90, 10);
    expect(spec.std[0]).toBeCloseTo(Math.sqrt(500), 10);
    expect(spec.mean[1]).toBe(37);
    expect(spec.std[1]).toBe(1); // a single value has no spread
    expect(spec.statics.numeric.find((n) => n.name === 'age')).toEqual({ name: 'age', mean: 60, std: 10 });
    expect(spec.statics.categorical).toEqual([{ name: 'sex', categories: ['female', 'male'] }]);
  });

  it('bins, forward fills, masks and measures time since observed; drops impossible values with a count', () => {
    const enc = encodeTimelines([stay], spec);
    expect(enc.steps).toBe(4);
    expect(enc.channels).toBe(6);
    expect(enc.dropped).toBe(2);
    expect(enc.droppedByVariable).toEqual({ Temp: 1, HR: 1 });
    expect(enc.observed[0]).toBe(4);
    const row = (s: number) => Array.from(enc.sequences.subarray(s * 6, s * 6 + 6));
    const z = (v: number) => (v - 90) / Math.sqrt(500);
    // [HR value, Temp value, HR mask, Temp mask, HR delta, Temp delta]
    expect(row(0)[0]).toBeCloseTo(z(90)); // mean of 80 and 100
    expect(row(0).slice(1)).toEqual([0, 1, 0, 0, 1]);
    expect(row(1)[0]).toBeCloseTo(z(90)); // carried forward
    expect(row(1).slice(1)).toEqual([0, 0, 1, 0.25, 0]);
    expect(row(2)[0]).toBeCloseTo(z(60));
    expect(row(2).slice(2)).toEqual([1, 0, 0, 0.25]);
    expect(row(3).slice(2)).toEqual([0, 0, 0.25, 0.5]);
    // statics: age z, age missing, heightCm z, heightCm missing, weightKg z, weightKg missing, sex one-hot
    expect(Array.from(enc.statics)).toEqual([-1, 0, 0, 1, 0, 1, 1, 0]);
  });

  it('selects rows for folds', () => {
    const enc = encodeTimelines([stay, other], spec);
    const picked = selectEncoded(enc, [1]);
    expect(picked.count).toBe(1);
    expect(Array.from(picked.sequences)).toEqual(Array.from(enc.sequences.subarray(24)));
    expect(Array.from(picked.statics)).toEqual(Array.from(enc.statics.subarray(8)));
  });

  it('refuses bad windows and empty input', () => {
    expect(() => fitFeatureSpec([], {})).toThrow(/timelines: is empty/);
    expect(() => fitFeatureSpec([stay], { hours: 5, binHours: 2 })).toThrow(/multiple of binHours/);
    expect(() => fitFeatureSpec([stay], { variables: ['HR', 'HR'] })).toThrow(/twice/);
  });
});
