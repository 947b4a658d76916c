import { createRng, selectBackend, tf } from '@pmed/tensor';
import { parseUcr, ucrClassMap } from '../data/ucr';
import { riskModelMembers } from './ensemble';
import { focalLoss } from './risk-model';
import { classifySequences, memberProbabilities, sequenceProbabilities, trainSequenceClassifier, ucrTimelines } from './sequence-classifier';

/** Three classes of 12-sample signals: rising, falling, flat (with noise). */
function signals(count: number, seed: number): string {
  const rng = createRng(seed);
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = [3, 7, 9][i % 3];
    const slope = label === 3 ? 1 : label === 7 ? -1 : 0;
    rows.push([label, ...Array.from({ length: 12 }, (_, t) => (slope * t * 0.3 + rng.normal() * 0.2).toFixed(3))].join('\t'));
  }
  return rows.join('\n');
}

describe('sequence classifier (UCR sets)', () => {
  beforeAll(async () => {
    await selectBackend({ forced: 'wasm' });
  });

  it('trains the recurrent model with a softmax head on any number of classes', async () => {
    const train = parseUcr(signals(36, 1), { file: 'train.tsv' });
    const test = parseUcr(signals(30, 2), { file: 'test.tsv' });
    const classes = ucrClassMap(train.rawLabels);
    expect(classes).toEqual([3, 7, 9]);
    const clf = await trainSequenceClassifier({ train, classes, epochs: 10, seed: 1, model: { units: 6, hidden: 0 }, learningRate: 0.03, batchSize: 12 });
    try {
      const predicted = classifySequences(clf, test);
      const correct = predicted.reduce((s, c, i) => s + (classes[c] === test.rawLabels[i] ? 1 : 0), 0);
      expect(correct / 30).toBeGreaterThan(0.8);
    } finally {
      clf.model.dispose();
    }
  });

  it('trains the LSTM-FCN, choosing the epoch count on a validation share of TRAIN and refitting on all of it', async () => {
    const train = parseUcr(signals(30, 3), { file: 'train.tsv' });
    const test = parseUcr(signals(30, 4), { file: 'test.tsv' });
    const classes = ucrClassMap(train.rawLabels);
    const before = tf.memory().numTensors;
    const clf = await trainSequenceClassifier({
      train,
      classes,
      architecture: 'lstm-fcn',
      lstmFcn: { filters: [8, 8, 8], kernels: [5, 3, 3], lstmUnits: 4, dropout: 0.2 },
      epochs: 24,
      patience: 24,
      validationShare: 0.3,
      refit: true,
      seed: 1,
      learningRate: 0.03,
      batchSize: 10,
    });
    try {
      expect(clf.architecture).toBe('lstm-fcn');
      expect(clf.model.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['conv1', 'conv3_bn', 'conv_gap', 'dimension_shuffle', 'lstm', 'joined']));
      expect(clf.refitEpochs).toBe((clf.training.bestEpoch as number) + 1);
      const predicted = classifySequences(clf, test);
      const correct = predicted.reduce((s, c, i) => s + (classes[c] === test.rawLabels[i] ? 1 : 0), 0);
      expect(correct / 30).toBeGreaterThan(0.8);
      const probs = sequenceProbabilities(clf, test);
      expect(probs).toHaveLength(90);
      expect(probs[0] + probs[1] + probs[2]).toBeCloseTo(1, 5);
    } finally {
      clf.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('joins a seed ensemble into one model whose probabilities are the mean of its networks', async () => {
    const train = parseUcr(signals(24, 5), { file: 'train.tsv' });
    const test = parseUcr(signals(9, 6), { file: 'test.tsv' });
    const classes = ucrClassMap(train.rawLabels);
    // No dropout: tfjs does not seed dropout masks, and the comparison needs identical networks.
    const settings = { train, classes, epochs: 3, model: { units: 4, hidden: 0, dropout: 0 }, learningRate: 0.03, batchSize: 12 } as const;
    const before = tf.memory().numTensors;
    const ensemble = await trainSequenceClassifier({ ...settings, seed: 7, ensembleSize: 2 });
    const single = await Promise.all([7, 1007].map((seed) => trainSequenceClassifier({ ...settings, seed })));
    try {
      expect(ensemble.members.map((m) => m.seed)).toEqual([7, 1007]);
      expect(riskModelMembers(ensemble.model)).toBe(2);
      const [a, b] = single.map((c) => sequenceProbabilities(c, test));
      const mean = a.map((v, i) => (v + b[i]) / 2);
      const joined = sequenceProbabilities(ensemble, test);
      joined.forEach((v, i) => expect(v).toBeCloseTo(mean[i], 5));
      const alone = memberProbabilities(ensemble, test);
      [a, b].forEach((probs, k) => probs.forEach((v, i) => expect(alone[k][i]).toBeCloseTo(v, 5)));
    } finally {
      ensemble.model.dispose();
      for (const c of single) c.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainSequenceClassifier({ ...settings, seed: 1, ensembleSize: 0 })).rejects.toThrow(/ensembleSize/);
  });

  it('encodes signals longer than 1000 samples by averaging bins', async () => {
    const row = (label: number, sign: number) => [label, ...Array.from({ length: 2500 }, (_, t) => (sign * Math.sin(t / 200)).toFixed(3))].join('\t');
    const train = parseUcr([row(1, 1), row(2, -1), row(1, 1), row(2, -1)].join('\n'), { file: 'long.tsv' });
    const clf = await trainSequenceClassifier({ train, classes: [1, 2], architecture: 'lstm-fcn', lstmFcn: { filters: [2, 2, 2], lstmUnits: 0 }, epochs: 1, seed: 1 });
    try {
      expect(clf.spec.binHours).toBe(3);
      expect(clf.model.inputs[0].shape[1]).toBe(835);
    } finally {
      clf.model.dispose();
    }
  });

  it('refuses bad settings with clear errors', async () => {
    const train = parseUcr(signals(6, 1), { file: 'train.tsv' });
    await expect(trainSequenceClassifier({ train, classes: [3, 7, 9], architecture: 'cnn' as never, epochs: 1, seed: 1 })).rejects.toThrow(/architecture/);
    await expect(trainSequenceClassifier({ train, classes: [3, 7, 9], refit: true, epochs: 1, seed: 1 })).rejects.toThrow(/refit/);
    await expect(trainSequenceClassifier({ train, classes: [3, 7, 9], architecture: 'lstm-fcn', lstmFcn: { kernels: [8, 0, 3] }, epochs: 1, seed: 1 })).rejects.toThrow(/kernels/);
  });

  it('refuses a test label the training set never had', () => {
    const ds = parseUcr('5\t1\t2\n', { file: 't.tsv' });
    expect(() => ucrTimelines(ds, [3, 7])).toThrow(/label 5, unknown to the training set/);
  });
});

describe('focalLoss', () => {
  it('matches -alpha_t (1 - p_t)^gamma log(p_t) per sample', () => {
    const values = tf.tidy(() => focalLoss({ gamma: 2, alpha: 0.25 })(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.9], [0.3]])).arraySync());
    expect(values[0]).toBeCloseTo(-0.25 * 0.01 * Math.log(0.9), 6);
    expect(values[1]).toBeCloseTo(-0.75 * 0.09 * Math.log(0.7), 6);
  });
});
