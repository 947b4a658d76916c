import * as tf from '@tensorflow/tfjs';
import { badInput, ErrorCode, PmedError } from '@pmed/core';
import type { Rng } from '../random/rng';
import { EarlyStoppingTracker } from './early-stopping';
import type { WeightSnapshot } from './weight-snapshot';
import type { EpochRecord, LoopOptions, Metrics, StepContext, StopReason, TrainingProgress, TrainingResult } from './types';

/** What a training mode plugs into the shared epoch/batch loop. */
export interface LoopSpec {
  options: LoopOptions;
  trainIndices: Int32Array;
  hasValidation: boolean;
  shuffleRng: Rng;
  stepRng: Rng;
  /** Runs one batch synchronously inside tf.tidy; returns the batch's mean metrics. */
  runBatch: (indices: Int32Array, ctx: StepContext) => Metrics;
  /** Validation metrics (already prefixed `val_`) for the epoch. */
  validate?: (epoch: number) => Metrics;
  snapshot: WeightSnapshot | null;
  /** Per-sample keys (by position in the data) that batches are bucketed by; see `epochBatches`. */
  bucketKeys?: ArrayLike<number>;
}

export function checkLoopOptions(options: LoopOptions): { batchSize: number } {
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw badInput('epochs', `must be an integer >= 1, got ${options.epochs}`);
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw badInput('batchSize', `must be an integer >= 1, got ${batchSize}`);
  if (!Number.isFinite(options.seed)) throw badInput('seed', `must be a finite number, got ${options.seed}`);
  return { batchSize };
}

// Gives timers and abort signals a chance to run: tfjs on cpu/wasm never yields by itself.
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function throwIfCancelled(signal: AbortSignal | undefined, epoch: number, batch: number, history: EpochRecord[]): void {
  if (signal?.aborted) {
    throw new PmedError(ErrorCode.JOB_CANCELLED, `training was cancelled at epoch ${epoch + 1}, batch ${batch + 1}`, {
      details: { epoch, batch, history },
    });
  }
}

/** The epoch/batch loop shared by supervised and custom training. */
export async function runTrainingLoop(spec: LoopSpec): Promise<TrainingResult> {
  const { options, trainIndices, snapshot } = spec;
  const { batchSize } = checkLoopOptions(options);
  const epochs = options.epochs;
  const totalBatches = Math.ceil(trainIndices.length / batchSize);
  const totalWork = epochs * totalBatches;
  const tracker = options.earlyStopping ? new EarlyStoppingTracker(options.earlyStopping, spec.hasValidation) : null;
  const history: EpochRecord[] = [];
  const started = Date.now();
  let stopReason: StopReason = 'completed';
  let globalStep = 0;
  let lastFraction = 0;

  const emit = (p: Omit<TrainingProgress, 'epochs' | 'totalBatches' | 'elapsedMs' | 'etaMs'>): void => {
    if (!options.onProgress) return;
    const elapsedMs = Date.now() - started;
    lastFraction = Math.max(lastFraction, p.fraction);
    const etaMs = lastFraction > 0 ? (elapsedMs / lastFraction) * (1 - lastFraction) : null;
    options.onProgress({ ...p, fraction: lastFraction, epochs, totalBatches, elapsedMs, etaMs });
  };

  const order = trainIndices.slice();
  for (let epoch = 0; epoch < epochs && stopReason === 'completed'; epoch++) {
    const epochStart = Date.now();
    const batches = epochBatches(order, batchSize, options.shuffle ?? true, spec.shuffleRng, spec.bucketKeys);
    const sums: Metrics = {};
    let seen = 0;
    for (let batch = 0; batch < totalBatches; batch++) {
      throwIfCancelled(options.signal, epoch, batch, history);
      const indices = batches[batch];
      const ctx: StepContext = { epoch, epochs, batch, totalBatches, globalStep, rng: spec.stepRng };
      const metrics = tf.tidy(() => spec.runBatch(indices, ctx));
      globalStep++;
      for (const [name, value] of Object.entries(metrics)) sums[name] = (sums[name] ?? 0) + value * indices.length;
      seen += indices.length;
      const running = meanOf(sums, seen);
      emit({ phase: 'batch', epoch, batch: batch + 1, fraction: (epoch * totalBatches + batch + 1) / totalWork, metrics: running });
      if (Object.values(metrics).some((v) => !Number.isFinite(v))) {
        stopReason = 'non-finite-loss';
        break;
      }
      await yieldToEventLoop();
    }
    const epochMetrics = { ...meanOf(sums, seen), ...(stopReason === 'completed' && spec.validate ? spec.validate(epoch) : {}) };
    history.push({ epoch, metrics: epochMetrics, durationMs: Date.now() - epochStart });
    if (stopReason !== 'completed') break;
    if (tracker) {
      const { improved, stop } = tracker.update(epoch, epochMetrics);
      if (improved && tracker.restoreBestWeights) snapshot?.capture();
      if (stop) stopReason = 'early-stopping';
    }
    emit({ phase: 'epoch', epoch, batch: totalBatches, fraction: (epoch + 1) / epochs, metrics: epochMetrics });
  }

  // Restore the best epoch whenever later epochs were worse, including after a NaN loss.
  const restore = tracker !== null && tracker.restoreBestWeights && snapshot !== null && snapshot.hasSnapshot && tracker.bestEpoch !== history.length - 1;
  if (restore) snapshot.restore();
  const last = history[history.length - 1];
  emit({ phase: 'done', epoch: last.epoch, batch: totalBatches, fraction: 1, metrics: last.metrics });
  return {
    history,
    epochsRun: history.length,
    stopReason,
    monitor: tracker?.monitor ?? null,
    bestEpoch: tracker?.bestEpoch ?? null,
    bestValue: tracker?.bestValue ?? null,
    restoredBestWeights: restore,
    elapsedMs: Date.now() - started,
  };
}

/**
 * One epoch's batches of sample positions. Shuffled: a fresh permutation cut into consecutive
 * batches. Bucketed (`keys`, e.g. sequence lengths): the permutation is stably sorted by key, cut into
 * batches, and the batches are shuffled, so each batch holds samples of nearly equal key (a step can
 * then trim the padding its longest sample does not need) while batch composition among equal keys
 * and the order of batches change every epoch. `order` is permuted in place.
 */
export function epochBatches(order: Int32Array, batchSize: number, shuffle: boolean, rng: Rng, keys?: ArrayLike<number>): Int32Array[] {
  if (shuffle) rng.shuffle(order);
  if (keys) {
    // Ties keep their shuffled order (an explicit rank: the sort need not be stable).
    let largest = 0;
    for (const i of order) largest = Math.max(largest, i);
    const rank = new Int32Array(largest + 1);
    order.forEach((sample, position) => (rank[sample] = position));
    order.sort((a, b) => keys[a] - keys[b] || rank[a] - rank[b]);
  }
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.subarray(start, Math.min(start + batchSize, order.length)));
  if (keys && shuffle) rng.shuffle(batches);
  return batches;
}

function meanOf(sums: Metrics, count: number): Metrics {
  const out: Metrics = {};
  for (const [name, sum] of Object.entries(sums)) out[name] = count > 0 ? sum / count : Number.NaN;
  return out;
}
