import { badInput } from '@pmed/core';
import { balancedClassWeights, createRng, ensembleMemberProgress, fitModel, rocAuc, splitIndices, tf, type SplitIndices, type TrainingProgress, type TrainingResult } from '@pmed/tensor';
import type { PatientTimeline } from '../data/timeline';
import { applyCalibration, fitCalibration, IDENTITY_CALIBRATION, type Calibration, type CalibrationMethod } from '../evaluation/calibration';
import { evaluateRisks, type RiskMetrics } from '../evaluation/risk-metrics';
import { fitFeatureSpec, type FeatureSpec, type FitFeatureOptions } from '../features/normalization';
import { encodeTimelines, selectEncoded, type EncodedTimelines } from '../features/resample';
import { combineRiskModels } from './ensemble';
import { buildRiskModel, checkConfig, DEFAULT_RISK_MODEL_CONFIG, focalLoss, packInputs, predictPacked, type RiskModelConfig } from './risk-model';

export const IMBALANCE_STRATEGIES = ['class-weights', 'focal', 'none'] as const;
export type ImbalanceStrategy = (typeof IMBALANCE_STRATEGIES)[number];

/** How the networks of a seed ensemble hold out their validation stays. */
export const ENSEMBLE_SPLITS = ['shared', 'per-network'] as const;
export type EnsembleSplit = (typeof ENSEMBLE_SPLITS)[number];

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
  /** L2 penalty on every kernel of each network (fitModel's `l2`); default 0. */
  l2?: number;
  /** Default 'class-weights'. */
  imbalance?: ImbalanceStrategy;
  /** Default 'platt'. */
  calibration?: CalibrationMethod;
  /**
   * With model.ensembleSize > 1: 'shared' (default) holds out one validation share for every
   * network; 'per-network' gives each network its own (seeded) share, so the ensemble as a whole
   * learns from every stay, and calibrates on out-of-bag risks.
   */
  ensembleSplit?: EnsembleSplit;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
}

export interface TrainedCaseModel extends CaseModel {
  /** The first network's training (of an ensemble: member 0). */
  training: TrainingResult;
  /** Each network's training, with its seed (one entry unless config.ensembleSize > 1). */
  memberTraining: { seed: number; training: TrainingResult }[];
  /** Calibrated risks on the held-out validation share. */
  validation: RiskMetrics | null;
  counts: { train: number; validation: number; positives: number };
  /** Ids of the stays held out for early stopping and calibration. */
  validationIds: string[];
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

interface MemberData {
  split: SplitIndices;
  train: EncodedTimelines;
  val: EncodedTimelines;
  trainLabels: Int32Array;
  valLabels: Int32Array;
  valHasBoth: boolean;
}

/**
 * Trains, early-stops on validation AUROC and calibrates on the same held-out share. With
 * `model.ensembleSize` K > 1, K networks are trained from seeds seed, seed + 1000, ... and joined
 * into one model that averages their risks; the calibration is fitted on the joined model's risks
 * for the shared validation share, or (ensembleSplit 'per-network') on each validation stay's
 * out-of-bag risk: the mean of the networks that held it out.
 */
export async function trainCaseModel(options: TrainCaseModelOptions): Promise<TrainedCaseModel> {
  const labels = labelsOf(options.timelines);
  const positives = labels.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === labels.length) throw badInput('timelines', `need both outcomes to train; ${positives} of ${labels.length} stays are positive`);
  if (labels.length < 8) throw badInput('timelines', `need at least 8 labelled stays, got ${labels.length}`);
  const config: RiskModelConfig = { ...DEFAULT_RISK_MODEL_CONFIG, ...options.model, outputs: 1 };
  checkConfig(config);
  const members = config.ensembleSize ?? 1;
  const ensembleSplit = options.ensembleSplit ?? 'shared';
  if (!ENSEMBLE_SPLITS.includes(ensembleSplit)) throw badInput('ensembleSplit', `must be one of ${ENSEMBLE_SPLITS.join(', ')}`);
  const perNetwork = members > 1 && ensembleSplit === 'per-network';
  const warnings: string[] = [];
  const share = options.validationShare ?? 0.2;
  const splits = Array.from({ length: perNetwork ? members : 1 }, (_, k) =>
    splitIndices({ numSamples: labels.length, validationFraction: share, rng: createRng(options.seed + 1000 * k), labels }),
  );
  const pick = (idx: Int32Array) => Array.from(idx, (i) => options.timelines[i]);
  // One shared split: normalisation from its training share. A split per network: from every stay
  // (the statistics use no labels), encoded once.
  const spec = fitFeatureSpec(perNetwork ? options.timelines : pick(splits[0].train), options.features);
  const all = perNetwork ? encodeTimelines(options.timelines, spec) : null;
  const data: MemberData[] = splits.map((split) => {
    const valLabels = Int32Array.from(split.validation, (i) => labels[i]);
    const valPositives = valLabels.reduce((a, b) => a + b, 0);
    return {
      split,
      train: all ? selectEncoded(all, split.train) : encodeTimelines(pick(split.train), spec),
      val: all ? selectEncoded(all, split.validation) : encodeTimelines(pick(split.validation), spec),
      trainLabels: Int32Array.from(split.train, (i) => labels[i]),
      valLabels,
      valHasBoth: valPositives > 0 && valPositives < valLabels.length,
    };
  });
  if (data.some((d) => !d.valHasBoth)) warnings.push('the validation share lacks one outcome: no early stopping on AUROC and no calibration');

  const imbalance = options.imbalance ?? 'class-weights';
  const patience = options.patience ?? 5;
  const oobSum = new Float64Array(labels.length);
  const oobCount = new Int32Array(labels.length);
  const trained: { model: tf.LayersModel; seed: number; training: TrainingResult }[] = [];
  let packed: { k: number; x: ReturnType<typeof packInputs>; valX: ReturnType<typeof packInputs> } | null = null;
  let model: tf.LayersModel | null = null;
  try {
    for (let k = 0; k < members; k++) {
      // Member 0 keeps the run's seed (and split), so one member trains exactly like a plain model.
      const seed = options.seed + 1000 * k;
      const d = data[perNetwork ? k : 0];
      if (packed?.k !== (perNetwork ? k : 0)) packed = { k: perNetwork ? k : 0, x: packInputs(d.train), valX: packInputs(d.val) };
      const { x, valX } = packed;
      const member = buildRiskModel(d.train, config);
      const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
      const onProgress = options.onProgress;
      try {
        const training = await fitModel(member, {
          x,
          y: { values: Float32Array.from(d.trainLabels), shape: [d.trainLabels.length, 1] },
          validationData: { x: valX, y: { values: Float32Array.from(d.valLabels), shape: [d.valLabels.length, 1] } },
          loss: imbalance === 'focal' ? focalLoss() : 'binaryCrossentropy',
          optimizer,
          classWeight: imbalance === 'class-weights' ? balancedClassWeights(d.trainLabels) : undefined,
          epochs: options.epochs,
          batchSize: options.batchSize ?? 32,
          l2: options.l2,
          seed,
          reinitialize: true,
          earlyStopping: patience > 0 && d.valHasBoth ? { monitor: 'val_auc', mode: 'max', patience } : undefined,
          validationMetrics: d.valHasBoth ? ({ yTrue, yPred }) => ({ auc: rocAuc(yTrue.dataSync(), yPred.dataSync()) }) : undefined,
          signal: options.signal,
          onProgress: ensembleMemberProgress(onProgress, k, members),
        });
        trained.push({ model: member, seed, training });
      } catch (error) {
        member.dispose();
        throw error;
      } finally {
        optimizer.dispose();
      }
      if (perNetwork) {
        predictPacked(member, valX).forEach((p, j) => {
          oobSum[d.split.validation[j]] += p;
          oobCount[d.split.validation[j]]++;
        });
      }
    }
    packed = null;
    model = combineRiskModels(
      trained.map((m) => m.model),
      `case_${config.cell}_ensemble`,
    );
    // The stays and raw risks the calibration is fitted on.
    let calIndices: number[];
    let calRaw: Float32Array;
    if (perNetwork) {
      calIndices = [...oobCount.keys()].filter((i) => oobCount[i] > 0);
      calRaw = Float32Array.from(calIndices, (i) => oobSum[i] / oobCount[i]);
    } else {
      calIndices = Array.from(data[0].split.validation);
      calRaw = predictPacked(model, packInputs(data[0].val));
    }
    const calLabels = calIndices.map((i) => labels[i]);
    const calPositives = calLabels.reduce((a, b) => a + b, 0);
    let calibration: Calibration = IDENTITY_CALIBRATION;
    let validation: RiskMetrics | null = null;
    if (calPositives > 0 && calPositives < calLabels.length) {
      calibration = fitCalibration({ labels: calLabels, probabilities: calRaw, method: options.calibration ?? 'platt' });
      validation = evaluateRisks({ labels: calLabels, risks: Array.from(calRaw, (p) => applyCalibration(calibration, p)), seed: options.seed, iterations: 200 });
    }
    const inTraining = new Set(data.flatMap((d) => Array.from(d.split.train)));
    return {
      model,
      spec,
      calibration,
      config,
      outcome: options.outcome,
      training: trained[0].training,
      memberTraining: trained.map(({ seed, training }) => ({ seed, training })),
      validation,
      counts: { train: inTraining.size, validation: calIndices.length, positives },
      validationIds: calIndices.map((i) => options.timelines[i].id),
      ...(all ? { dropped: all.dropped, droppedByVariable: { ...all.droppedByVariable } } : droppedOf(data[0].train, data[0].val)),
      warnings,
    };
  } catch (error) {
    model?.dispose();
    throw error;
  } finally {
    // The joined model holds copies of the members' weights.
    if (members > 1) for (const m of trained) m.model.dispose();
  }
}

function droppedOf(a: EncodedTimelines, b: EncodedTimelines): { dropped: number; droppedByVariable: Record<string, number> } {
  const droppedByVariable: Record<string, number> = { ...a.droppedByVariable };
  for (const [k, v] of Object.entries(b.droppedByVariable)) droppedByVariable[k] = (droppedByVariable[k] ?? 0) + v;
  return { dropped: a.dropped + b.dropped, droppedByVariable };
}
