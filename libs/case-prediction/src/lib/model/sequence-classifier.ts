import { badInput } from '@pmed/core';
import { ensembleMemberProgress, fitModel, memberModels, tf, type TrainingProgress, type TrainingResult } from '@pmed/tensor';
import type { UcrDataset } from '../data/ucr';
import type { PatientTimeline } from '../data/timeline';
import { fitFeatureSpec, type FeatureSpec } from '../features/normalization';
import { encodeTimelines } from '../features/resample';
import { combineRiskModels } from './ensemble';
import { buildLstmFcn, DEFAULT_LSTM_FCN_CONFIG, type LstmFcnConfig } from './lstm-fcn';
import { buildRiskModel, packInputs, predictPacked, type RiskModelConfig } from './risk-model';

/** `recurrent`: the case model's GRU/LSTM with a softmax head; `lstm-fcn`: conv blocks beside a dimension-shuffled LSTM. */
export const SEQUENCE_ARCHITECTURES = ['recurrent', 'lstm-fcn'] as const;
export type SequenceArchitecture = (typeof SEQUENCE_ARCHITECTURES)[number];

/** Longest encoded sequence (the feature spec's limit). */
const MAX_STEPS = 1000;

/** A UCR series as a timeline of one variable `x`, one sample per time step. */
export function ucrTimelines(ds: UcrDataset, classes: readonly number[]): PatientTimeline[] {
  return ds.series.map((s, i) => {
    const label = classes.indexOf(ds.rawLabels[i]);
    if (label < 0) throw badInput('labels', `series ${i + 1} has label ${ds.rawLabels[i]}, unknown to the training set (${classes.join(', ')})`);
    return { id: String(i + 1), points: Array.from(s, (value, t) => ({ hours: t, code: 'x', value })), descriptors: {}, label };
  });
}

export interface SequenceClassifier {
  model: tf.LayersModel;
  spec: FeatureSpec;
  /** Raw label of each class index. */
  classes: number[];
  architecture: SequenceArchitecture;
}

export interface TrainSequenceClassifierOptions {
  train: UcrDataset;
  classes: number[];
  /** Default 'recurrent'. */
  architecture?: SequenceArchitecture;
  /** Settings of the recurrent architecture. */
  model?: Partial<Omit<RiskModelConfig, 'outputs' | 'masking'>>;
  /** Settings of the lstm-fcn architecture. */
  lstmFcn?: Partial<Omit<LstmFcnConfig, 'outputs'>>;
  /** Most epochs; with a validation share and patience, early stopping picks fewer. */
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  /** Share of TRAIN held out (stratified) to choose the number of epochs. */
  validationShare?: number;
  /** Epochs without improvement of the monitored validation metric before stopping; 0: off. */
  patience?: number;
  /** Validation metric that picks the epoch. Default 'val_loss'. */
  monitor?: 'val_loss' | 'val_acc';
  /**
   * After choosing the epoch count on the validation share, train again from the same seed on all
   * of TRAIN for that many epochs (the held-out share is then not wasted). Default false.
   */
  refit?: boolean;
  /**
   * Networks trained from seeds seed, seed + 1000, ... (each with its own validation share and
   * epoch choice) and joined into one model that averages their class probabilities. Default 1.
   */
  ensembleSize?: number;
  onProgress?: (progress: TrainingProgress) => void;
}

/** Largest seed ensemble trainSequenceClassifier builds. */
export const MAX_SEQUENCE_ENSEMBLE = 20;

export interface SequenceMemberTraining {
  seed: number;
  training: TrainingResult;
  /** Epochs of the refit on all of TRAIN, when `refit` was asked for. */
  refitEpochs: number | null;
}

function buildClassifierModel(options: TrainSequenceClassifierOptions, shape: Parameters<typeof buildRiskModel>[0]): tf.LayersModel {
  const outputs = options.classes.length;
  if ((options.architecture ?? 'recurrent') === 'lstm-fcn') return buildLstmFcn(shape, { ...DEFAULT_LSTM_FCN_CONFIG, ...options.lstmFcn, outputs });
  const config: RiskModelConfig = { cell: 'gru', units: 32, hidden: 16, dropout: 0.1, ...options.model, masking: false, outputs };
  return buildRiskModel(shape, config);
}

/**
 * Trains a classifier for labelled univariate signals (UCR sets) on the case model's encoding: one
 * network, or a seed ensemble of `ensembleSize` joined into one model. `training` and `refitEpochs`
 * are the first network's; `members` lists every network's.
 */
export async function trainSequenceClassifier(
  options: TrainSequenceClassifierOptions,
): Promise<SequenceClassifier & SequenceMemberTraining & { members: SequenceMemberTraining[] }> {
  const architecture = options.architecture ?? 'recurrent';
  if (!SEQUENCE_ARCHITECTURES.includes(architecture)) throw badInput('architecture', `must be one of ${SEQUENCE_ARCHITECTURES.join(', ')}`);
  if (options.classes.length < 2) throw badInput('classes', `need at least 2 classes, got ${options.classes.length}`);
  const patience = options.patience ?? 0;
  if (options.refit && !(options.validationShare && patience > 0)) throw badInput('refit', 'needs a validationShare and patience > 0 to choose the epoch count');
  const size = options.ensembleSize ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > MAX_SEQUENCE_ENSEMBLE) throw badInput('ensembleSize', `must be an integer from 1 to ${MAX_SEQUENCE_ENSEMBLE}`);
  const trained: (SequenceClassifier & SequenceMemberTraining)[] = [];
  try {
    for (let k = 0; k < size; k++) {
      trained.push(await trainMember({ ...options, architecture, seed: options.seed + 1000 * k, onProgress: ensembleMemberProgress(options.onProgress, k, size) }));
    }
  } catch (error) {
    for (const m of trained) m.model.dispose();
    throw error;
  }
  const members = trained.map(({ seed, training, refitEpochs }) => ({ seed, training, refitEpochs }));
  const model = combineRiskModels(trained.map((m) => m.model), `sequence_${architecture.replace('-', '_')}_ensemble`);
  if (size > 1) for (const m of trained) m.model.dispose();
  return { ...trained[0], model, members };
}

async function trainMember(options: TrainSequenceClassifierOptions & { architecture: SequenceArchitecture }): Promise<SequenceClassifier & SequenceMemberTraining> {
  const { architecture } = options;
  const patience = options.patience ?? 0;
  const timelines = ucrTimelines(options.train, options.classes);
  // The encoding takes at most MAX_STEPS steps: longer signals are averaged over bins of a few samples.
  const binHours = Math.ceil(options.train.length / MAX_STEPS);
  const hours = binHours * Math.ceil(options.train.length / binHours);
  const spec = fitFeatureSpec(timelines, { variables: ['x'], hours, binHours, numericDescriptors: [], categoricalDescriptors: [] });
  const encoded = encodeTimelines(timelines, spec);
  const x = packInputs(encoded);
  const y = { values: Float32Array.from(timelines, (t) => t.label as number), shape: [timelines.length, 1] };
  const common = { x, y, loss: 'sparseCategoricalCrossentropy' as const, batchSize: options.batchSize ?? 16, seed: options.seed, reinitialize: true, onProgress: options.onProgress };
  const monitor = options.monitor ?? 'val_loss';
  const model = buildClassifierModel(options, encoded);
  try {
    let optimizer = tf.train.adam(options.learningRate ?? 3e-3);
    let training: TrainingResult;
    try {
      training = await fitModel(model, {
        ...common,
        optimizer,
        epochs: options.epochs,
        validationSplit: options.validationShare,
        stratify: options.validationShare !== undefined,
        earlyStopping: patience > 0 && options.validationShare ? { monitor, mode: monitor === 'val_loss' ? 'min' : 'max', patience } : undefined,
      });
    } finally {
      optimizer.dispose();
    }
    let refitEpochs: number | null = null;
    if (options.refit) {
      refitEpochs = (training.bestEpoch ?? training.epochsRun - 1) + 1;
      optimizer = tf.train.adam(options.learningRate ?? 3e-3);
      try {
        await fitModel(model, { ...common, optimizer, epochs: refitEpochs });
      } finally {
        optimizer.dispose();
      }
    }
    return { model, spec, classes: [...options.classes], architecture, seed: options.seed, training, refitEpochs };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Class probabilities per series, row-major [series x classes]. */
export function sequenceProbabilities(classifier: SequenceClassifier, ds: UcrDataset): Float32Array {
  const timelines = ds.series.map((s, i) => ({ id: String(i + 1), points: Array.from(s, (value, t) => ({ hours: t, code: 'x', value })), descriptors: {} }));
  return predictPacked(classifier.model, packInputs(encodeTimelines(timelines, classifier.spec)), { batchSize: 64 });
}

/** Class probabilities per series of each network of a seed ensemble on its own (one entry for a single network). */
export function memberProbabilities(classifier: SequenceClassifier, ds: UcrDataset): Float32Array[] {
  return memberModels(classifier.model).map((model) => sequenceProbabilities({ ...classifier, model }, ds));
}

/** Predicted class index per series. */
export function classifySequences(classifier: SequenceClassifier, ds: UcrDataset): Int32Array {
  const probs = sequenceProbabilities(classifier, ds);
  const k = classifier.classes.length;
  return Int32Array.from({ length: ds.series.length }, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    return best;
  });
}
