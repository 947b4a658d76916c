import { averagePrecision, bootstrapCi, brierScore, expectedCalibrationError, reliabilityCurve, rocAuc, rocCurve, thinRocCurve, type BootstrapInterval, type ReliabilityBin } from '@pmed/tensor';

export interface RiskMetrics {
  count: number;
  positives: number;
  auroc: number | null;
  auprc: number | null;
  brier: number;
  ece: number;
  reliability: ReliabilityBin[];
  /** The ROC curve, thinned to at most 100 points for storing and drawing; null with one outcome only. */
  roc: { fpr: number[]; tpr: number[] } | null;
  /** 95% percentile-bootstrap intervals (stratified by outcome). */
  intervals: { auroc: BootstrapInterval | null; auprc: BootstrapInterval | null };
}

/** Discrimination and calibration of risks against outcomes, with bootstrap intervals (iterations 0: none). */
export function evaluateRisks(options: { labels: ArrayLike<number>; risks: ArrayLike<number>; seed: number; iterations?: number; bins?: number }): RiskMetrics {
  const labels = Float64Array.from(options.labels as ArrayLike<number>);
  const risks = Float64Array.from(options.risks as ArrayLike<number>);
  const positives = labels.reduce((a, b) => a + b, 0);
  const both = positives > 0 && positives < labels.length;
  const iterations = options.iterations ?? 1000;
  const roc = both ? rocCurve(labels, risks) : null;
  const ci = (metric: (y: Float64Array, p: Float64Array) => number) => (both && iterations > 0 ? bootstrapCi({ yTrue: labels, yPred: risks, metric, seed: options.seed, iterations, stratify: true }) : null);
  return {
    count: labels.length,
    positives,
    auroc: both ? rocAuc(labels, risks) : null,
    auprc: both ? averagePrecision(labels, risks) : null,
    brier: brierScore(labels, risks),
    ece: expectedCalibrationError(labels, risks, { bins: options.bins ?? 10 }),
    reliability: reliabilityCurve(labels, risks, { bins: options.bins ?? 10 }),
    roc: roc ? thinRocCurve({ fpr: roc.fpr, tpr: roc.tpr }, 100) : null,
    intervals: { auroc: ci(rocAuc), auprc: ci(averagePrecision) },
  };
}
