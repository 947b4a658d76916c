import { badInput } from '@pmed/core';

export const CALIBRATION_METHODS = ['platt', 'temperature', 'none'] as const;
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

/** calibrated = sigmoid(slope * logit(p) + intercept); temperature scaling is slope = 1/T, intercept = 0. */
export interface Calibration {
  method: CalibrationMethod;
  slope: number;
  intercept: number;
}

export const IDENTITY_CALIBRATION: Calibration = { method: 'none', slope: 1, intercept: 0 };

const EPS = 1e-6;
const logit = (p: number) => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function applyCalibration(calibration: Calibration, p: number): number {
  if (calibration.method === 'none') return p;
  return sigmoid(calibration.slope * logit(p) + calibration.intercept);
}

/**
 * Fits Platt scaling (slope and intercept) or temperature scaling (slope only) by Newton's method on
 * the log loss of held-out predictions, with Platt's smoothed targets so that a perfectly separated
 * validation set does not drive the slope to infinity.
 */
export function fitCalibration(options: { labels: ArrayLike<number>; probabilities: ArrayLike<number>; method: CalibrationMethod }): Calibration {
  const { labels, probabilities, method } = options;
  if (method === 'none') return IDENTITY_CALIBRATION;
  if (labels.length !== probabilities.length) throw badInput('probabilities', `has ${probabilities.length} values for ${labels.length} labels`);
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] ? 1 : 0;
  if (positives === 0 || positives === n) throw badInput('labels', 'calibration needs both outcomes in the validation data');
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (n - positives + 2);
  const z = Float64Array.from({ length: n }, (_, i) => logit(probabilities[i]));
  const t = Float64Array.from({ length: n }, (_, i) => (labels[i] ? hi : lo));
  let a = 1;
  let b = 0;
  const fitIntercept = method === 'platt';
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * z[i] + b);
      const r = p - t[i];
      const w = p * (1 - p);
      ga += r * z[i];
      gb += r;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    let da: number;
    let db = 0;
    if (fitIntercept) {
      const det = haa * hbb - hab * hab;
      if (Math.abs(det) < 1e-12) break;
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    } else {
      da = ga / haa;
    }
    // Damped steps keep Newton stable when the logits are large.
    const scale = Math.min(1, 2 / Math.max(Math.abs(da), Math.abs(db), 1e-12));
    a -= da * scale;
    b -= db * scale;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b) || a <= 0) return IDENTITY_CALIBRATION;
  return { method, slope: a, intercept: b };
}
