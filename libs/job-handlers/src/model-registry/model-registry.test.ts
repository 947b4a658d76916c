import { ErrorCode } from '@pmed/core';
import { ModelVersionRepository, openTestDatabase, type TestDatabase } from '@pmed/data';
import { rocCurve } from '@pmed/tensor';
import { getModelVersion, listModelVersions } from './model-registry';
import { historyPlot, MAX_ROC_POINTS, reliabilityPlot, rocPlot } from './plot-metrics';

describe('plot metrics stored with a model version', () => {
  it('thins an ROC curve to at most 100 rounded points from (0, 0) to (1, 1)', () => {
    const labels = Array.from({ length: 3000 }, (_, i) => i % 2);
    const scores = labels.map((y, i) => (y + ((i * 7919) % 1000) / 400) / 4);
    const plot = rocPlot(rocCurve(labels, scores));
    expect(plot.fpr.length).toBeLessThanOrEqual(MAX_ROC_POINTS);
    expect(plot.fpr.length).toBeGreaterThan(10);
    expect(plot.tpr).toHaveLength(plot.fpr.length);
    expect([plot.fpr[0], plot.tpr[0], plot.fpr.at(-1), plot.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    expect(plot.fpr.every((v) => Number(v.toFixed(4)) === v)).toBe(true);
    expect(Object.keys(plot)).toEqual(['fpr', 'tpr']);
  });

  it('keeps non-empty reliability bins, rounded', () => {
    const bins = reliabilityPlot([
      { lower: 0, upper: 0.1, meanPredicted: 0.0512345678, observed: 0, count: 3 },
      { lower: 0.1, upper: 0.2, meanPredicted: 0, observed: 0, count: 0 },
      { lower: 0.9, upper: 1, meanPredicted: 0.95, observed: 2 / 3, count: 3 },
    ]);
    expect(bins).toEqual([
      { lower: 0, upper: 0.1, meanPredicted: 0.0512, observed: 0, count: 3 },
      { lower: 0.9, upper: 1, meanPredicted: 0.95, observed: 0.6667, count: 3 },
    ]);
  });

  it('turns the epoch records into one series per metric, null where a value is missing or not finite', () => {
    const history = historyPlot([
      { epoch: 0, metrics: { loss: 0.693147181, val_loss: 0.7 }, durationMs: 5 },
      { epoch: 1, metrics: { loss: 0.51234567, val_loss: Number.NaN, val_auc: 0.8 }, durationMs: 5 },
    ]);
    expect(history).toEqual({ loss: [0.69315, 0.51235], val_loss: [0.7, null], val_auc: [null, 0.8] });
    expect(historyPlot([])).toEqual({});
  });
});

describe('model registry of every module', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    const repo = new ModelVersionRepository(db.client);
    await repo.register({ module: 'imaging', name: 'squares', status: 'ready', metrics: { auc: 0.9 }, artifact: new Uint8Array([1, 2, 3]) });
    await repo.register({ module: 'imaging', name: 'squares', status: 'failed' });
    await repo.register({ module: 'nlp', name: 'clinical', status: 'ready', metrics: { heldOutPerplexity: 80 } });
  });
  afterAll(() => db?.drop());

  it('lists every module, newest version first, without artifacts', async () => {
    const all = await listModelVersions(db);
    expect(all.map((m) => [m.module, m.name, m.version])).toEqual([
      ['imaging', 'squares', 2],
      ['imaging', 'squares', 1],
      ['nlp', 'clinical', 1],
    ]);
    expect(all[1]).not.toHaveProperty('artifact');
    expect((await listModelVersions(db, { module: 'nlp' })).map((m) => m.name)).toEqual(['clinical']);
    expect(await listModelVersions(db, { module: 'drug-generation' })).toEqual([]);
    expect(await listModelVersions(db, { limit: 1 })).toHaveLength(1);
  });

  it('gets one version by id, and answers unknown input with stable codes', async () => {
    const [first] = await listModelVersions(db, { module: 'imaging' });
    const one = await getModelVersion(db, first.id);
    expect(one).toMatchObject({ module: 'imaging', name: 'squares', version: 2, status: 'failed' });
    expect(one).not.toHaveProperty('artifact');
    await expect(getModelVersion(db, 'missing')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    await expect(listModelVersions(db, { module: 'radiology' })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { field: 'module', allowed: expect.arrayContaining(['imaging', 'nlp']) } });
    await expect(listModelVersions(db, { limit: 0 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { field: 'limit' } });
    await expect(listModelVersions(db, { limit: 101 })).rejects.toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
  });
});
