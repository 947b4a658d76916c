import type { TrainingProgress } from '@pmed/tensor';
import { labelsOf, trainCaseModel, type TrainCaseModelOptions, type TrainedCaseModel } from '../model/train';
import { scoreTimelines } from '../model/predict';
import { foldIndices, stratifiedFolds } from './folds';
import { evaluateRisks, type RiskMetrics } from './risk-metrics';

export interface FoldResult {
  fold: number;
  train: number;
  test: number;
  auroc: number | null;
  ece: number;
  /** Epochs of the (first) network. */
  epochsRun: number;
  /** Epochs of each network of a seed ensemble (one entry for a single network). */
  memberEpochs: number[];
}

export interface CrossValidationResult {
  folds: FoldResult[];
  /** Metrics of the pooled out-of-fold calibrated risks, with bootstrap intervals. */
  pooled: RiskMetrics;
  /** Mean and standard deviation of the per-fold AUROC. */
  foldAuroc: { mean: number; std: number } | null;
  /** Out-of-fold calibrated risk per timeline, in input order (NaN for stays with no observation). */
  risks: Float64Array;
  trainSeconds: number;
}

export interface CrossValidateOptions extends Omit<TrainCaseModelOptions, 'onProgress'> {
  folds: number;
  onFold?: (fold: number, folds: number) => void;
  /** Sees each fold's model (before it is disposed) with the input indices of its held-out stays. */
  onFoldModel?: (fold: number, trained: TrainedCaseModel, test: readonly number[]) => void | Promise<void>;
  onProgress?: (fold: number, progress: TrainingProgress) => void;
}

/** Stratified k-fold cross-validation: every stay is scored once by a model that never saw it. */
export async function crossValidateCaseModel(options: CrossValidateOptions): Promise<CrossValidationResult> {
  const labels = labelsOf(options.timelines);
  const assignment = stratifiedFolds(labels, { folds: options.folds, seed: options.seed });
  const risks = new Float64Array(labels.length).fill(Number.NaN);
  const folds: FoldResult[] = [];
  const started = performance.now();
  for (let f = 0; f < options.folds; f++) {
    options.onFold?.(f, options.folds);
    const { train, test } = foldIndices(assignment, f);
    const trained = await trainCaseModel({
      ...options,
      timelines: train.map((i) => options.timelines[i]),
      seed: options.seed + f,
      onProgress: options.onProgress ? (p) => options.onProgress?.(f, p) : undefined,
    });
    try {
      const scored = scoreTimelines(trained, test.map((i) => options.timelines[i]));
      scored.forEach((s, j) => (risks[test[j]] = s.calibratedRisk ?? Number.NaN));
      const ok = test.filter((i) => Number.isFinite(risks[i]));
      const m = evaluateRisks({ labels: ok.map((i) => labels[i]), risks: ok.map((i) => risks[i]), seed: options.seed, iterations: 0 });
      await options.onFoldModel?.(f, trained, test);
      folds.push({ fold: f, train: train.length, test: test.length, auroc: m.auroc, ece: m.ece, epochsRun: trained.training.epochsRun, memberEpochs: trained.memberTraining.map((r) => r.training.epochsRun) });
    } finally {
      trained.model.dispose();
    }
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const ok = [...labels.keys()].filter((i) => Number.isFinite(risks[i]));
  const pooled = evaluateRisks({ labels: ok.map((i) => labels[i]), risks: ok.map((i) => risks[i]), seed: options.seed });
  const aucs = folds.map((f) => f.auroc).filter((a): a is number => a !== null);
  const mean = aucs.reduce((a, b) => a + b, 0) / (aucs.length || 1);
  const foldAuroc = aucs.length ? { mean, std: Math.sqrt(aucs.reduce((a, b) => a + (b - mean) ** 2, 0) / aucs.length) } : null;
  return { folds, pooled, foldAuroc, risks, trainSeconds };
}
