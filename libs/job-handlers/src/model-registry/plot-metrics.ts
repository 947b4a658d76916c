import { thinRocCurve, type EpochRecord, type ReliabilityBin } from '@pmed/tensor';

/** Most ROC points stored with a model version: enough for a smooth plot, a few kilobytes of JSON. */
export const MAX_ROC_POINTS = 100;

/** Rounds for storage: plots need no more digits, and the JSON stays small. */
function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function significant(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(5)) : null;
}

/** An ROC curve as stored in ModelVersion.metrics.rocCurve: at most 100 points, rates to 4 decimals. */
export function rocPlot(roc: { fpr: readonly number[]; tpr: readonly number[] }): { fpr: number[]; tpr: number[] } {
  const thin = thinRocCurve({ fpr: [...roc.fpr], tpr: [...roc.tpr] }, MAX_ROC_POINTS);
  return { fpr: thin.fpr.map((v) => round(v, 4)), tpr: thin.tpr.map((v) => round(v, 4)) };
}

/** Reliability-diagram bins as stored in ModelVersion.metrics.reliability (non-empty bins only). */
export function reliabilityPlot(bins: readonly ReliabilityBin[]): ReliabilityBin[] {
  return bins
    .filter((b) => b.count > 0)
    .map((b) => ({ lower: round(b.lower, 4), upper: round(b.upper, 4), meanPredicted: round(b.meanPredicted, 4), observed: round(b.observed, 4), count: b.count }));
}

/**
 * A training run's history as stored in ModelVersion.metrics.history: one array per metric
 * (loss, val_loss, val_auc, ...) with one value per epoch run, 5 significant digits, null where an
 * epoch did not record that metric or recorded a non-finite value.
 */
export function historyPlot(history: readonly EpochRecord[]): Record<string, (number | null)[]> {
  const names = [...new Set(history.flatMap((h) => Object.keys(h.metrics)))];
  return Object.fromEntries(names.map((name) => [name, history.map((h) => (typeof h.metrics[name] === 'number' ? significant(h.metrics[name]) : null))]));
}
