import { renderToStaticMarkup } from 'react-dom/server';
import { historySeries } from '../pages/job-progress';
import { historyCharts, humanize, metricCurves, metricRows, ModelVersionView, type ModelVersion } from '../pages/model-registry';
import { groupObservations } from '../pages/patient-page';
import { segmentText } from '../pages/highlight';
import { matchPath } from '../router';
import { LineChart } from './line-chart';
import { divergingColour, linear, niceTicks } from './scale';

describe('chart scales', () => {
  it('picks round ticks that cover the data', () => {
    expect(niceTicks(37.2, 39.4, 5)).toEqual({ min: 37, max: 39.5, step: 0.5, values: [37, 37.5, 38, 38.5, 39, 39.5] });
    expect(niceTicks(0, 100, 5).values).toEqual([0, 20, 40, 60, 80, 100]);
    const flat = niceTicks(5, 5);
    expect(flat.min).toBeLessThan(5);
    expect(flat.max).toBeGreaterThan(5);
  });

  it('maps linearly and colours signed values', () => {
    expect(linear(0, 10, 100, 200)(2.5)).toBe(125);
    expect(divergingColour(0)).toBe('rgb(255, 255, 255)');
    expect(divergingColour(1)).toBe('rgb(178, 24, 43)');
    expect(divergingColour(-5)).toBe('rgb(33, 102, 172)');
  });
});

describe('page data shaping', () => {
  it('groups numeric observations per code, oldest first', () => {
    const groups = groupObservations([
      { code: 'HR', value: 90, unit: '/min', time: '2025-01-02T00:00:00Z' },
      { code: 'HR', value: 80, unit: '/min', time: '2025-01-01T00:00:00Z' },
      { code: 'Note', value: null, unit: null, time: '2025-01-01T00:00:00Z' },
      { code: 'DiasBP', value: 60, unit: 'mm[Hg]', time: '2025-01-01T00:00:00Z' },
    ]);
    expect(groups.map((g) => g.code)).toEqual(['DiasBP', 'HR']);
    expect(groups[1]?.points.map((p) => p.y)).toEqual([80, 90]);
  });

  it('finds training curves and metric curves in stored results', () => {
    expect(historySeries({ history: { loss: [1, 0.5], val_loss: [1.2, 0.7], note: 'x' } }).map((s) => s.name)).toEqual(['loss', 'val_loss']);
    expect(historySeries({ history: { metrics: { auc: [0.6, 0.7] } } })[0]?.points).toEqual([
      { x: 1, y: 0.6 },
      { x: 2, y: 0.7 },
    ]);
    expect(historySeries(null)).toEqual([]);
    const curves = metricCurves({ rocCurve: { fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] }, reliability: [{ meanPredicted: 0.2, observed: 0.25, count: 4 }, { meanPredicted: 0.5, observed: 0, count: 0 }] });
    expect(curves.roc).toEqual([
      { x: 0, y: 0 },
      { x: 0.5, y: 0.8 },
      { x: 1, y: 1 },
    ]);
    expect(curves.reliability).toEqual([{ x: 0.2, y: 0.25 }]);
  });

  it('splits a note into plain text and non-overlapping concept spans', () => {
    const text = 'Denies fever or chest pain.';
    const segments = segmentText(text, [
      { start: 16, end: 26, id: 'pain' },
      { start: 7, end: 12, id: 'fever' },
      { start: 22, end: 26, id: 'overlap' },
      { start: 40, end: 45, id: 'outside' },
    ]);
    expect(segments.map((s) => [s.text, s.span?.id ?? null])).toEqual([
      ['Denies ', null],
      ['fever', 'fever'],
      [' or ', null],
      ['chest pain', 'pain'],
      ['.', null],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('matches route patterns', () => {
    expect(matchPath('/patients/:id', '/patients/p%2F1')).toEqual({ id: 'p/1' });
    expect(matchPath('/patients/:id', '/patients')).toBeNull();
    expect(matchPath('/jobs', '/risk')).toBeNull();
  });
});

describe('line chart', () => {
  it('names itself for screen readers, fixes the axes it is given and dashes reference lines', () => {
    const html = renderToStaticMarkup(
      <LineChart
        title="ROC curve"
        description="a test curve"
        xDomain={[0, 1]}
        yDomain={[0, 1]}
        series={[
          { name: 'model', points: [{ x: 0, y: 0 }, { x: 0.1, y: 0.6 }, { x: 1, y: 1 }] },
          { name: 'chance', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], dashed: true },
        ]}
      />,
    );
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    const describedBy = /aria-describedby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain('role="img"');
    expect(html).toContain(`<title id="${labelledBy}">ROC curve</title>`);
    expect(html).toContain(`<desc id="${describedBy}">a test curve</desc>`);
    expect(html).toMatch(/<g data-series="chance"><path d="M56\.0,180\.0 L544\.0,12\.0" [^>]*stroke-dasharray="6 4"/);
    expect(html.match(/<circle /g)).toHaveLength(3);
  });

  it('skips non-finite points and says so when nothing is left', () => {
    const html = renderToStaticMarkup(<LineChart title="Loss" series={[{ name: 'loss', points: [{ x: 1, y: 0.5 }, { x: 2, y: Number.NaN }, { x: 3, y: 0.3 }] }]} />);
    expect(html).not.toContain('NaN');
    expect(html.match(/<circle /g)).toHaveLength(2);
    expect(renderToStaticMarkup(<LineChart title="Loss" series={[{ name: 'loss', points: [] }]} />)).toBe('<p>No values for Loss.</p>');
  });
});

describe('model registry', () => {
  const model: ModelVersion = {
    id: 'mv1',
    module: 'case-prediction',
    name: 'default',
    version: 2,
    status: 'ready',
    createdAt: '2025-03-01T10:00:00.000Z',
    jobId: 'job-123',
    metrics: {
      auroc: 0.8123,
      epochsRun: 3,
      aurocInterval: { lower: 0.7, upper: 0.9 },
      folds: [{ auroc: 0.8 }],
      rocCurve: { fpr: [0, 0.25, 1], tpr: [0, 0.75, 1] },
      reliability: [{ lower: 0, upper: 0.1, meanPredicted: 0.05, observed: 0.1, count: 10 }],
      history: { loss: [0.7, 0.6, null], val_loss: [0.8, 0.7, 0.65], val_auc: [0.6, 0.7, 0.75] },
    },
    modelCard: { intendedUse: 'Decision support', limitations: ['Trained on one data source.'], training: { stays: 20 } },
    parameters: { epochs: 3 },
    trainingData: { stays: 20 },
  };

  it('lists figures with dotted names and leaves plot data out of the table', () => {
    expect(metricRows(model.metrics)).toEqual([
      ['auroc', 0.8123],
      ['epochsRun', 3],
      ['aurocInterval.lower', 0.7],
      ['aurocInterval.upper', 0.9],
    ]);
    expect(metricRows({ doctor: { rmse: 0.9, ratings: 100 }, drug: null })).toEqual([
      ['doctor.rmse', 0.9],
      ['doctor.ratings', 100],
    ]);
    expect(metricRows(null)).toEqual([]);
    expect(humanize('intendedUse')).toBe('Intended use');
    expect(humanize('val_loss')).toBe('Val loss');
  });

  it('splits training histories into loss and metric charts, skipping missing epochs', () => {
    const charts = historyCharts({ ...model.metrics, ganHistory: { critic_loss: [1, 0.5], kl: [0.1, 0.2], kl_weight: [0, 1] } });
    expect(charts.map((c) => [c.title, c.series.map((s) => s.name)])).toEqual([
      ['Training: loss per epoch', ['loss', 'val_loss']],
      ['Training: val_auc per epoch', ['val_auc']],
      ['LatentGAN training: loss per epoch', ['critic_loss']],
      ['LatentGAN training: metrics per epoch', ['kl', 'kl_weight']],
    ]);
    expect(charts[0]?.series[0]?.points).toEqual([
      { x: 1, y: 0.7 },
      { x: 2, y: 0.6 },
    ]);
    expect(historyCharts({ history: 'x' })).toEqual([]);
  });

  it('shows metrics, the ROC plot with the diagonal, the reliability diagram, training curves and the model card', () => {
    const html = renderToStaticMarkup(<ModelVersionView model={model} />);
    expect(html).toContain('Case prediction / default v2');
    expect(html).toContain('<caption>Metrics</caption>');
    expect(html).toContain('<th scope="row">aurocInterval.lower</th><td>0.7000</td>');
    expect(html).not.toContain('>rocCurve<');
    expect(html).toContain('>ROC curve (AUC 0.812)</title>');
    expect(html).toContain('>Reliability diagram</title>');
    expect(html).toContain('>Training: loss per epoch</title>');
    expect(html).toContain('>Training: val_auc per epoch</title>');
    expect(html.match(/<g data-series="(chance|perfect calibration)"><path [^>]*stroke-dasharray/g)).toHaveLength(2);
    expect(html).toContain('<dt>Intended use</dt><dd>Decision support</dd>');
    expect(html).toContain('href="/jobs?job=job-123"');
  });

  it('says what is missing rather than drawing empty charts', () => {
    const html = renderToStaticMarkup(<ModelVersionView model={{ ...model, module: 'nlp', metrics: { heldOutPerplexity: 81.5 }, modelCard: null, parameters: null, trainingData: null }} />);
    expect(html).toContain('Language models / default v2');
    expect(html).not.toContain('<svg');
    expect(html).toContain('No ROC, calibration or training curves were stored');
    expect(html).toContain('This model version has no model card.');
    expect(metricCurves({ rocCurve: { fpr: [0] } }).roc).toHaveLength(1);
  });
});
