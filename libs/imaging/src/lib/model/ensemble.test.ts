import { selectBackend, tf } from '@pmed/tensor';
import { gradCam, massInside } from '../explain/grad-cam';
import { prepareImage } from '../preprocess/preprocess';
import { syntheticSquares } from '../synthetic';
import { buildClassifier } from './architectures';
import { classifyImage, defaultClassNames, loadImagingModel, serializeImagingModel } from './classifier';
import { combineMembers, ensembleGradCam, ensembleSize } from './ensemble';
import { predictLogits } from './predict';
import { trainImagingClassifier } from './train';

jest.setTimeout(120_000);

beforeAll(async () => {
  await selectBackend({ forced: 'wasm' });
});

describe('combineMembers', () => {
  it.each(['reference-cnn', 'resnet-small'] as const)('joins %s members into one model that outputs their mean logits and survives a save/load', async (architecture) => {
    const members = [3, 4, 5].map((seed) => buildClassifier({ architecture, inputShape: [16, 16, 1], numClasses: 2, seed }));
    const x = Float32Array.from({ length: 2 * 256 }, (_, i) => Math.sin(i * 0.37));
    const each = members.map((m) => predictLogits(m, { x, count: 2 }));
    const joined = combineMembers(members);
    expect(ensembleSize(joined)).toBe(3);
    expect(ensembleSize(members[0])).toBe(1);
    const logits = predictLogits(joined, { x, count: 2 });
    logits.forEach((v, i) => expect(v).toBeCloseTo((each[0][i] + each[1][i] + each[2][i]) / 3, 4));

    const metadata = { architecture, numClasses: 2, classNames: defaultClassNames(2), preprocessing: { height: 16, width: 16, channels: 1 as const, mean: [0], std: [1] }, temperature: 1.5, ensembleSize: 3 };
    const { bytes } = await serializeImagingModel(joined, metadata);
    const loaded = await loadImagingModel(bytes);
    predictLogits(loaded.model, { x, count: 2 }).forEach((v, i) => expect(v).toBeCloseTo(logits[i], 5));
    await expect(serializeImagingModel(joined, { ...metadata, ensembleSize: 2 }).then((a) => loadImagingModel(a.bytes))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: /3/ });
    for (const m of [...members, joined, loaded.model]) m.dispose();
  });
});

describe('trainImagingClassifier with an ensemble', () => {
  it('trains K members, serves their average, and explains with the members\' Grad-CAM maps averaged', async () => {
    const train = syntheticSquares({ count: 96, size: 32, square: 8, seed: 1 });
    const validation = syntheticSquares({ count: 32, size: 32, square: 8, seed: 2 });
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const trained = await trainImagingClassifier({
      train,
      validation,
      epochs: 8,
      batchSize: 16,
      seed: 7,
      learningRate: 2e-3,
      augmentation: false,
      patience: 0,
      ensembleSize: 2,
      onProgress: (p) => progress.push(p.fraction),
    });
    expect(trained.ensembleSize).toBe(2);
    expect(trained.members.map((m) => m.seed)).toEqual([7, 1007]);
    expect(ensembleSize(trained.model)).toBe(2);
    // Progress runs once from 0 to 1 over both members.
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1])).toBe(true);
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress.some((f) => f > 0.4 && f < 0.6)).toBe(true);

    const test = syntheticSquares({ count: 10, size: 32, square: 8, seed: 3 });
    const masses: number[] = [];
    for (let i = 0; i < test.count; i++) {
      const box = test.boxes[i];
      if (!box) continue;
      const x = prepareImage({ width: 32, height: 32, channels: 1, data: test.images.subarray(i * 1024, (i + 1) * 1024) }, trained.preprocessing);
      const cam = ensembleGradCam(trained.model, x, { classIndex: 1 });
      expect(cam.layerName).toBe('conv3');
      expect(Math.max(...cam.heatmap)).toBeCloseTo(1, 5);
      masses.push(massInside(cam, { x: box.x - 1, y: box.y - 1, width: box.width + 2, height: box.height + 2 }));
      // A prefixed name explains one member; the average lies between the members' maps.
      const one = ensembleGradCam(trained.model, x, { classIndex: 1, layerName: 'm1_conv3' });
      expect(one.layerName).toBe('m1_conv3');
      expect(one.heatmap).toEqual(gradCam(trained.model, x, { classIndex: 1, layerName: 'm1_conv3' }).heatmap);
    }
    expect(masses.reduce((a, m) => a + m, 0) / masses.length).toBeGreaterThan(0.35);
    expect(() => ensembleGradCam(trained.model, new Float32Array(1024), { layerName: 'dense' })).toThrow(/conv1, conv2, conv3/);

    const metadata = { architecture: trained.architecture, numClasses: 2, classNames: defaultClassNames(2), preprocessing: trained.preprocessing, temperature: trained.temperature, ensembleSize: 2 };
    const { bytes } = await serializeImagingModel(trained.model, metadata);
    trained.model.dispose();
    const loaded = await loadImagingModel(bytes);
    const positive = test.boxes.findIndex((b) => b !== null);
    const result = await classifyImage(loaded, { width: 32, height: 32, channels: 1, data: test.images.subarray(positive * 1024, (positive + 1) * 1024) });
    expect(result.label).toBe(1);
    expect(result.gradCam.layerName).toBe('conv3');
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an ensemble size outside 1..20', async () => {
    const train = syntheticSquares({ count: 8, size: 16, square: 4, seed: 1 });
    await expect(trainImagingClassifier({ train, epochs: 1, seed: 1, ensembleSize: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: /ensembleSize/ });
    await expect(trainImagingClassifier({ train, epochs: 1, seed: 1, ensembleSize: 2.5 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
