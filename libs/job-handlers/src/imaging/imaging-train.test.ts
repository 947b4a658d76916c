import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@pmed/core';
import { openTestDatabase } from '@pmed/data';
import { evaluatePredictions, loadImagingModel, predictLogits, prepareImageSet, softmax, syntheticSquares, writeMedMnist, type ImageSet } from '@pmed/imaging';
import { testJobContext } from '@pmed/jobs';
import { runImagingTraining, validateImagingTrainParams } from './imaging-train';

describe('validateImagingTrainParams', () => {
  it('fills defaults and resolves the data path inside the data directory', () => {
    const params = validateImagingTrainParams({ dataPath: 'breast.npz' }, { PMED_IMAGING_DATA_DIR: '/data/imaging' });
    expect(params).toMatchObject({ name: 'default', dataPath: '/data/imaging/breast.npz', architecture: 'reference-cnn', epochs: 30, batchSize: 32, augment: false, ensembleSize: 1, mixup: 0, labelSmoothing: 0, classWeights: 'balanced' });
    expect(validateImagingTrainParams({ dataPath: 'b.npz', architecture: 'reference-cnn-bn', mixup: 0.2, labelSmoothing: 0.1, classWeights: 'none' }, {})).toMatchObject({ architecture: 'reference-cnn-bn', mixup: 0.2, labelSmoothing: 0.1, classWeights: 'none' });
  });

  it.each([
    [{ dataPath: '../../etc/passwd.npz' }, 'params.dataPath'],
    [{ dataPath: 'x.csv' }, 'params.dataPath'],
    [{ dataPath: 'x.npz', architecture: 'vgg' }, 'params.architecture'],
    [{ dataPath: 'x.npz', epochs: 0 }, 'params.epochs'],
    [{ dataPath: 'x.npz', learningRate: 2 }, 'params.learningRate'],
    [{ dataPath: 'x.npz', name: '../evil' }, 'params.name'],
    [{ dataPath: 'x.npz', ensembleSize: 0 }, 'params.ensembleSize'],
    [{ dataPath: 'x.npz', ensembleSize: 21 }, 'params.ensembleSize'],
    [{ dataPath: 'x.npz', mixup: -0.1 }, 'params.mixup'],
    [{ dataPath: 'x.npz', mixup: '0.2' }, 'params.mixup'],
    [{ dataPath: 'x.npz', labelSmoothing: 1 }, 'params.labelSmoothing'],
    [{ dataPath: 'x.npz', classWeights: 'inverse' }, 'params.classWeights'],
    [{ dataPath: 'x.npz', colour: true }, 'params'],
    [null, 'params'],
  ])('refuses %j naming %s', (params, field) => {
    try {
      validateImagingTrainParams(params, { PMED_IMAGING_DATA_DIR: '/data/imaging' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { field } });
    }
  });
});

/** Runs `body` with a fresh SQLite database and a data directory holding squares.npz (12x12 synthetic squares). */
async function withSquares(body: (args: { dir: string; db: Awaited<ReturnType<typeof openTestDatabase>>; test: ImageSet }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmed-imaging-train-'));
  const db = await openTestDatabase('sqlite');
  try {
    const set = (count: number, seed: number) => syntheticSquares({ count, size: 12, square: 4, seed });
    const test = set(32, 3);
    writeFileSync(join(dir, 'squares.npz'), writeMedMnist({ train: set(48, 1), val: set(16, 2), test }));
    await body({ dir, db, test });
  } finally {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('runImagingTraining', () => {
  it('trains a seed ensemble and stores the test ROC curve, the reliability bins and the per-epoch history with the model version', async () => {
    await withSquares(async ({ dir, db }) => {
      const params = validateImagingTrainParams({ dataPath: 'squares.npz', name: 'squares', epochs: 2, batchSize: 16, seed: 3, patience: 0, ensembleSize: 2 }, { PMED_IMAGING_DATA_DIR: dir });
      const ctx = testJobContext({ params, job: { id: 'imaging-job-1', kind: 'imaging.train' } });
      const { curve } = ctx;
      const result = await runImagingTraining(db, ctx);
      // The live curve runs through both networks of the ensemble, two epochs each.
      expect(curve.map((point) => point.epoch)).toEqual([1, 2, 3, 4]);
      expect(curve.every((point) => typeof point.values['loss'] === 'number' && typeof point.values['val_loss'] === 'number')).toBe(true);
      const row = await db.client.modelVersion.findUniqueOrThrow({ where: { id: result.modelVersionId } });
      const metrics = row.metrics as { rocCurve: { fpr: number[]; tpr: number[] }; reliability: { count: number }[]; history: Record<string, (number | null)[]> };
      expect(row.status).toBe('ready');
      expect(metrics.rocCurve.fpr.length).toBeGreaterThan(1);
      expect(metrics.rocCurve.fpr.length).toBeLessThanOrEqual(100);
      expect(metrics.rocCurve.tpr).toHaveLength(metrics.rocCurve.fpr.length);
      expect(metrics.reliability.length).toBeGreaterThan(0);
      expect(metrics.reliability.reduce((n, b) => n + b.count, 0)).toBe(32);
      expect(metrics.history['loss']).toHaveLength(2);
      expect(metrics.history['val_loss']).toHaveLength(2);
      expect(row.metrics).toMatchObject({ ensembleSize: 2 });
      const served = await loadImagingModel(row.artifact as Uint8Array, { expectedSha256: row.checksum ?? undefined });
      try {
        expect(served.metadata.ensembleSize).toBe(2);
      } finally {
        served.model.dispose();
      }
    });
  }, 60_000);

  it('trains the benchmark recipe (batch-normalised CNN, label smoothing, mixup, no class weights) and serves it as it scored', async () => {
    await withSquares(async ({ dir, db, test }) => {
      const params = validateImagingTrainParams(
        { dataPath: 'squares.npz', architecture: 'reference-cnn-bn', labelSmoothing: 0.1, mixup: 0.2, classWeights: 'none', epochs: 2, batchSize: 16, seed: 5, patience: 0, ensembleSize: 2 },
        { PMED_IMAGING_DATA_DIR: dir },
      );
      const result = await runImagingTraining(db, testJobContext({ params, job: { id: 'imaging-job-bn', kind: 'imaging.train' } }));
      const row = await db.client.modelVersion.findUniqueOrThrow({ where: { id: result.modelVersionId } });
      expect(row.parameters).toMatchObject({ architecture: 'reference-cnn-bn', labelSmoothing: 0.1, mixup: 0.2, classWeights: 'none', ensembleSize: 2 });
      const served = await loadImagingModel(row.artifact as Uint8Array, { expectedSha256: row.checksum ?? undefined });
      try {
        expect(served.metadata.architecture).toBe('reference-cnn-bn');
        expect(served.model.layers.filter((l) => l.getClassName() === 'BatchNormalization')).toHaveLength(6);
        // The loaded model, batch norm's moving statistics included, reproduces the stored test metrics.
        const logits = predictLogits(served.model, { x: prepareImageSet(test, served.metadata.preprocessing), count: test.count });
        const report = evaluatePredictions({ labels: test.labels, probabilities: softmax(logits, 2, served.metadata.temperature), numClasses: 2 });
        const stored = row.metrics as Record<string, number>;
        expect(report.metrics.auc).toBeCloseTo(stored['auc'], 6);
        expect(report.metrics.ece).toBeCloseTo(stored['ece'], 5);
      } finally {
        served.model.dispose();
      }
    });
  }, 60_000);
});
