import { ErrorCode } from '@pmed/core';
import type { PatientTimeline } from '../data/timeline';
import { descriptorWidthOf, fitFeatureSpec, staticWidthOf } from './normalization';
import { encodeTimelines } from './resample';
import { fitSummarySpec, isValidSummarySpec, rawSummaryFeatures, SUMMARY_STATS } from './summary';

const ALL = [...SUMMARY_STATS]; // first, last, min, max, mean, std, count

// Listed out of time order, with ties at the earliest and the latest time.
const stay: PatientTimeline = {
  id: 'a',
  points: [
    { hours: 3, code: 'HR', value: 100 },
    { hours: 0.5, code: 'HR', value: 80 },
    { hours: 0.5, code: 'HR', value: 85 },
    { hours: 3, code: 'HR', value: 90 },
    { hours: 2, code: 'HR', value: 0 }, // impossible: ignored
    { hours: -1, code: 'HR', value: 50 }, // before the window
    { hours: 4, code: 'HR', value: 50 }, // after the 4 h window
    { hours: 1, code: 'Lactate', value: 1 },
    { hours: 2, code: 'Lactate', value: 3 },
  ],
  descriptors: { age: 50 },
};

describe('summary features', () => {
  it('computes first, last, min, max, mean, std and log count of the plausible values in the window', () => {
    const f = rawSummaryFeatures(stay, ['HR', 'Temp', 'Lactate'], 4, ALL, [false, false, true]);
    // HR 80, 85, 90, 100: first listed at the earliest time, last listed at the latest.
    const hr = Array.from(f.subarray(0, 7));
    expect(hr.slice(0, 5)).toEqual([80, 90, 80, 100, 88.75]);
    expect(hr[5]).toBeCloseTo(Math.sqrt(218.75 / 4), 12);
    expect(hr[6]).toBeCloseTo(Math.log(5), 12);
    // Temp never observed: NaN for the values, log1p(0) = 0 for the count.
    expect(Array.from(f.subarray(7, 13)).every(Number.isNaN)).toBe(true);
    expect(f[13]).toBe(0);
    // Lactate log1p-transformed first.
    const lac = Array.from(f.subarray(14));
    expect(lac[0]).toBeCloseTo(Math.log(2), 12);
    expect(lac[1]).toBeCloseTo(Math.log(4), 12);
    expect(lac[4]).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 12);
    expect(lac[5]).toBeCloseTo((Math.log(4) - Math.log(2)) / 2, 12);
  });

  it('log-transforms right-skewed non-negative variables only', () => {
    const lactate = [1, 1, 1.1, 1.2, 1.3, 1.5, 2, 2.5, 4, 9, 15, 20];
    const timelines: PatientTimeline[] = lactate.map((v, i) => ({
      id: `s${i}`,
      points: [
        { hours: 1, code: 'Lactate', value: v },
        { hours: 1, code: 'HR', value: 70 + (i % 4) * 10 },
        { hours: 1, code: 'pH', value: 7.2 + (i % 3) * 0.1 },
      ],
      descriptors: {},
    }));
    expect(fitSummarySpec(timelines, ['Lactate', 'HR', 'pH'], 4, ['mean']).log).toEqual([true, false, false]);
  });

  it('normalises each feature with training statistics stored in the spec, clipping outliers', () => {
    const train: PatientTimeline[] = [
      { id: 'a', points: [{ hours: 0, code: 'HR', value: 80 }, { hours: 1, code: 'HR', value: 100 }], descriptors: { age: 40 } },
      { id: 'b', points: [{ hours: 2, code: 'HR', value: 60 }], descriptors: { age: 60 } },
      { id: 'c', points: [{ hours: 2, code: 'Temp', value: 37 }], descriptors: {} },
    ];
    const spec = fitFeatureSpec(train, { hours: 4, binHours: 2, variables: ['HR', 'Temp'], numericDescriptors: ['age'], categoricalDescriptors: [], summary: ['mean', 'count'] });
    const summary = spec.summary!;
    expect(summary.stats).toEqual(['mean', 'count']);
    // HR mean: 90 (a) and 60 (b), over the stays that observed it; count over all stays.
    expect(summary.mean[0]).toBe(75);
    expect(summary.std[0]).toBe(15);
    const counts = [Math.log(3), Math.log(2), 0];
    const countMean = counts.reduce((x, y) => x + y) / 3;
    expect(summary.mean[1]).toBeCloseTo(countMean, 12);
    expect(summary.std[1]).toBeCloseTo(Math.sqrt(counts.reduce((x, y) => x + (y - countMean) ** 2, 0) / 3), 12);
    expect(summary.mean[2]).toBe(37);
    expect(summary.std[2]).toBe(1); // one stay: no spread

    expect(descriptorWidthOf(spec.statics)).toBe(2);
    expect(staticWidthOf(spec)).toBe(2 + 4);
    const outlier: PatientTimeline = { id: 'd', points: [{ hours: 1, code: 'HR', value: 280 }], descriptors: { age: 50 } };
    const enc = encodeTimelines([train[0], train[2], outlier], spec);
    expect(enc.staticWidth).toBe(6);
    const row = (n: number) => Array.from(enc.statics.subarray(n * 6, n * 6 + 6));
    const z = (k: number, v: number) => (v - summary.mean[k]) / summary.std[k];
    // [age z, age missing, HR mean, HR count, Temp mean, Temp count]
    expect(row(0)[0]).toBeCloseTo(-1, 6);
    expect(row(0)[1]).toBe(0);
    expect(row(0)[2]).toBeCloseTo(1, 6);
    expect(row(0)[3]).toBeCloseTo(z(1, Math.log(3)), 6);
    expect(row(0)[4]).toBe(0); // no Temp: the training mean
    expect(row(0)[5]).toBeCloseTo(z(3, 0), 6);
    expect(row(1)[2]).toBe(0); // no HR
    expect(row(1)[4]).toBe(0); // 37 is the mean
    expect(row(2)[2]).toBe(5); // (280 - 75) / 15 clipped
    // The sequence part is unchanged by the summary.
    const plain = encodeTimelines([train[0]], { ...spec, summary: undefined });
    expect(Array.from(plain.sequences)).toEqual(Array.from(enc.sequences.subarray(0, plain.sequences.length)));
  });

  it('refuses unknown or repeated statistics, and checks stored specs', () => {
    expect(() => fitFeatureSpec([stay], { hours: 4, summary: ['mean', 'median' as never] })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, message: expect.stringMatching(/median/) }));
    expect(() => fitFeatureSpec([stay], { hours: 4, summary: ['mean', 'mean'] })).toThrow(/twice/);
    expect(fitFeatureSpec([stay], { hours: 4, summary: [] }).summary).toBeUndefined();
    const spec = fitFeatureSpec([stay], { hours: 4, summary: ['min', 'max'] });
    expect(isValidSummarySpec(spec.summary, spec.variables.length)).toBe(true);
    expect(isValidSummarySpec(undefined, 2)).toBe(true);
    expect(isValidSummarySpec({ ...spec.summary, mean: [0] }, spec.variables.length)).toBe(false);
    expect(isValidSummarySpec({ ...spec.summary, stats: ['median'] }, spec.variables.length)).toBe(false);
  });
});
