import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random/rng';

/** Numbers per metric name, e.g. `{ loss: 0.41, acc: 0.83, val_loss: 0.47 }`. */
export type Metrics = Record<string, number>;

/** A tensor, or a typed/plain array with its shape (first dimension = samples). */
export type TensorInput =
  | tf.Tensor
  | { values: Float32Array | Int32Array | Uint8Array | Float64Array | number[]; shape: number[] };

export interface TrainingProgress {
  /** `batch` after every batch, `epoch` after an epoch's validation, `done` once at the end. */
  phase: 'batch' | 'epoch' | 'done';
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** Batches finished in this epoch. */
  batch: number;
  totalBatches: number;
  /** Share of the planned work done, 0..1, never decreasing; `done` always reports 1. */
  fraction: number;
  /** Running means over this epoch's batches (and validation metrics once known). */
  metrics: Metrics;
  elapsedMs: number;
  /** Estimated time left, from the pace so far; null before the first batch. */
  etaMs: number | null;
}

export interface EpochRecord {
  /** 0-based epoch. */
  epoch: number;
  /** Training metrics (`loss`, `acc`, ...) and validation metrics (`val_loss`, ...). */
  metrics: Metrics;
  durationMs: number;
}

export interface EarlyStoppingOptions {
  /** Metric to watch. Default `val_loss` when there is validation data, else `loss`. */
  monitor?: string;
  /** Whether smaller or larger is better. Default: `max` for acc/auc/f1/precision/recall names, else `min`. */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Put back the weights of the best epoch when training ends. Default true. */
  restoreBestWeights?: boolean;
}

/** What every training run accepts, supervised or custom. */
export interface LoopOptions {
  epochs: number;
  /** Default 32. */
  batchSize?: number;
  /** Seeds the validation split, the per-epoch shuffling, initialisation and `ctx.rng`. */
  seed: number;
  /** Shuffle training samples each epoch. Default true. */
  shuffle?: boolean;
  earlyStopping?: EarlyStoppingOptions;
  /** Called after every batch, every epoch and once at the end. */
  onProgress?: (progress: TrainingProgress) => void;
  /** Stops training at the next batch boundary with PmedError(JOB_CANCELLED). */
  signal?: AbortSignal;
}

/** Handed to every step. */
export interface StepContext {
  epoch: number;
  epochs: number;
  /** 0-based batch in this epoch. */
  batch: number;
  totalBatches: number;
  /** Batches run so far in the whole training, 0-based. */
  globalStep: number;
  /** Seeded generator for a step's own randomness (noise, dropout masks: pass `ctx.rng.seed()` to tf.random*). */
  rng: Rng;
}

/** One mini-batch, gathered from the training data in shuffled order. */
export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor | null;
  /** Per-sample weights from class weights, when given. */
  sampleWeight: tf.Tensor1D | null;
  /** Positions of the batch's samples in the input data. */
  indices: Int32Array;
  size: number;
}

export type StopReason = 'completed' | 'early-stopping' | 'non-finite-loss';

export interface TrainingResult {
  history: EpochRecord[];
  epochsRun: number;
  stopReason: StopReason;
  /** The monitored metric and its best epoch, when early stopping was on. */
  monitor: string | null;
  bestEpoch: number | null;
  bestValue: number | null;
  /** Whether the best epoch's weights were put back. */
  restoredBestWeights: boolean;
  elapsedMs: number;
}
