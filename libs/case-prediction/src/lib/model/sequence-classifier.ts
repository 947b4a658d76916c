import { badInput } from '@pmed/core';
import { fitModel, tf, type TrainingProgress, type TrainingResult } from '@pmed/tensor';
import type { UcrDataset } from '../data/ucr';
import type { PatientTimeline } from '../data/timeline';
import { fitFeatureSpec, type FeatureSpec } from '../features/normalization';
import { encodeTimelines } from '../features/resample';
import { buildRiskModel, packInputs, predictPacked, type RiskModelConfig } from './risk-model';

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
}

/** The case model's recurrent network with a softmax head, for labelled univariate signals (UCR sets). */
export async function trainSequenceClassifier(options: {
  train: UcrDataset;
  classes: number[];
  model?: Partial<Omit<RiskModelConfig, 'outputs' | 'masking'>>;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  seed: number;
  validationShare?: number;
  patience?: number;
  onProgress?: (progress: TrainingProgress) => void;
}): Promise<SequenceClassifier & { training: TrainingResult }> {
  const timelines = ucrTimelines(options.train, options.classes);
  const spec = fitFeatureSpec(timelines, { variables: ['x'], hours: options.train.length, binHours: 1, numericDescriptors: [], categoricalDescriptors: [] });
  const encoded = encodeTimelines(timelines, spec);
  const config: RiskModelConfig = { cell: 'gru', units: 32, hidden: 16, dropout: 0.1, ...options.model, masking: false, outputs: options.classes.length };
  const model = buildRiskModel(encoded, config);
  const optimizer = tf.train.adam(options.learningRate ?? 3e-3);
  try {
    const patience = options.patience ?? 0;
    const training = await fitModel(model, {
      x: packInputs(encoded),
      y: { values: Float32Array.from(timelines, (t) => t.label as number), shape: [timelines.length, 1] },
      loss: 'sparseCategoricalCrossentropy',
      optimizer,
      epochs: options.epochs,
      batchSize: options.batchSize ?? 16,
      seed: options.seed,
      reinitialize: true,
      validationSplit: options.validationShare,
      stratify: options.validationShare !== undefined,
      earlyStopping: patience > 0 && options.validationShare ? { monitor: 'val_acc', mode: 'max', patience } : undefined,
      onProgress: options.onProgress,
    });
    return { model, spec, classes: [...options.classes], training };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}

/** Predicted class index per series. */
export function classifySequences(classifier: SequenceClassifier, ds: UcrDataset): Int32Array {
  const timelines = ds.series.map((s, i) => ({ id: String(i + 1), points: Array.from(s, (value, t) => ({ hours: t, code: 'x', value })), descriptors: {} }));
  const probs = predictPacked(classifier.model, packInputs(encodeTimelines(timelines, classifier.spec)));
  const k = classifier.classes.length;
  return Int32Array.from(timelines, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    return best;
  });
}
