import { selectBackend, tf } from '@pmed/tensor';
import { gradCam, massInside } from '../explain/grad-cam';
import { prepareImage } from '../preprocess/preprocess';
import { syntheticSquares } from '../synthetic';
import { classifyImage, loadImagingModel, serializeImagingModel, defaultClassNames } from './classifier';
import { trainImagingClassifier } from './train';
import { decodePng } from '../formats/png-jpeg';

jest.setTimeout(120_000);

describe('trainImagingClassifier on bright-square images', () => {
  beforeAll(async () => {
    // Conv training needs the wasm kernels @pmed/tensor registers; cpu would take minutes.
    await selectBackend({ forced: 'wasm' });
  });

  it('learns the square, calibrates, explains with Grad-CAM, and survives a save/load round trip', async () => {
    const train = syntheticSquares({ count: 96, size: 32, square: 8, seed: 1 });
    const validation = syntheticSquares({ count: 32, size: 32, square: 8, seed: 2 });
    const before = tf.memory().numTensors;
    const trained = await trainImagingClassifier({ train, validation, epochs: 8, batchSize: 16, seed: 7, learningRate: 2e-3, augmentation: false, patience: 0 });
    const last = trained.training.history[trained.training.history.length - 1].metrics;
    expect(last['val_acc']).toBeGreaterThanOrEqual(0.9);
    expect(trained.temperature).toBeGreaterThan(0);

    const test = syntheticSquares({ count: 10, size: 32, square: 8, seed: 3 });
    const masses: number[] = [];
    for (let i = 0; i < test.count; i++) {
      const box = test.boxes[i];
      if (!box) continue;
      const x = prepareImage({ width: 32, height: 32, channels: 1, data: test.images.subarray(i * 1024, (i + 1) * 1024) }, trained.preprocessing);
      const cam = gradCam(trained.model, x, { classIndex: 1 });
      expect(cam.layerName).toBe('conv3');
      const padded = { x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2 };
      masses.push(massInside(cam, padded));
      const peak = cam.heatmap.indexOf(Math.max(...cam.heatmap));
      const [py, px] = [Math.floor(peak / 32), peak % 32];
      expect({ i, inside: px >= padded.x && px < padded.x + padded.width && py >= padded.y && py < padded.y + padded.height }).toEqual({ i, inside: true });
    }
    // The padded box is 100 of 1024 pixels (10%): a map that ignored the square would put about that
    // much inside; the last conv layer sees 4x4-pixel cells, so its upsampled map spills over the edges.
    const mean = masses.reduce((a, m) => a + m, 0) / masses.length;
    expect(mean).toBeGreaterThan(0.35);

    const metadata = { architecture: trained.architecture, numClasses: 2, classNames: defaultClassNames(2), preprocessing: trained.preprocessing, temperature: trained.temperature };
    const { bytes, sha256 } = await serializeImagingModel(trained.model, metadata);
    trained.model.dispose();
    const loaded = await loadImagingModel(bytes, { expectedSha256: sha256 });
    const positive = test.boxes.findIndex((b) => b !== null);
    const result = await classifyImage(loaded, { width: 32, height: 32, channels: 1, data: test.images.subarray(positive * 1024, (positive + 1) * 1024) });
    expect(result.label).toBe(1);
    expect(result.calibratedProbabilities.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 5);
    const overlay = decodePng(result.overlayPng);
    expect([overlay.width, overlay.height, overlay.channels]).toEqual([32, 32, 3]);
    await expect(classifyImage(loaded, { width: 32, height: 32, channels: 3, data: new Float32Array(32 * 32 * 3) })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: /colour/ });
    await expect(loadImagingModel(bytes, { expectedSha256: '0'.repeat(64) })).rejects.toMatchObject({ code: 'MODEL_ARTIFACT_INVALID' });
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains the batch-normalised CNN with mixup and label smoothing: smoothed targets floor the loss, mixup changes the steps', async () => {
    // 80 steps: batch norm's moving statistics (momentum 0.99) need that many before inference-mode
    // predictions match training-mode ones (after 48 steps the validation accuracy is still 0.5).
    const train = syntheticSquares({ count: 64, size: 16, square: 5, seed: 4 });
    const validation = syntheticSquares({ count: 32, size: 16, square: 5, seed: 5 });
    const before = tf.memory().numTensors;
    const common = { train, validation, architecture: 'reference-cnn-bn' as const, epochs: 10, batchSize: 8, seed: 3, learningRate: 2e-3, augmentation: false as const, patience: 0, classWeights: 'none' as const };
    const losses = async (extra: { mixup?: number; labelSmoothing?: number }): Promise<{ loss: number[]; valAcc: number }> => {
      const trained = await trainImagingClassifier({ ...common, ...extra });
      trained.model.dispose();
      const history = trained.training.history.map((h) => h.metrics);
      return { loss: history.map((m) => m['loss']), valAcc: history[history.length - 1]['val_acc'] };
    };
    const plain = await losses({});
    const mixed = await losses({ mixup: 0.4 });
    const smoothed = await losses({ mixup: 0.4, labelSmoothing: 0.5 });
    expect(plain.valAcc).toBeGreaterThanOrEqual(0.85);
    expect(mixed.valAcc).toBeGreaterThanOrEqual(0.85);
    // Same seed, same batches: only the blending can make the first epoch differ.
    expect(Math.abs(mixed.loss[0] - plain.loss[0])).toBeGreaterThan(1e-3);
    // Targets of 0.75 / 0.25 (and blends of them) cannot be fitted below their entropy, 0.5623 nats.
    const floor = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    for (const l of smoothed.loss) expect(l).toBeGreaterThan(floor - 1e-3);
    expect(Math.min(...plain.loss)).toBeLessThan(floor - 0.1);
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainImagingClassifier({ ...common, mixup: -1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: /mixup/ });
    await expect(trainImagingClassifier({ ...common, labelSmoothing: 1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: /labelSmoothing/ });
  });
});
