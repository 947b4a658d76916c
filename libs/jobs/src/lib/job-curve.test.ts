import { ErrorCode } from '@pmed/core';
import { CURVE_MAX_METRICS, curvePoint, mergeCurve, toCurve } from './job-curve';
import type { JobCurvePoint } from './types';

const point = (epoch: number, loss = epoch): JobCurvePoint => ({ epoch, values: { loss } });

describe('curvePoint', () => {
  it('keeps finite numbers and leaves out NaN, Infinity and null', () => {
    expect(curvePoint(3, { loss: 0.5, val_loss: Number.NaN, acc: Number.POSITIVE_INFINITY, auc: null, 'val.auc-1:x': 0.9 })).toEqual({ epoch: 3, values: { loss: 0.5, 'val.auc-1:x': 0.9 } });
    expect(curvePoint(0, {})).toEqual({ epoch: 0, values: {} });
  });

  it('keeps a metric named __proto__ as a plain key', () => {
    const parsed = curvePoint(1, JSON.parse('{"__proto__": 2}'));
    expect(Object.keys(parsed.values)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(parsed.values)).toBe(Object.prototype);
  });

  it.each([
    ['a fractional epoch', 1.5, { loss: 1 }, 'epoch'],
    ['a negative epoch', -1, { loss: 1 }, 'epoch'],
    ['an epoch that is not a number', '2', { loss: 1 }, 'epoch'],
    ['values that are not an object', 1, [1, 2], 'metrics'],
    ['a string value', 1, { loss: '0.5' }, 'metrics.loss'],
    ['a bad metric name', 1, { 'lo ss': 1 }, 'metrics'],
    ['too many metrics', 1, Object.fromEntries(Array.from({ length: CURVE_MAX_METRICS + 1 }, (_, i) => [`m${i}`, i])), 'metrics'],
  ])('refuses %s with BAD_USER_INPUT', (_what, epoch, values, field) => {
    expect(() => curvePoint(epoch, values)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT, details: expect.objectContaining({ field }) }));
  });
});

describe('mergeCurve', () => {
  it('appends later epochs and starts again from an epoch at or before the last one', () => {
    const curve = mergeCurve([], [point(1), point(2), point(3)]);
    expect(mergeCurve(curve, [point(4)]).map((p) => p.epoch)).toEqual([1, 2, 3, 4]);
    expect(mergeCurve(curve, [point(2, 20)])).toEqual([point(1), point(2, 20)]);
    expect(mergeCurve(curve, [point(3, 30)])).toEqual([point(1), point(2), point(3, 30)]);
    expect(mergeCurve(curve, [point(1, 10), point(2, 20)])).toEqual([point(1, 10), point(2, 20)]);
    // The input is not changed.
    expect(curve).toHaveLength(3);
  });

  it('stays bounded by thinning to every other point, keeping the first and the last epoch', () => {
    const points = Array.from({ length: 1000 }, (_, i) => point(i + 1));
    const curve = mergeCurve([], points, 100);
    expect(curve.length).toBeLessThanOrEqual(100);
    expect(curve.length).toBeGreaterThan(50);
    expect(curve[0]?.epoch).toBe(1);
    expect(curve.at(-1)?.epoch).toBe(1000);
    const epochs = curve.map((p) => p.epoch);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
  });
});

describe('toCurve', () => {
  it('reads back a stored curve and drops what this code would not have written', () => {
    expect(toCurve(null)).toEqual([]);
    expect(toCurve({ epoch: 1 })).toEqual([]);
    expect(toCurve([point(1), { epoch: 'x', values: {} }, null, { epoch: 2, values: { loss: 'bad' } }, point(3)])).toEqual([point(1), point(3)]);
  });
});
