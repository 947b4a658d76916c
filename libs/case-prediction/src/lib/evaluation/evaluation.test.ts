import { createRng, expectedCalibrationError } from '@pmed/tensor';
import { applyCalibration, fitCalibration } from './calibration';
import { foldIndices, stratifiedFolds } from './folds';
import { evaluateRisks } from './risk-metrics';

describe('fitCalibration', () => {
  // Outcomes drawn from a known risk, then reported by an over-confident model (logit doubled, shifted).
  const rng = createRng(7);
  const n = 4000;
  const truth = Array.from({ length: n }, () => rng.normal());
  const labels = truth.map((z) => (rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0));
  const reported = truth.map((z) => 1 / (1 + Math.exp(-(2 * z + 1))));

  it('recovers the slope and intercept that undo a known distortion (Platt)', () => {
    const cal = fitCalibration({ labels, probabilities: reported, method: 'platt' });
    // true z = (reported logit - 1) / 2
    expect(cal.slope).toBeCloseTo(0.5, 1);
    expect(cal.intercept).toBeCloseTo(-0.5, 1);
    const calibrated = reported.map((p) => applyCalibration(cal, p));
    expect(expectedCalibrationError(labels, calibrated)).toBeLessThan(0.03);
    expect(expectedCalibrationError(labels, reported)).toBeGreaterThan(0.1);
  });

  it('fits a temperature without intercept', () => {
    const cal = fitCalibration({ labels, probabilities: reported, method: 'temperature' });
    expect(cal.intercept).toBe(0);
    expect(cal.slope).toBeGreaterThan(0.3);
    expect(cal.slope).toBeLessThan(0.7);
  });

  it('needs both outcomes', () => {
    expect(() => fitCalibration({ labels: [0, 0], probabilities: [0.1, 0.2], method: 'platt' })).toThrow(/both outcomes/);
    expect(fitCalibration({ labels: [0], probabilities: [0.1], method: 'none' }).method).toBe('none');
  });
});

describe('stratifiedFolds', () => {
  it('keeps the outcome share in every fold and uses every sample once', () => {
    const labels = Array.from({ length: 103 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const fold = stratifiedFolds(labels, { folds: 5, seed: 3 });
    const positives = labels.reduce<number>((a, b) => a + b, 0);
    for (let f = 0; f < 5; f++) {
      const { train, test } = foldIndices(fold, f);
      expect(train.length + test.length).toBe(103);
      expect([20, 21]).toContain(test.length);
      const pos = test.filter((i) => labels[i] === 1).length;
      expect(Math.abs(pos - positives / 5)).toBeLessThanOrEqual(1);
    }
    expect(Array.from(stratifiedFolds(labels, { folds: 5, seed: 3 }))).toEqual(Array.from(fold));
    expect(() => stratifiedFolds([0, 1], { folds: 5, seed: 1 })).toThrow(/at least 5 samples/);
  });
});

describe('evaluateRisks', () => {
  it('reports AUROC with a bootstrap interval around it', () => {
    const labels = [0, 0, 0, 1, 1, 0, 1, 0, 0, 1];
    const risks = [0.1, 0.2, 0.3, 0.8, 0.7, 0.4, 0.35, 0.05, 0.6, 0.9];
    const m = evaluateRisks({ labels, risks, seed: 1, iterations: 200 });
    expect(m.auroc).toBeCloseTo(22 / 24, 10);
    expect(m.intervals.auroc?.lower).toBeLessThanOrEqual(m.auroc as number);
    expect(m.intervals.auroc?.upper).toBeGreaterThanOrEqual(m.auroc as number);
    expect(m.positives).toBe(4);
    expect(m.roc?.fpr[0]).toBe(0);
    expect([m.roc?.fpr.at(-1), m.roc?.tpr.at(-1)]).toEqual([1, 1]);
    expect(m.roc?.tpr).toHaveLength(m.roc?.fpr.length as number);
    const none = evaluateRisks({ labels: [0, 0], risks: [0.1, 0.2], seed: 1 });
    expect(none.auroc).toBeNull();
    expect(none.roc).toBeNull();
  });
});
