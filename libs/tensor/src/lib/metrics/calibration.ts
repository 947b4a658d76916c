import { badInput } from '@pmed/core';
import { checkBinaryLabels, checkProbabilities, checkSameLength, type NumericArray } from './validate';

export interface CalibrationOptions {
  /** Number of equal-width bins over [0, 1]. Default 10. */
  bins?: number;
}

export interface ReliabilityBin {
  /** Bin edges: the bin holds lower < p <= upper (the first bin also holds p = 0). */
  lower: number;
  upper: number;
  /** Mean predicted probability of the samples in the bin. */
  meanPredicted: number;
  /** Fraction of positives among them (observed frequency). */
  observed: number;
  count: number;
}

function checkCalibrationInput(yTrue: NumericArray, yProb: NumericArray, options: CalibrationOptions): number {
  checkBinaryLabels('yTrue', yTrue);
  checkProbabilities('yProb', yProb);
  checkSameLength({ name: 'yTrue', values: yTrue }, { name: 'yProb', values: yProb });
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw badInput('bins', `must be a positive integer, got ${bins}`);
  return bins;
}

/**
 * Edges as numpy.linspace(0, 1, bins + 1) computes them (i * step, last exactly 1), so that a
 * probability lying on an edge falls in the same bin as in scikit-learn's `calibration_curve`.
 */
function binEdges(bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = 1 / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

function binIndex(edges: Float64Array, p: number): number {
  // Number of interior edges strictly below p: right-closed bins.
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < p) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Reliability curve over equal-width bins: for every non-empty bin, the mean predicted probability,
 * the observed frequency of positives and the count (scikit-learn's `calibration_curve`,
 * strategy 'uniform', plus counts and edges).
 */
export function reliabilityCurve(yTrue: NumericArray, yProb: NumericArray, options: CalibrationOptions = {}): ReliabilityBin[] {
  const bins = checkCalibrationInput(yTrue, yProb, options);
  const edges = binEdges(bins);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < yProb.length; i++) {
    const b = binIndex(edges, yProb[i]);
    count[b]++;
    sumP[b] += yProb[i];
    sumY[b] += yTrue[i];
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({ lower: edges[b], upper: edges[b + 1], meanPredicted: sumP[b] / count[b], observed: sumY[b] / count[b], count: count[b] });
  }
  return out;
}

/**
 * Expected calibration error of positive-class probabilities:
 * ECE = sum over non-empty bins b of (n_b / n) * |observed_b - meanPredicted_b|,
 * with `bins` equal-width bins ((i-1)/B, i/B], the first closed at 0. 0 is perfect calibration.
 */
export function expectedCalibrationError(yTrue: NumericArray, yProb: NumericArray, options: CalibrationOptions = {}): number {
  const curve = reliabilityCurve(yTrue, yProb, options);
  let ece = 0;
  for (const bin of curve) ece += (bin.count / yTrue.length) * Math.abs(bin.observed - bin.meanPredicted);
  return ece;
}

/** Brier score: mean squared difference between the positive-class probability and the 0/1 label. */
export function brierScore(yTrue: NumericArray, yProb: NumericArray): number {
  checkBinaryLabels('yTrue', yTrue);
  checkProbabilities('yProb', yProb);
  checkSameLength({ name: 'yTrue', values: yTrue }, { name: 'yProb', values: yProb });
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yProb[i] - yTrue[i]) ** 2;
  return sum / yTrue.length;
}
