import { badInput } from '@pmed/core';
import {
  accuracy,
  bootstrapCi,
  confusionMatrix,
  expectedCalibrationError,
  f1Score,
  precision,
  recall,
  reliabilityCurve,
  rocAuc,
  rocCurve,
  type BootstrapInterval,
  type ReliabilityBin,
} from '@pmed/tensor';
import { renderReliabilitySvg, renderRocSvg } from './charts';

export interface ClassificationMetrics {
  /** Binary: AUC of the positive-class (label 1) score, as MedMNIST computes it; multi-class: macro one-vs-rest. */
  auc: number;
  /** Binary: positive when p(class 1) >= 0.5; multi-class: argmax. */
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** Binary: on p(class 1); multi-class: on the top class's confidence against being right. */
  ece: number;
  confusionMatrix: number[][];
  count: number;
}

export interface EvaluationReport {
  metrics: ClassificationMetrics;
  reliability: ReliabilityBin[];
  roc: { fpr: number[]; tpr: number[] };
  rocSvg: string;
  reliabilitySvg: string;
}

function column(probabilities: Float32Array, numClasses: number, k: number): Float64Array {
  const out = new Float64Array(probabilities.length / numClasses);
  for (let i = 0; i < out.length; i++) out[i] = probabilities[i * numClasses + k];
  return out;
}

function predictedLabels(probabilities: Float32Array, numClasses: number): Int32Array {
  const n = probabilities.length / numClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (numClasses === 2) {
      out[i] = probabilities[2 * i + 1] >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (probabilities[i * numClasses + k] > probabilities[i * numClasses + best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Scores on which calibration is measured: see ClassificationMetrics.ece. */
function calibrationPairs(labels: Int32Array, probabilities: Float32Array, numClasses: number): { yTrue: Float64Array; yProb: Float64Array } {
  if (numClasses === 2) return { yTrue: Float64Array.from(labels), yProb: column(probabilities, 2, 1) };
  const predicted = predictedLabels(probabilities, numClasses);
  return {
    yTrue: Float64Array.from(labels, (l, i) => (l === predicted[i] ? 1 : 0)),
    yProb: Float64Array.from(predicted, (p, i) => probabilities[i * numClasses + p]),
  };
}

/** Binary: AUC of the class-1 probability (as MedMNIST computes it); more classes: macro one-vs-rest over classes present. */
export function classificationAuc(labels: ArrayLike<number>, probabilities: Float32Array, numClasses: number): number {
  if (numClasses === 2) return rocAuc(Float64Array.from(labels), column(probabilities, 2, 1));
  let sum = 0;
  let classes = 0;
  for (let k = 0; k < numClasses; k++) {
    const yTrue = Float64Array.from(labels, (l) => (l === k ? 1 : 0));
    const positives = yTrue.reduce((a, v) => a + v, 0);
    if (positives === 0 || positives === yTrue.length) continue;
    sum += rocAuc(yTrue, column(probabilities, numClasses, k));
    classes++;
  }
  if (classes === 0) throw badInput('labels', 'hold a single class; AUC is undefined');
  return sum / classes;
}

/** Metrics, curves and charts for calibrated class probabilities (`n * numClasses`). */
export function evaluatePredictions(args: { labels: Int32Array; probabilities: Float32Array; numClasses: number }): EvaluationReport {
  const { labels, probabilities, numClasses } = args;
  if (probabilities.length !== labels.length * numClasses) throw badInput('probabilities', `hold ${probabilities.length} values for ${labels.length} labels of ${numClasses} classes`);
  const predicted = predictedLabels(probabilities, numClasses);
  const average = numClasses === 2 ? ('binary' as const) : ('macro' as const);
  const { yTrue, yProb } = calibrationPairs(labels, probabilities, numClasses);
  const reliability = reliabilityCurve(yTrue, yProb, { bins: 10 });
  const ece = expectedCalibrationError(yTrue, yProb, { bins: 10 });
  const auc = classificationAuc(labels, probabilities, numClasses);
  const roc = numClasses === 2 ? rocCurve(Float64Array.from(labels), column(probabilities, 2, 1)) : rocCurve(yTrue, yProb);
  return {
    metrics: {
      auc,
      accuracy: accuracy(labels, predicted),
      precision: precision(labels, predicted, { average }),
      recall: recall(labels, predicted, { average }),
      f1: f1Score(labels, predicted, { average }),
      ece,
      confusionMatrix: confusionMatrix(labels, predicted, { numClasses }),
      count: labels.length,
    },
    reliability,
    roc: { fpr: roc.fpr, tpr: roc.tpr },
    rocSvg: renderRocSvg(roc, auc),
    reliabilitySvg: renderReliabilitySvg(reliability, ece),
  };
}

/** 95% bootstrap intervals of AUC and accuracy, for the model card. */
export function metricIntervals(args: { labels: Int32Array; probabilities: Float32Array; numClasses: number; seed: number; iterations?: number }): Record<'auc' | 'accuracy', BootstrapInterval> {
  const { labels, probabilities, numClasses, seed } = args;
  const index = Float64Array.from(labels, (_, i) => i);
  const iterations = args.iterations ?? 1000;
  // The bootstrap resamples indices; each metric looks the rows up again.
  const rows = (idx: Float64Array): { l: Int32Array; p: Float32Array } => {
    const l = new Int32Array(idx.length);
    const p = new Float32Array(idx.length * numClasses);
    idx.forEach((v, i) => {
      l[i] = labels[v];
      p.set(probabilities.subarray(v * numClasses, (v + 1) * numClasses), i * numClasses);
    });
    return { l, p };
  };
  const predicted = predictedLabels(probabilities, numClasses);
  return {
    auc: bootstrapCi({ yTrue: labels, yPred: index, seed, iterations, stratify: true, metric: (_y, idx) => {
      const { l, p } = rows(idx);
      return classificationAuc(l, p, numClasses);
    } }),
    accuracy: bootstrapCi({ yTrue: labels, yPred: predicted, seed: seed + 1, iterations, metric: (y, p) => accuracy(y, p) }),
  };
}
