import { badInput } from '@pmed/core';
import type { TrainingProgress } from '@pmed/tensor';
import { withTrainingCurve } from './training-curve';

const progress = (phase: TrainingProgress['phase'], epoch: number, metrics: Record<string, number>): TrainingProgress => ({
  phase,
  epoch,
  epochs: 2,
  batch: 1,
  totalBatches: 1,
  fraction: 0.5,
  metrics,
  elapsedMs: 1,
  etaMs: 1,
});

function fakeContext(refuse = false) {
  const points: [number, Record<string, number>][] = [];
  const logs: string[] = [];
  return {
    points,
    logs,
    ctx: {
      // Like the job's context: a bad point throws at once, a good one is written later.
      metrics: (epoch: number, values: Record<string, number>) => {
        if (refuse) throw badInput('metrics', 'refused');
        points.push([epoch, values]);
        return Promise.resolve();
      },
      log: async (_level: string, message: string) => void logs.push(message),
    },
  };
}

describe('withTrainingCurve', () => {
  it('reports each finished epoch, numbered across runs, and still calls the wrapped callback', () => {
    const { ctx, points } = fakeContext();
    const seen: string[] = [];
    const onProgress = withTrainingCurve(ctx, (fold: number, p: TrainingProgress) => void seen.push(`${fold}:${p.phase}`));
    // Two folds of two epochs: batches are not curve points, epochs are, counted on from fold to fold.
    for (const fold of [0, 1]) {
      for (const epoch of [0, 1]) {
        onProgress(fold, progress('batch', epoch, { loss: 9 }));
        onProgress(fold, progress('epoch', epoch, { loss: 1 / (epoch + 1), val_loss: fold + epoch }));
      }
    }
    onProgress(1, progress('done', 1, { loss: 0.5 }));
    expect(points.map(([epoch]) => epoch)).toEqual([1, 2, 3, 4]);
    expect(points[3]).toEqual([4, { loss: 0.5, val_loss: 2 }]);
    expect(seen).toHaveLength(9);
    expect(seen.at(-1)).toBe('1:done');
    // A second wrapper starts again from epoch 1 (its run replaces the curve).
    const final = withTrainingCurve(ctx, () => undefined);
    final(progress('epoch', 0, { loss: 0.3 }));
    expect(points.at(-1)).toEqual([1, { loss: 0.3 }]);
  });

  it('logs a refused point once and never stops the training', () => {
    const { ctx, logs } = fakeContext(true);
    let calls = 0;
    const onProgress = withTrainingCurve(ctx, () => void (calls += 1));
    expect(() => {
      onProgress(progress('epoch', 0, { loss: 1 }));
      onProgress(progress('epoch', 1, { loss: 1 }));
    }).not.toThrow();
    expect(calls).toBe(2);
    expect(logs).toEqual(['training curve: epoch 1 not recorded: metrics: refused']);
  });

  it('logs a point whose write fails', async () => {
    const logs: string[] = [];
    const onProgress = withTrainingCurve({ metrics: () => Promise.reject(new Error('disk full')), log: async (_level, message) => void logs.push(message) }, () => undefined);
    onProgress(progress('epoch', 0, { loss: 1 }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs).toEqual(['training curve: epoch 1 not recorded: disk full']);
  });

  it('does nothing extra for a context that keeps no curve', () => {
    let calls = 0;
    const onProgress = withTrainingCurve({ log: async () => undefined }, () => void (calls += 1));
    onProgress(progress('epoch', 0, { loss: 1 }));
    expect(calls).toBe(1);
  });
});
