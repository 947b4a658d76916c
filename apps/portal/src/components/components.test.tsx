import { historySeries } from '../pages/job-progress';
import { metricCurves } from '../pages/model-registry';
import { groupObservations } from '../pages/patient-page';
import { segmentText } from '../pages/highlight';
import { matchPath } from '../router';
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
