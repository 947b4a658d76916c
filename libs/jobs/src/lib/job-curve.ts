import { badInput } from '@pmed/core';
import type { JobCurvePoint } from './types';

/** Metrics one epoch may carry. */
export const CURVE_MAX_METRICS = 16;
/** Points kept with a job; past it, the curve is thinned to every other point (first and last kept). */
export const CURVE_MAX_POINTS = 500;
export const CURVE_MAX_EPOCH = 1_000_000_000;
const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Checks one epoch's metrics: an integer epoch from 0 and at most CURVE_MAX_METRICS named numbers.
 * Non-finite values (NaN, Infinity, null: a diverging loss) are left out rather than refused, so a bad
 * epoch does not fail the training that reports it; anything else malformed is BAD_USER_INPUT.
 */
export function curvePoint(epoch: unknown, values: unknown): JobCurvePoint {
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0 || epoch > CURVE_MAX_EPOCH) {
    throw badInput('epoch', `must be an integer from 0 to ${CURVE_MAX_EPOCH}, got ${String(epoch)}`);
  }
  if (values === null || typeof values !== 'object' || Array.isArray(values)) throw badInput('metrics', 'must be an object of metric name to number');
  const entries = Object.entries(values);
  if (entries.length > CURVE_MAX_METRICS) throw badInput('metrics', `at most ${CURVE_MAX_METRICS} metrics per epoch, got ${entries.length}`);
  const kept: [string, number][] = [];
  for (const [name, value] of entries) {
    if (!METRIC_NAME.test(name)) throw badInput('metrics', `'${name.slice(0, 80)}' is not a metric name (a letter or _, then letters, digits, _ . : -; at most 64 characters)`);
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) continue;
    if (typeof value !== 'number') throw badInput(`metrics.${name}`, `must be a number, got ${typeof value}`);
    kept.push([name, value]);
  }
  // fromEntries defines own properties, so a metric called __proto__ stays a plain key.
  return { epoch, values: Object.fromEntries(kept) };
}

/**
 * Appends points to a curve. A point at or before the last epoch starts the curve again from there
 * (a retried attempt, or the next model of a run, counting from epoch 1 again). Past maxPoints the
 * curve keeps every other point, so it stays bounded and still spans every epoch.
 */
export function mergeCurve(series: readonly JobCurvePoint[], points: readonly JobCurvePoint[], maxPoints = CURVE_MAX_POINTS): JobCurvePoint[] {
  let merged = [...series];
  for (const point of points) {
    let keep = merged.length;
    while (keep > 0 && (merged[keep - 1] as JobCurvePoint).epoch >= point.epoch) keep -= 1;
    merged.length = keep;
    merged.push(point);
    if (merged.length > maxPoints) {
      const last = merged.length - 1;
      merged = merged.filter((_, i) => i % 2 === 0 || i === last);
    }
  }
  return merged;
}

/** A stored curve read back; anything malformed (a hand-edited row) is dropped, never thrown. */
export function toCurve(value: unknown): JobCurvePoint[] {
  if (!Array.isArray(value)) return [];
  const points: JobCurvePoint[] = [];
  for (const item of value) {
    try {
      const { epoch, values } = (item ?? {}) as { epoch?: unknown; values?: unknown };
      points.push(curvePoint(epoch, values));
    } catch {
      // A point the checks refuse was not written by this code; leave it out.
    }
  }
  return mergeCurve([], points);
}
