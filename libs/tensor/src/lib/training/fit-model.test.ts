import * as tf from '@tensorflow/tfjs';
import { ErrorCode } from '@pmed/core';
import { recall } from '../metrics/classification';
import { rocAuc } from '../metrics/roc';
import { fitModel, penalisedKernels } from './fit-model';
import { balancedClassWeights } from './class-weights';
import { blobs, tinyClassifier } from './__fixtures__/toy-data';
import type { TrainingProgress } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const separable = blobs({ n: 160, positives: 80, gap: 5, seed: 1 });
const xInput = { values: separable.x, shape: [160, 2] };
const yInput = { values: separable.y, shape: [160] };

function predictions(model: tf.LayersModel, x: Float32Array, n: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(x, [n, 2])) as tf.Tensor).dataSync() as Float32Array).slice();
}

describe('fitModel', () => {
  it('learns a separable toy problem: loss falls, accuracy is high', async () => {
    const model = tinyClassifier();
    const result = await fitModel(model, {
      x: xInput,
      y: yInput,
      loss: 'binaryCrossentropy',
      optimizer: tf.train.adam(0.05),
      epochs: 15,
      batchSize: 32,
      seed: 1,
      reinitialize: true,
      validationSplit: 0.25,
      stratify: true,
      validationMetrics: ({ yTrue, yPred }) => ({ auc: rocAuc(yTrue.dataSync(), yPred.dataSync()) }),
    });
    const first = result.history[0].metrics;
    const last = result.history[result.history.length - 1].metrics;
    expect(result.stopReason).toBe('completed');
    expect(result.epochsRun).toBe(15);
    expect(last['loss']).toBeLessThan(first['loss'] / 3);
    expect(last['acc']).toBeGreaterThan(0.95);
    expect(last['val_acc']).toBeGreaterThan(0.95);
    expect(last['val_auc']).toBeGreaterThan(0.98);
    model.dispose();
  });

  it('gives an identical history for the same seed and a different one for another', async () => {
    const run = async (seed: number) => {
      const model = tinyClassifier();
      const optimizer = tf.train.sgd(0.1);
      const result = await fitModel(model, { x: xInput, y: yInput, loss: 'binaryCrossentropy', optimizer, epochs: 3, batchSize: 16, seed, reinitialize: true, validationSplit: 0.2 });
      model.dispose();
      optimizer.dispose();
      return result.history.map((h) => h.metrics);
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(await run(8)).not.toEqual(a);
  });

  it('stops early and restores the best epoch’s weights', async () => {
    // Validation labels are the opposite of training labels, so validation loss rises as training works.
    const model = tinyClassifier();
    const flipped = Int32Array.from(separable.y, (v) => 1 - v);
    const result = await fitModel(model, {
      x: xInput,
      y: yInput,
      validationData: { x: xInput, y: { values: flipped, shape: [160] } },
      loss: 'binaryCrossentropy',
      optimizer: tf.train.adam(0.05),
      epochs: 30,
      batchSize: 32,
      seed: 2,
      reinitialize: true,
      earlyStopping: { patience: 2 },
    });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.monitor).toBe('val_loss');
    expect(result.epochsRun).toBe((result.bestEpoch as number) + 3);
    expect(result.restoredBestWeights).toBe(true);
    const p = predictions(model, separable.x, 160);
    let loss = 0;
    p.forEach((q, i) => {
      const c = Math.min(Math.max(q, 1e-7), 1 - 1e-7);
      loss -= flipped[i] === 1 ? Math.log(c) : Math.log(1 - c);
    });
    expect(loss / 160).toBeCloseTo(result.bestValue as number, 4);
    model.dispose();
  });

  it('class weights raise minority recall on imbalanced data', async () => {
    const imbalanced = blobs({ n: 200, positives: 20, gap: 1.5, seed: 3 });
    const train = async (classWeight?: Record<number, number>) => {
      const model = tinyClassifier();
      await fitModel(model, {
        x: { values: imbalanced.x, shape: [200, 2] },
        y: { values: imbalanced.y, shape: [200, 1] },
        loss: 'binaryCrossentropy',
        optimizer: tf.train.adam(0.03),
        epochs: 12,
        batchSize: 32,
        seed: 4,
        reinitialize: true,
        classWeight,
      });
      const p = predictions(model, imbalanced.x, 200);
      model.dispose();
      return recall(imbalanced.y, Array.from(p, (q) => (q >= 0.5 ? 1 : 0)));
    };
    const weights = balancedClassWeights(imbalanced.y);
    expect(weights[1]).toBeCloseTo(5, 12);
    const plain = await train();
    const weighted = await train(weights);
    expect(weighted).toBeGreaterThan(plain + 0.15);
  });

  it('reports monotone progress ending at 1, and leaks no tensors', async () => {
    const model = tinyClassifier();
    const optimizer = tf.train.sgd(0.1);
    const events: TrainingProgress[] = [];
    const before = tf.memory().numTensors;
    await fitModel(model, { x: xInput, y: yInput, loss: 'binaryCrossentropy', optimizer, epochs: 2, batchSize: 50, seed: 5, validationSplit: 0.25, onProgress: (e) => events.push(e) });
    expect(tf.memory().numTensors).toBe(before);
    expect(events.filter((e) => e.phase === 'batch')).toHaveLength(2 * 3);
    for (let i = 1; i < events.length; i++) expect(events[i].fraction).toBeGreaterThanOrEqual(events[i - 1].fraction);
    const last = events[events.length - 1];
    expect(last.phase).toBe('done');
    expect(last.fraction).toBe(1);
    expect(last.etaMs).toBe(0);
    expect(events[0]).toMatchObject({ epoch: 0, batch: 1, totalBatches: 3, epochs: 2 });
    expect(events[0].metrics['loss']).toBeGreaterThan(0);
    model.dispose();
    optimizer.dispose();
  });

  it('cancels at the next batch boundary with JOB_CANCELLED and no leaked tensors', async () => {
    const model = tinyClassifier();
    const optimizer = tf.train.sgd(0.1);
    const controller = new AbortController();
    const batches: number[] = [];
    const before = tf.memory().numTensors;
    const run = fitModel(model, {
      x: xInput,
      y: yInput,
      loss: 'binaryCrossentropy',
      optimizer,
      epochs: 5,
      batchSize: 16,
      seed: 6,
      earlyStopping: { monitor: 'loss' },
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'batch') batches.push(e.epoch * 100 + e.batch);
        if (e.epoch === 1 && e.batch === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: ErrorCode.JOB_CANCELLED, message: expect.stringMatching(/epoch 2, batch 4/) });
    expect(batches[batches.length - 1]).toBe(103);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });

  it('an L2 penalty shrinks the kernels only and enters the reported loss', async () => {
    const squares = (vs: tf.Variable[]): number => vs.reduce((s, v) => s + tf.tidy(() => tf.sum(tf.square(v)).dataSync()[0]), 0);
    const train = async (l2: number) => {
      const model = tinyClassifier();
      const optimizer = tf.train.adam(0.05);
      const result = await fitModel(model, { x: xInput, y: yInput, loss: 'binaryCrossentropy', optimizer, epochs: 10, batchSize: 32, seed: 3, reinitialize: true, l2 });
      optimizer.dispose();
      const kernels = penalisedKernels(model);
      const out = { kernels: squares(kernels), names: kernels.map((k) => k.shape.join('x')), loss: result.history.at(-1)!.metrics['loss'], model };
      return out;
    };
    const plain = await train(0);
    const decayed = await train(0.02);
    expect(plain.names).toEqual(['2x8', '8x1']);
    expect(decayed.kernels).toBeLessThan(0.5 * plain.kernels);
    // The reported loss is the data loss plus the penalty, so it stays above the penalty itself.
    expect(decayed.loss).toBeGreaterThan(0.02 * decayed.kernels);
    expect(decayed.loss).toBeGreaterThan(plain.loss);
    const optimizer = tf.train.sgd(0.1);
    const before = tf.memory().numTensors;
    await expect(fitModel(plain.model, { x: xInput, y: yInput, loss: 'binaryCrossentropy', optimizer, epochs: 1, seed: 1, l2: -1 })).rejects.toThrow(/^l2: must be a finite number >= 0, got -1/);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    plain.model.dispose();
    decayed.model.dispose();
  });

  it('says which argument is wrong', async () => {
    const model = tinyClassifier();
    const optimizer = tf.train.sgd(0.1);
    const base = { loss: 'binaryCrossentropy' as const, optimizer, epochs: 1, seed: 1 };
    const before = tf.memory().numTensors;
    await expect(fitModel(model, { ...base, x: { values: new Float32Array(640), shape: [160, 4] }, y: yInput })).rejects.toThrow(/^x: expected shape \[\*, 2\], got \[160, 4\]/);
    await expect(fitModel(model, { ...base, x: xInput, y: { values: separable.y.subarray(0, 10), shape: [10] } })).rejects.toThrow(/^y: has 10 samples but x has 160/);
    await expect(fitModel(model, { ...base, x: { values: separable.x, shape: [100, 2] }, y: yInput })).rejects.toThrow(/x: shape \[100, 2\] needs 200 values, got 320/);
    await expect(fitModel(model, { ...base, x: xInput, y: { values: new Float32Array(320), shape: [160, 2] } })).rejects.toThrow(/y: has 2 values per sample/);
    await expect(fitModel(model, { ...base, x: xInput, y: yInput, validationSplit: 1.5 })).rejects.toThrow(/validationSplit/);
    await expect(fitModel(model, { ...base, x: xInput, y: yInput, classWeight: { 0: 1 } })).rejects.toThrow(/classWeight: has no weight for class 1/);
    await expect(fitModel(model, { ...base, x: xInput, y: yInput, epochs: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(fitModel(model, { ...base, x: xInput, y: yInput, earlyStopping: { monitor: 'val_auc' } })).rejects.toThrow(/needs validationSplit/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});
