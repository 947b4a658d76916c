import { createRng, selectBackend, tf } from '@pmed/tensor';
import { convLayerNames, gradCam } from '../explain/grad-cam';
import { augmentBatch } from '../preprocess/augment';
import { fitNormalization, prepareImage, resizeImage } from '../preprocess/preprocess';
import { evaluatePredictions, metricIntervals } from '../report/evaluate';
import { buildClassifier } from './architectures';
import { softmaxCrossEntropy } from './predict';
import { fitTemperature, negativeLogLikelihood, softmax } from './temperature';

beforeAll(async () => {
  await selectBackend({ forced: 'cpu' });
});

describe('temperature scaling', () => {
  it('recovers the temperature that generated the labels', () => {
    const rng = createRng(5);
    const n = 4000;
    const logits = new Float32Array(n * 2);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const z = 4 * rng.normal();
      logits[2 * i + 1] = z;
      // Labels drawn from softmax(z / 2): the right temperature is 2.
      labels[i] = rng.next() < 1 / (1 + Math.exp(-z / 2)) ? 1 : 0;
    }
    const t = fitTemperature({ logits, labels, numClasses: 2 });
    expect(t).toBeGreaterThan(1.8);
    expect(t).toBeLessThan(2.2);
    expect(negativeLogLikelihood({ logits, labels, numClasses: 2, temperature: t })).toBeLessThan(negativeLogLikelihood({ logits, labels, numClasses: 2, temperature: 1 }));
    const p = softmax(Float32Array.from([0, Math.log(3)]), 2);
    expect(p[1]).toBeCloseTo(0.75, 6);
  });
});

describe('preprocessing and augmentation', () => {
  it('resizes a constant image to the same constant and normalises with stored statistics', () => {
    const image = { width: 5, height: 3, channels: 1 as const, data: new Float32Array(15).fill(0.4) };
    const resized = resizeImage(image, { width: 8, height: 8 });
    resized.data.forEach((v) => expect(v).toBeCloseTo(0.4, 6));
    const x = prepareImage(image, { width: 8, height: 8, channels: 3, mean: [0.2, 0.2, 0.2], std: [0.1, 0.1, 0.1] });
    expect(x.length).toBe(192);
    x.forEach((v) => expect(v).toBeCloseTo(2, 4));
    expect(fitNormalization(Float32Array.from([0, 1, 0, 1]), 1)).toEqual({ mean: [0.5], std: [0.5] });
  });

  it('is the identity with nothing switched on, and reproducible for one seed', () => {
    const x = Float32Array.from({ length: 2 * 6 * 6 }, (_, i) => Math.sin(i));
    const shape: [number, number, number, number] = [2, 6, 6, 1];
    expect(Array.from(augmentBatch({ x, shape, options: {}, rng: createRng(1) }))).toEqual(Array.from(x).map((v) => Math.fround(v)));
    const options = { horizontalFlip: true, maxRotationDegrees: 10, maxShift: 0.1, intensityJitter: 0.1 };
    const a = augmentBatch({ x, shape, options, rng: createRng(3) });
    const b = augmentBatch({ x, shape, options, rng: createRng(3) });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(x));
  });
});

describe('architectures and Grad-CAM', () => {
  it('builds both nets with one logit per class and explains the residual net through its skip connections', () => {
    const before = tf.memory().numTensors;
    const cnn = buildClassifier({ architecture: 'reference-cnn', inputShape: [16, 16, 1], numClasses: 3, seed: 1 });
    expect(cnn.outputs[0].shape).toEqual([null, 3]);
    expect(convLayerNames(cnn)).toEqual(['conv1', 'conv2', 'conv3']);
    const resnet = buildClassifier({ architecture: 'resnet-small', inputShape: [8, 8, 3], numClasses: 2, seed: 1 });
    expect(resnet.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(true);
    const input = Float32Array.from({ length: 8 * 8 * 3 }, (_, i) => Math.cos(i));
    const cam = gradCam(resnet, input, { classIndex: 1 });
    expect(cam.layerName).toBe('block3_conv2');
    expect(cam.heatmap.length).toBe(64);
    expect(Math.max(...cam.heatmap)).toBeLessThanOrEqual(1);
    const early = gradCam(resnet, input, { layerName: 'block1_conv1', classIndex: 0 });
    expect(early.layerName).toBe('block1_conv1');
    expect(() => gradCam(resnet, input, { layerName: 'gap' })).toThrow(/Conv2D/);
    expect(() => buildClassifier({ architecture: 'reference-cnn', inputShape: [4, 4, 1], numClasses: 2, seed: 1 })).toThrow(/at least/);
    cnn.dispose();
    resnet.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds the reference CNN with batch normalisation: bias-free convs, each followed by batch norm and ReLU', () => {
    const before = tf.memory().numTensors;
    const plain = buildClassifier({ architecture: 'reference-cnn', inputShape: [16, 16, 1], numClasses: 2, seed: 1 });
    const bn = buildClassifier({ architecture: 'reference-cnn-bn', inputShape: [16, 16, 1], numClasses: 2, seed: 1 });
    expect(bn.layers.map((l) => l.name).slice(1, 5)).toEqual(['conv1', 'conv1_bn', 'conv1_relu', 'pool1']);
    expect(bn.layers.filter((l) => l.getClassName() === 'BatchNormalization')).toHaveLength(3);
    expect(convLayerNames(bn)).toEqual(['conv1', 'conv2', 'conv3']);
    expect(bn.getLayer('conv1').getWeights()).toHaveLength(1);
    // The same seed gives the same conv kernels as the plain net; only the biases move into batch norm.
    expect(Array.from(bn.getLayer('conv2').getWeights()[0].dataSync())).toEqual(Array.from(plain.getLayer('conv2').getWeights()[0].dataSync()));
    const input = Float32Array.from({ length: 16 * 16 }, (_, i) => Math.sin(i / 3));
    expect(gradCam(bn, input, { classIndex: 1 }).layerName).toBe('conv3');
    plain.dispose();
    bn.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('softmaxCrossEntropy', () => {
  it('is the plain cross-entropy without smoothing and trains towards (1 - e) + e / K with it', () => {
    const logits = tf.tensor2d([
      [2, 0, -1],
      [0.5, 0.5, 3],
    ]);
    const labels = tf.tensor1d([0, 2], 'int32');
    const logSoftmax = (row: number[]): number[] => {
      const z = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
      return row.map((v) => v - z);
    };
    const rows = [logSoftmax([2, 0, -1]), logSoftmax([0.5, 0.5, 3])];
    const plain = softmaxCrossEntropy(labels, logits).dataSync();
    expect(plain[0]).toBeCloseTo(-rows[0][0], 5);
    expect(plain[1]).toBeCloseTo(-rows[1][2], 5);
    const e = 0.3;
    const smoothed = softmaxCrossEntropy(labels, logits, e).dataSync();
    const expected = rows.map((r, i) => -r.reduce((a, v, k) => a + v * ((k === [0, 2][i] ? 1 - e : 0) + e / 3), 0));
    expect(smoothed[0]).toBeCloseTo(expected[0], 5);
    expect(smoothed[1]).toBeCloseTo(expected[1], 5);
    tf.dispose([logits, labels]);
  });
});

describe('evaluatePredictions', () => {
  it('scores binary predictions, renders charts and bootstraps intervals', () => {
    const labels = Int32Array.from([0, 0, 1, 1, 1, 0]);
    const p1 = [0.1, 0.6, 0.7, 0.9, 0.4, 0.2];
    const probabilities = Float32Array.from(p1.flatMap((p) => [1 - p, p]));
    const report = evaluatePredictions({ labels, probabilities, numClasses: 2 });
    // Positive scores: 8 of 9 positive/negative pairs are ordered correctly.
    expect(report.metrics.auc).toBeCloseTo(8 / 9, 6);
    expect(report.metrics.accuracy).toBeCloseTo(4 / 6, 6);
    expect(report.metrics.confusionMatrix).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(report.rocSvg).toContain('<svg');
    expect(report.reliabilitySvg).toContain('ECE');
    const ci = metricIntervals({ labels, probabilities, numClasses: 2, seed: 1, iterations: 200 });
    expect(ci.auc.lower).toBeLessThanOrEqual(ci.auc.estimate);
    expect(ci.auc.upper).toBeGreaterThanOrEqual(ci.auc.estimate);
  });
});
