import * as tf from '@tensorflow/tfjs';
import { ErrorCode } from '@pmed/core';
import { createRng } from '../random/rng';
import { trainWithSteps } from './train-custom';
import type { Batch, StepContext } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// y = 3x - 2 plus noise; slope and intercept are two parameter groups with their own optimizers.
function line(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
  const y = x.map((v) => 3 * v - 2 + 0.05 * rng.normal());
  return { x, y };
}

interface TwoGroupModel {
  slope: tf.Variable;
  intercept: tf.Variable;
  slopeOptimizer: tf.Optimizer;
  interceptOptimizer: tf.Optimizer;
  dispose(): void;
}

function twoGroupModel(): TwoGroupModel {
  const model = {
    slope: tf.variable(tf.scalar(0)),
    intercept: tf.variable(tf.scalar(0)),
    slopeOptimizer: tf.train.sgd(0.3),
    interceptOptimizer: tf.train.sgd(0.3),
    dispose: () => {
      tf.dispose([model.slope, model.intercept]);
      model.slopeOptimizer.dispose();
      model.interceptOptimizer.dispose();
    },
  };
  return model;
}

const mse = (m: TwoGroupModel, batch: Batch): tf.Scalar =>
  tf.losses.meanSquaredError(batch.y as tf.Tensor, tf.add(tf.mul(batch.x, m.slope), m.intercept)) as tf.Scalar;

// Alternates like a GAN's critic and generator: slope on even steps, intercept on odd ones.
function alternatingStep(m: TwoGroupModel) {
  return (batch: Batch, ctx: StepContext) => {
    const even = ctx.globalStep % 2 === 0;
    const optimizer = even ? m.slopeOptimizer : m.interceptOptimizer;
    const cost = optimizer.minimize(() => mse(m, batch), true, [even ? m.slope : m.intercept]) as tf.Scalar;
    return { loss: cost.dataSync()[0], updated_slope: even ? 1 : 0 };
  };
}

describe('trainWithSteps', () => {
  const data = line(128, 1);
  const x = { values: data.x, shape: [128] };
  const y = { values: data.y, shape: [128] };

  it('runs a caller step with two optimizers and fits both parameter groups, leaking nothing', async () => {
    const m = twoGroupModel();
    const before = tf.memory().numTensors;
    const result = await trainWithSteps({ data: { x, y }, step: alternatingStep(m), epochs: 20, batchSize: 16, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.history[19].metrics['loss']).toBeLessThan(result.history[0].metrics['loss'] / 20);
    expect(result.history[0].metrics['updated_slope']).toBeCloseTo(0.5, 12);
    expect(m.slope.dataSync()[0]).toBeCloseTo(3, 1);
    expect(m.intercept.dataSync()[0]).toBeCloseTo(-2, 1);
    m.dispose();
  });

  it('hands the step its epoch (for KL annealing) and a seeded generator', async () => {
    const seen: Array<[number, number, number]> = [];
    const run = async () => {
      seen.length = 0;
      await trainWithSteps({
        data: { x },
        epochs: 2,
        batchSize: 64,
        seed: 9,
        step: (batch, ctx) => {
          expect(batch.y).toBeNull();
          seen.push([ctx.epoch, Math.min(1, ctx.epoch / 1), ctx.rng.next()]);
          return { n: batch.size };
        },
      });
      return seen.slice();
    };
    const first = await run();
    expect(first.map((s) => s.slice(0, 2))).toEqual([[0, 0], [0, 0], [1, 1], [1, 1]]);
    expect(await run()).toEqual(first);
  });

  it('scores validation with validationStep and restores the best variables on early stopping', async () => {
    const m = twoGroupModel();
    // Validation targets follow another line, so validation loss gets worse as training fits y.
    const other = { values: data.x.map((v) => -3 * v + 2), shape: [128] };
    const slopes: number[] = [];
    const result = await trainWithSteps({
      data: { x, y },
      validationData: { x, y: other },
      validationStep: (batch) => ({ loss: mse(m, batch).dataSync()[0] }),
      step: alternatingStep(m),
      epochs: 20,
      batchSize: 32,
      seed: 2,
      earlyStopping: { patience: 1 },
      restorable: [m.slope, m.intercept],
      onProgress: (e) => {
        if (e.phase === 'epoch') slopes.push(m.slope.dataSync()[0]);
      },
    });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.restoredBestWeights).toBe(true);
    expect(result.history[0].metrics).toHaveProperty('val_loss');
    expect(m.slope.dataSync()[0]).toBe(slopes[result.bestEpoch as number]);
    m.dispose();
  });

  it('cancels mid-epoch and refuses bad steps', async () => {
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const run = trainWithSteps({
      data: { x, y },
      epochs: 3,
      batchSize: 8,
      seed: 1,
      signal: controller.signal,
      step: (batch, ctx) => {
        if (ctx.batch === 5) controller.abort();
        return { s: tf.sum(batch.x).dataSync()[0] };
      },
    });
    await expect(run).rejects.toMatchObject({ code: ErrorCode.JOB_CANCELLED });
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainWithSteps({ data: { x }, epochs: 1, seed: 1, step: () => ({ loss: tf.scalar(1) as unknown as number }) })).rejects.toThrow(
      /step: returned object for metric loss/,
    );
    await expect(trainWithSteps({ data: { x }, epochs: 1, seed: 1, validationSplit: 0.2, step: () => ({}) })).rejects.toThrow(/validationStep/);
    await expect(trainWithSteps({ data: { x }, epochs: 1, seed: 1, earlyStopping: {}, step: () => ({}) })).rejects.toThrow(/restorable/);
  });

  it('buckets batches by key: every sample once an epoch, near-equal keys per batch, a new seeded order each epoch', async () => {
    const n = 100;
    const keys = Int32Array.from({ length: n }, (_, i) => 5 + ((i * 37) % 23));
    const run = async (seed: number) => {
      const epochs: number[][][] = [[], [], []];
      const before = tf.memory().numTensors;
      const result = await trainWithSteps({
        data: { x: { values: Float32Array.from(keys), shape: [n] } },
        epochs: 3,
        batchSize: 8,
        seed,
        bucketBy: keys,
        step: (batch, ctx) => {
          const values = Array.from(batch.x.dataSync());
          // The batch tensor holds the samples named by its indices.
          expect(values).toEqual(Array.from(batch.indices, (i) => keys[i]));
          epochs[ctx.epoch].push(values);
          return { size: batch.size };
        },
      });
      expect(result.epochsRun).toBe(3);
      expect(tf.memory().numTensors).toBe(before);
      return epochs;
    };
    const first = await run(7);
    for (const batches of first) {
      expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from(keys).sort((a, b) => a - b));
      expect(batches).toHaveLength(13);
      // Sorted by key before cutting: a batch spans at most two adjacent key values here (23 keys, about 4.3 samples each).
      for (const batch of batches) expect(Math.max(...batch) - Math.min(...batch)).toBeLessThanOrEqual(2);
    }
    // The batch order changes between epochs (unbucketed it would be a cut of one sorted list).
    const firstKeys = first.map((batches) => batches.map((b) => Math.min(...b)));
    expect(firstKeys[0]).not.toEqual(firstKeys[1]);
    expect(firstKeys[0]).not.toEqual([...firstKeys[0]].sort((a, b) => a - b));
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
    await expect(trainWithSteps({ data: { x }, epochs: 1, seed: 1, bucketBy: [1, 2, 3], step: () => ({}) })).rejects.toThrow(/bucketBy: has 3 keys for 128 samples/);
    await expect(trainWithSteps({ data: { x }, epochs: 1, seed: 1, bucketBy: Array.from({ length: 128 }, (_, i) => (i === 9 ? Number.NaN : i)), step: () => ({}) })).rejects.toThrow(
      /key 9 is not a finite number/,
    );
  });
});
