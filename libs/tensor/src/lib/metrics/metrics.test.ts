// Reference values come from tools/reference/metrics_reference.py (scikit-learn and NumPy), pasted
// into __fixtures__/sklearn-reference.ts; floating values are compared to 1e-12, counts exactly.
import { SKLEARN_REFERENCE as REF } from './__fixtures__/sklearn-reference';
import {
  accuracy,
  averagePrecision,
  brierScore,
  confusionMatrix,
  expectedCalibrationError,
  f1Score,
  logLoss,
  precision,
  precisionRecallCurve,
  recall,
  reliabilityCurve,
  rocAuc,
  rocCurve,
  thinRocCurve,
  thresholdScores,
} from './index';
import { createRng } from '../random/index';

const TOL = 1e-12;

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(TOL));
}

describe.each([
  ['ties', REF.ties],
  ['imbalanced', REF.imbalanced],
] as const)('binary metrics match scikit-learn (%s)', (_name, ref) => {
  const yTrue = ref.yTrue;
  const yScore = Float64Array.from(ref.yScore);
  const yPred = thresholdScores(yScore, ref.threshold);

  it('accuracy, precision, recall, F1 and the confusion matrix', () => {
    expect(Math.abs(accuracy(yTrue, yPred) - ref.accuracy)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(precision(yTrue, yPred) - ref.precision)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(recall(yTrue, yPred) - ref.recall)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(f1Score(yTrue, yPred) - ref.f1)).toBeLessThanOrEqual(TOL);
    expect(confusionMatrix(yTrue, yPred, { numClasses: 2 })).toEqual(ref.confusion);
  });

  it('ROC AUC and the ROC curve over distinct thresholds', () => {
    expect(Math.abs(rocAuc(yTrue, yScore) - ref.rocAuc)).toBeLessThanOrEqual(TOL);
    const curve = rocCurve(yTrue, yScore);
    expectClose(curve.fpr, ref.roc.fpr);
    expectClose(curve.tpr, ref.roc.tpr);
    expect(curve.thresholds[0]).toBe(Number.POSITIVE_INFINITY);
    expectClose(curve.thresholds.slice(1), ref.roc.thresholds);
  });

  it('average precision and the precision-recall curve', () => {
    expect(Math.abs(averagePrecision(yTrue, yScore) - ref.averagePrecision)).toBeLessThanOrEqual(TOL);
    const curve = precisionRecallCurve(yTrue, yScore);
    expectClose(curve.precision, ref.pr.precision);
    expectClose(curve.recall, ref.pr.recall);
    expectClose(curve.thresholds, ref.pr.thresholds);
  });

  it('Brier score, log loss, ECE and the reliability curve', () => {
    expect(Math.abs(brierScore(yTrue, yScore) - ref.brier)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(logLoss(yTrue, yScore) - ref.logLoss)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(expectedCalibrationError(yTrue, yScore) - ref.ece)).toBeLessThanOrEqual(TOL);
    const bins = reliabilityCurve(yTrue, yScore);
    expectClose(
      bins.map((b) => b.meanPredicted),
      ref.reliability.meanPredicted,
    );
    expectClose(
      bins.map((b) => b.observed),
      ref.reliability.observed,
    );
    expect(bins.map((b) => b.count)).toEqual(ref.reliability.counts);
  });
});

describe('multi-class metrics match scikit-learn', () => {
  const ref = REF.multiclass;
  it('accuracy, macro precision/recall/F1, the 4x4 confusion matrix and log loss', () => {
    expect(Math.abs(accuracy(ref.yTrue, ref.yPred) - ref.accuracy)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(precision(ref.yTrue, ref.yPred, { average: 'macro' }) - ref.macroPrecision)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(recall(ref.yTrue, ref.yPred, { average: 'macro' }) - ref.macroRecall)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(f1Score(ref.yTrue, ref.yPred, { average: 'macro' }) - ref.macroF1)).toBeLessThanOrEqual(TOL);
    expect(confusionMatrix(ref.yTrue, ref.yPred, { numClasses: 4 })).toEqual(ref.confusion);
    expect(Math.abs(logLoss(ref.yTrue, ref.proba) - ref.logLoss)).toBeLessThanOrEqual(TOL);
  });
});

describe('thinRocCurve', () => {
  const area = (c: { fpr: number[]; tpr: number[] }) => c.fpr.slice(1).reduce((a, x, i) => a + ((x - c.fpr[i]) * (c.tpr[i + 1] + c.tpr[i])) / 2, 0);

  it('keeps at most maxPoints points, both ends, the order and nearly the area', () => {
    const rng = createRng(11);
    const yTrue = Array.from({ length: 4000 }, (_, i) => i % 3 === 0 ? 1 : 0);
    const yScore = yTrue.map((y) => y + 1.5 * rng.normal());
    const full = rocCurve(yTrue, yScore);
    expect(full.fpr.length).toBeGreaterThan(1000);
    const thin = thinRocCurve(full, 100);
    expect(thin.fpr.length).toBeLessThanOrEqual(100);
    expect(thin.fpr.length).toBeGreaterThan(50);
    expect(thin.tpr).toHaveLength(thin.fpr.length);
    expect(thin.thresholds).toHaveLength(thin.fpr.length);
    expect([thin.fpr[0], thin.tpr[0], thin.fpr.at(-1), thin.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    for (let i = 1; i < thin.fpr.length; i++) {
      expect(thin.fpr[i]).toBeGreaterThanOrEqual(thin.fpr[i - 1]);
      expect(thin.tpr[i]).toBeGreaterThanOrEqual(thin.tpr[i - 1]);
      expect(thin.thresholds?.[i]).toBeLessThan(thin.thresholds?.[i - 1] as number);
    }
    expect(Math.abs(area(thin) - rocAuc(yTrue, yScore))).toBeLessThan(2 / 99);
    expect(Math.abs(area(thin) - rocAuc(yTrue, yScore))).toBeLessThan(0.005);
  });

  it('drops only points on straight runs of a short curve, keeping its area exactly', () => {
    const curve = { fpr: [0, 0, 0, 0.5, 1, 1], tpr: [0, 0.25, 0.5, 0.5, 0.5, 1] };
    const thin = thinRocCurve(curve, 100);
    expect(thin).toEqual({ fpr: [0, 0, 1, 1], tpr: [0, 0.5, 0.5, 1] });
    expect(area(thin)).toBe(area(curve));
    expect('thresholds' in thin).toBe(false);
  });

  it('refuses a too small budget or mismatched arrays', () => {
    expect(() => thinRocCurve({ fpr: [0, 1], tpr: [0, 1] }, 1)).toThrow(/maxPoints: must be an integer of at least 2/);
    expect(() => thinRocCurve({ fpr: [0, 1], tpr: [0] })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('metric input errors', () => {
  const code = { code: 'BAD_USER_INPUT' };
  it('refuses length mismatches, naming the argument', () => {
    expect(() => accuracy([0, 1], [0])).toThrow(/yPred: has length 1 but yTrue has length 2/);
    expect(() => rocAuc([0, 1, 1], [0.1, 0.2])).toThrow(expect.objectContaining(code));
  });
  it('refuses single-class labels where AUC is undefined', () => {
    expect(() => rocAuc([1, 1, 1], [0.1, 0.5, 0.9])).toThrow(/only one class.*ROC curve is undefined/);
    expect(() => averagePrecision([0, 0], [0.1, 0.5])).toThrow(expect.objectContaining(code));
  });
  it('refuses NaN scores and out-of-range probabilities', () => {
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrow(/yScore: holds a non-finite value \(NaN\) at index 1/);
    expect(() => brierScore([0, 1], [0.1, 1.5])).toThrow(/probabilities lie in \[0, 1\]/);
    expect(() => thresholdScores([Number.NaN])).toThrow(expect.objectContaining(code));
  });
  it('refuses labels that are not classes', () => {
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(/binary labels are 0 or 1/);
    expect(() => confusionMatrix([0, 1.5], [0, 1])).toThrow(/integers >= 0/);
    expect(() => confusionMatrix([0, 3], [0, 1], { numClasses: 2 })).toThrow(/numClasses is 2/);
    expect(() => expectedCalibrationError([0, 1], [0.2, 0.7], { bins: 0 })).toThrow(/bins: must be a positive integer/);
  });
  it('gives 0 rather than NaN when nothing is predicted positive', () => {
    expect(precision([0, 1], [0, 0])).toBe(0);
    expect(f1Score([0, 0], [0, 0])).toBe(0);
  });
});
