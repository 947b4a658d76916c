import { ErrorCode, PmedError } from '@pmed/core';
import { rocAuc, selectBackend, tf } from '@pmed/tensor';
import { syntheticStays } from '../__fixtures__/synthetic-stays';
import { crossValidateCaseModel } from '../evaluation/cross-validate';
import { renderHeatmapSvg } from '../report/heatmap-svg';
import { buildCaseModelCard } from '../report/model-card';
import { deserializeCaseModel, serializeCaseModel } from './artifact';
import { riskModelMembers } from './ensemble';
import { predictTimeline, scoreTimelines } from './predict';
import { buildRiskModel, packInputs, predictPacked, PAD_VALUE } from './risk-model';
import { trainCaseModel, type TrainedCaseModel } from './train';

// Tiny on purpose: 10 hourly bins, 3 variables, 4 units, a few dozen stays.
const HOURS = 10;
const stays = syntheticStays({ count: 48, hours: HOURS, seed: 11 });
const common = { outcome: 'deteriorated', features: { hours: HOURS }, model: { cell: 'gru' as const, units: 4, hidden: 4, dropout: 0.1 }, batchSize: 16, learningRate: 0.03, seed: 5, patience: 0 };

describe('case model', () => {
  let trained: TrainedCaseModel;

  beforeAll(async () => {
    await selectBackend({ forced: 'wasm' });
    trained = await trainCaseModel({ ...common, timelines: stays, epochs: 3 });
  }, 60000);
  afterAll(() => trained?.model.dispose());

  it('learns the signal and calibrates on the validation share', () => {
    expect(trained.training.epochsRun).toBe(3);
    expect(trained.counts).toEqual({ train: 39, validation: 9, positives: 16 });
    expect([...trained.spec.variables].sort()).toEqual(['HR', 'Lactate', 'Temp']);
    const scored = scoreTimelines(trained, stays);
    const auc = rocAuc(stays.map((s) => s.label as number), scored.map((s) => s.calibratedRisk as number));
    expect(auc).toBeGreaterThan(0.9);
    expect(trained.calibration.method).toBe('platt');
    expect(trained.validation?.count).toBe(9);
  });

  it('explains a positive stay by its heart rate and lactate, late in the window, without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const positive = stays.find((s) => s.label === 1 && scoreTimelines(trained, [s])[0].calibratedRisk! > 0.5) ?? stays[0];
    const result = predictTimeline(trained, positive, { intervalSamples: 20 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.calibratedRisk).toBeGreaterThan(0.5);
    expect(result.interval?.lower).toBeLessThanOrEqual(result.calibratedRisk);
    expect(result.interval?.upper).toBeGreaterThanOrEqual(result.calibratedRisk);
    const drivers = result.explanation!.drivers;
    expect(['HR', 'Lactate']).toContain(drivers[0].name);
    expect(drivers[0].contribution).toBeGreaterThan(0);
    const heat = result.explanation!.heatmap;
    expect(heat.values).toHaveLength(3);
    expect(heat.values[0]).toHaveLength(HOURS);
    const hr = heat.values[heat.variables.indexOf('HR')];
    const early = hr.slice(0, HOURS / 2).reduce((a, b) => a + Math.abs(b), 0);
    const late = hr.slice(HOURS / 2).reduce((a, b) => a + Math.abs(b), 0);
    expect(late).toBeGreaterThan(early);
    const svg = renderHeatmapSvg(heat, { title: 'stay <1>' });
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('stay &#60;1&#62;');
    expect(svg).toContain('>HR<');
  });

  it('refuses a stay without observations instead of making up a risk', () => {
    const empty = { id: 'empty', points: [{ hours: 30, code: 'HR', value: 80 }], descriptors: {} };
    try {
      predictTimeline(trained, empty);
      throw new Error('expected an error');
    } catch (error) {
      expect((error as PmedError).code).toBe(ErrorCode.BAD_USER_INPUT);
      expect((error as PmedError).details['reason']).toBe('NO_OBSERVATIONS');
    }
    expect(scoreTimelines(trained, [empty])[0]).toEqual({ id: 'empty', risk: null, calibratedRisk: null, observations: 0 });
  });

  it('round-trips through the artifact with identical risks, and refuses a damaged one', async () => {
    const blob = await serializeCaseModel(trained);
    const loaded = await deserializeCaseModel(blob.bytes, { expectedSha256: blob.sha256 });
    try {
      expect(loaded.spec).toEqual(trained.spec);
      // A model without the later options stores neither field and loads as one network without summary features.
      expect(loaded.spec.summary).toBeUndefined();
      expect(loaded.config.ensembleSize).toBeUndefined();
      expect(riskModelMembers(loaded.model)).toBe(1);
      expect(scoreTimelines(loaded, stays.slice(0, 5))).toEqual(scoreTimelines(trained, stays.slice(0, 5)));
    } finally {
      loaded.model.dispose();
    }
    const damaged = Buffer.from(blob.bytes);
    damaged[damaged.length - 3] ^= 0xff;
    await expect(deserializeCaseModel(damaged)).rejects.toMatchObject({ code: ErrorCode.MODEL_ARTIFACT_INVALID });
  });

  it('writes a model card', () => {
    const card = buildCaseModelCard({ name: 'demo', trained, dataDescription: 'synthetic', imbalance: 'class-weights' });
    expect(card.inputs.variables).toEqual(trained.spec.variables);
    expect(card.architecture).toMatch(/^GRU\(4\)/);
  });

  it('passes an L2 penalty to every network: the same seed trains smaller kernels', async () => {
    const squares = (m: tf.LayersModel): number => m.trainableWeights.filter((w) => w.originalName.endsWith('kernel')).reduce((s, w) => s + tf.tidy(() => tf.sum(tf.square(w.read())).dataSync()[0]), 0);
    const decayed = await trainCaseModel({ ...common, timelines: stays, epochs: 3, l2: 0.05 });
    try {
      expect(squares(decayed.model)).toBeLessThan(0.8 * squares(trained.model));
    } finally {
      decayed.model.dispose();
    }
    await expect(trainCaseModel({ ...common, timelines: stays, epochs: 1, l2: Number.NaN })).rejects.toThrow(/^l2: must be a finite number >= 0/);
  });

  it('cross-validates with stratified folds, scoring every stay once', async () => {
    const cv = await crossValidateCaseModel({ ...common, timelines: stays.slice(0, 36), epochs: 4, folds: 3 });
    expect(cv.folds.map((f) => f.test)).toEqual([12, 12, 12]);
    expect(cv.risks.every((r) => r >= 0 && r <= 1)).toBe(true);
    expect(cv.pooled.count).toBe(36);
    expect(cv.pooled.auroc).toBeGreaterThan(0.7);
    expect(cv.pooled.intervals.auroc).not.toBeNull();
  }, 60000);

  it('builds an LSTM with masking that ignores padded steps', () => {
    const model = buildRiskModel({ steps: 4, channels: 3, staticWidth: 2 }, { cell: 'lstm', units: 3, hidden: 0, dropout: 0, masking: true, outputs: 2 });
    try {
      const base = { count: 1, steps: 4, channels: 3, staticWidth: 2, observed: new Int32Array([1]), dropped: 0, droppedByVariable: {}, statics: new Float32Array([0.5, 1]) };
      const seq = new Float32Array([1, 2, 3, 0.5, 0.1, 0.2, PAD_VALUE, PAD_VALUE, PAD_VALUE, PAD_VALUE, PAD_VALUE, PAD_VALUE]);
      const short = new Float32Array([1, 2, 3, 0.5, 0.1, 0.2, 7, 7, 7, 7, 7, 7]);
      const a = predictPacked(model, packInputs({ ...base, sequences: seq }));
      const b = predictPacked(model, packInputs({ ...base, sequences: short }));
      expect(a).toHaveLength(2);
      expect(a[0] + a[1]).toBeCloseTo(1, 5);
      expect(Math.abs(a[0] - b[0])).toBeGreaterThan(1e-4); // padded steps differ from real ones
    } finally {
      model.dispose();
    }
  });
});

describe('case model with summary features and a seed ensemble', () => {
  let trained: TrainedCaseModel;

  beforeAll(async () => {
    await selectBackend({ forced: 'wasm' });
    trained = await trainCaseModel({ ...common, features: { hours: HOURS, summary: ['first', 'last', 'max', 'count'] }, model: { ...common.model, ensembleSize: 2 }, timelines: stays, epochs: 2 });
  }, 60000);
  afterAll(() => trained?.model.dispose());

  it('averages two networks trained from their own seeds, with the summary joined to the descriptors', () => {
    expect(trained.memberTraining.map((m) => m.seed)).toEqual([5, 1005]);
    expect(trained.memberTraining.every((m) => m.training.epochsRun === 2)).toBe(true);
    expect(riskModelMembers(trained.model)).toBe(2);
    // 3 variables x 4 statistics after age (z, missing), heightCm, weightKg and sex (2 categories).
    expect(trained.model.inputs[0].shape).toEqual([null, HOURS + 1, 8 + 12]);
    expect(trained.model.getLayer('m1_recurrent')).toBeDefined();
    expect(buildCaseModelCard({ name: 'e', trained, dataDescription: 'synthetic', imbalance: 'class-weights' }).architecture).toMatch(/first\/last\/max\/count.*mean risk of 2 such networks/);
    const auc = rocAuc(stays.map((s) => s.label as number), scoreTimelines(trained, stays).map((s) => s.calibratedRisk as number));
    expect(auc).toBeGreaterThan(0.8);
  });

  it('predicts with an interval and explanations, and round-trips through the artifact', async () => {
    const result = predictTimeline(trained, stays[0], { intervalSamples: 5 });
    expect(result.interval?.samples).toBe(5);
    expect(result.explanation!.drivers.length).toBeGreaterThan(0);
    const blob = await serializeCaseModel(trained);
    const loaded = await deserializeCaseModel(blob.bytes);
    try {
      expect(loaded.spec.summary).toEqual(trained.spec.summary);
      expect(loaded.config.ensembleSize).toBe(2);
      expect(scoreTimelines(loaded, stays.slice(0, 5))).toEqual(scoreTimelines(trained, stays.slice(0, 5)));
      expect(predictTimeline(loaded, stays[0], { intervalSamples: 0 }).explanation).toEqual(predictTimeline(trained, stays[0], { intervalSamples: 0 }).explanation);
    } finally {
      loaded.model.dispose();
    }
    const wrongCount = await serializeCaseModel({ ...trained, config: { ...trained.config, ensembleSize: 3 } });
    await expect(deserializeCaseModel(wrongCount.bytes)).rejects.toMatchObject({ code: ErrorCode.MODEL_ARTIFACT_INVALID, message: expect.stringMatching(/3 network/) });
    const noSummary = await serializeCaseModel({ ...trained, spec: { ...trained.spec, summary: undefined } });
    await expect(deserializeCaseModel(noSummary.bytes)).rejects.toMatchObject({ code: ErrorCode.MODEL_ARTIFACT_INVALID, message: expect.stringMatching(/takes \[11,20\]/) });
  });

  it('gives each network its own validation share on request, calibrating on out-of-bag risks', async () => {
    const options = { ...common, features: { hours: HOURS, summary: ['last' as const] }, model: { ...common.model, ensembleSize: 2 }, timelines: stays, epochs: 1 };
    const bagged = await trainCaseModel({ ...options, ensembleSplit: 'per-network' });
    try {
      // Two seeded 20% shares of 48 stays: together more stays than one share, each id once.
      expect(new Set(bagged.validationIds).size).toBe(bagged.validationIds.length);
      expect(bagged.counts.validation).toBe(bagged.validationIds.length);
      expect(bagged.counts.validation).toBeGreaterThan(trained.counts.validation);
      expect(bagged.counts.train).toBe(48);
      expect(bagged.validation?.count).toBe(bagged.counts.validation);
      expect(bagged.calibration.method).toBe('platt');
      expect(riskModelMembers(bagged.model)).toBe(2);
    } finally {
      bagged.model.dispose();
    }
    await expect(trainCaseModel({ ...options, ensembleSplit: 'bootstrap' as never })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });
});
