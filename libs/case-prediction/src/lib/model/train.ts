import { badInput } from '@pmed/core';
import { balancedClassWeights, createRng, fitModel, rocAuc, splitIndices, tf, type TrainingProgress, type TrainingResult } from '@pmed/tensor';
import type { PatientTimeline } from '../data/timeline';
import { applyCalibration, fitCalibration, IDENTITY_CALIBRATION, type Calibration, type CalibrationMethod } from '../evaluation/calibration';
import { evaluateRisks, type RiskMetrics } from '../evaluation/risk-metrics';
import { fitFeatureSpec, type FeatureSpec, type FitFeatureOptions } from '../features/normalization';
import { encodeTimelines, type EncodedTimelines } from '../features/resample';
import { buildRiskModel, DEFAULT_RISK_MODEL_CONFIG, focalLoss, packInputs, predictPacked, type RiskModelConfig } from './risk-model';

export const IMBALANCE_STRATEGIES = ['class-weights', 'focal', 'none'] as const;
export type ImbalanceStrategy = (typeof IMBALANCE_STRATEGIES)[number];

/** A trained risk model with everything scoring needs. */
export interface CaseModel {
  model: tf.LayersModel;
  spec: FeatureSpec;
  calibration: Calibration;
  config: RiskModelConfig;
  /** The outcome it predicts, e.g. 'inHospitalDeath'. */
  outcome: string;
}

export interface TrainCaseModelOptions {
  /** Labelled timelines (label 0 or 1). */
  timelines: readonly PatientTimeline[];
  outcome: string;
  features?: FitFeatureOptions;
  model?: Partial<Omit<RiskModelConfig, 'outputs'>>;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  /** Early-stopping patience in epochs on validation AUROC; 0 turns it off. Default 5. */
  patience?: number;
  /** Share held out (stratified) for early stopping and calibration. Default 0.2. */
  validationShare?: number;
  /** Default 'class-weights'. */
  imbalance?: ImbalanceStrategy;
  /** Default 'platt'. */
  calibration?: CalibrationMethod;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
}

export interface TrainedCaseModel extends CaseModel {
  training: TrainingResult;
  /** Calibrated risks on the held-out validation share. */
  validation: RiskMetrics | null;
  counts: { train: number; validation: number; positives: number };
  /** Impossible values dropped by the sanity ranges, in the training and validation data. */
  dropped: number;
  droppedByVariable: Record<string, number>;
  warnings: string[];
}

export function labelsOf(timelines: readonly PatientTimeline[]): Int32Array {
  return Int32Array.from(timelines, (t, i) => {
    if (t.label !== 0 && t.label !== 1) throw badInput(`timelines[${i}].label`, `must be 0 or 1 for training (stay ${t.id})`);
    return t.label;
  });
}

/** Trains, early-stops on validation AUROC and calibrates on the same held-out share. */
export async function trainCaseModel(options: TrainCaseModelOptions): Promise<TrainedCaseModel> {
  const labels = labelsOf(options.timelines);
  const positives = labels.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === labels.length) throw badInput('timelines', `need both outcomes to train; ${positives} of ${labels.length} stays are positive`);
  if (labels.length < 8) throw badInput('timelines', `need at least 8 labelled stays, got ${labels.length}`);
  const warnings: string[] = [];
  const split = splitIndices({ numSamples: labels.length, validationFraction: options.validationShare ?? 0.2, rng: createRng(options.seed), labels });
  const pick = (idx: Int32Array) => Array.from(idx, (i) => options.timelines[i]);
  const trainTimelines = pick(split.train);
  const valTimelines = pick(split.validation);
  const trainLabels = Int32Array.from(split.train, (i) => labels[i]);
  const valLabels = Int32Array.from(split.validation, (i) => labels[i]);
  const valPositives = valLabels.reduce((a, b) => a + b, 0);
  const valHasBoth = valPositives > 0 && valPositives < valLabels.length;
  if (!valHasBoth) warnings.push('the validation share lacks one outcome: no early stopping on AUROC and no calibration');

  const spec = fitFeatureSpec(trainTimelines, options.features);
  const train = encodeTimelines(trainTimelines, spec);
  const val = encodeTimelines(valTimelines, spec);
  const config: RiskModelConfig = { ...DEFAULT_RISK_MODEL_CONFIG, ...options.model, outputs: 1 };
  const model = buildRiskModel(train, config);
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  try {
    const imbalance = options.imbalance ?? 'class-weights';
    const patience = options.patience ?? 5;
    const training = await fitModel(model, {
      x: packInputs(train),
      y: { values: Float32Array.from(trainLabels), shape: [trainLabels.length, 1] },
      validationData: valLabels.length ? { x: packInputs(val), y: { values: Float32Array.from(valLabels), shape: [valLabels.length, 1] } } : undefined,
      loss: imbalance === 'focal' ? focalLoss() : 'binaryCrossentropy',
      optimizer,
      classWeight: imbalance === 'class-weights' ? balancedClassWeights(trainLabels) : undefined,
      epochs: options.epochs,
      batchSize: options.batchSize ?? 32,
      seed: options.seed,
      reinitialize: true,
      earlyStopping: patience > 0 && valHasBoth ? { monitor: 'val_auc', mode: 'max', patience } : undefined,
      validationMetrics: valHasBoth ? ({ yTrue, yPred }) => ({ auc: rocAuc(yTrue.dataSync(), yPred.dataSync()) }) : undefined,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    let calibration: Calibration = IDENTITY_CALIBRATION;
    let validation: RiskMetrics | null = null;
    if (valHasBoth) {
      const raw = predictPacked(model, packInputs(val));
      calibration = fitCalibration({ labels: valLabels, probabilities: raw, method: options.calibration ?? 'platt' });
      validation = evaluateRisks({ labels: valLabels, risks: Array.from(raw, (p) => applyCalibration(calibration, p)), seed: options.seed, iterations: 200 });
    }
    return {
      model,
      spec,
      calibration,
      config,
      outcome: options.outcome,
      training,
      validation,
      counts: { train: trainLabels.length, validation: valLabels.length, positives },
      ...droppedOf(train, val),
      warnings,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}

function droppedOf(a: EncodedTimelines, b: EncodedTimelines): { dropped: number; droppedByVariable: Record<string, number> } {
  const droppedByVariable: Record<string, number> = { ...a.droppedByVariable };
  for (const [k, v] of Object.entries(b.droppedByVariable)) droppedByVariable[k] = (droppedByVariable[k] ?? 0) + v;
  return { dropped: a.dropped + b.dropped, droppedByVariable };
}
