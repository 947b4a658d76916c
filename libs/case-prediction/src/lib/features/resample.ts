import { badInput } from '@pmed/core';
import type { PatientTimeline } from '../data/timeline';
import { isPlausible } from '../data/variables';
import { channelsOf, descriptorWidthOf, encodeStatics, staticWidthOf, stepsOf, type FeatureSpec } from './normalization';
import { encodeSummary } from './summary';

/** Timelines as arrays: sequences [n, steps, 3V] and statics [n, S] (descriptors, then any summary features), row-major. */
export interface EncodedTimelines {
  count: number;
  steps: number;
  channels: number;
  staticWidth: number;
  sequences: Float32Array;
  statics: Float32Array;
  /** Observations that fell in the window and were kept, per timeline. */
  observed: Int32Array;
  /** Values outside their variable's sanity range, dropped (over all timelines). */
  dropped: number;
  /** Dropped values per variable code. */
  droppedByVariable: Record<string, number>;
}

/**
 * Resamples each timeline into fixed bins (the mean of the bin's values) and builds the GRU-D
 * inputs per variable: the normalised value carried forward from the last observation (the
 * training mean, i.e. 0, before the first), a mask (1 where the bin holds an observation), and the
 * time since the variable was last observed, divided by the window length (1 when never seen).
 */
export function encodeTimelines(timelines: readonly PatientTimeline[], spec: FeatureSpec): EncodedTimelines {
  const steps = stepsOf(spec);
  const v = spec.variables.length;
  const channels = channelsOf(spec);
  const staticWidth = staticWidthOf(spec);
  const descriptorWidth = descriptorWidthOf(spec.statics);
  const index = new Map(spec.variables.map((code, i) => [code, i]));
  const sequences = new Float32Array(timelines.length * steps * channels);
  const statics = new Float32Array(timelines.length * staticWidth);
  const observed = new Int32Array(timelines.length);
  const droppedByVariable: Record<string, number> = {};
  let dropped = 0;
  const sums = new Float64Array(steps * v);
  const counts = new Float64Array(steps * v);
  for (let n = 0; n < timelines.length; n++) {
    const t = timelines[n];
    if (!t || !Array.isArray(t.points)) throw badInput(`timelines[${n}]`, 'needs a points array');
    sums.fill(0);
    counts.fill(0);
    for (const p of t.points) {
      const i = index.get(p.code);
      if (i === undefined || !(p.hours >= 0 && p.hours < spec.hours)) continue;
      if (!isPlausible(p.code, p.value)) {
        dropped++;
        droppedByVariable[p.code] = (droppedByVariable[p.code] ?? 0) + 1;
        continue;
      }
      const bin = Math.min(steps - 1, Math.floor(p.hours / spec.binHours));
      sums[bin * v + i] += p.value;
      counts[bin * v + i]++;
      observed[n]++;
    }
    const base = n * steps * channels;
    for (let i = 0; i < v; i++) {
      let last = 0;
      let lastSeenEnd: number | null = null;
      for (let s = 0; s < steps; s++) {
        const k = s * v + i;
        const end = (s + 1) * spec.binHours;
        const row = base + s * channels;
        if (counts[k] > 0) {
          last = (sums[k] / counts[k] - spec.mean[i]) / spec.std[i];
          lastSeenEnd = end;
          sequences[row + v + i] = 1;
        }
        sequences[row + i] = last;
        sequences[row + 2 * v + i] = lastSeenEnd === null ? 1 : Math.min(1, (end - lastSeenEnd) / spec.hours);
      }
    }
    encodeStatics(t.descriptors ?? {}, spec.statics, statics, n * staticWidth);
    if (spec.summary) encodeSummary(t, spec.variables, spec.hours, spec.summary, statics, n * staticWidth + descriptorWidth);
  }
  return { count: timelines.length, steps, channels, staticWidth, sequences, statics, observed, dropped, droppedByVariable };
}

/** The rows of `encoded` at `indices`, as a new EncodedTimelines (for folds and splits). */
export function selectEncoded(encoded: EncodedTimelines, indices: ArrayLike<number>): EncodedTimelines {
  const seqSize = encoded.steps * encoded.channels;
  const sequences = new Float32Array(indices.length * seqSize);
  const statics = new Float32Array(indices.length * encoded.staticWidth);
  const observed = new Int32Array(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    sequences.set(encoded.sequences.subarray(i * seqSize, (i + 1) * seqSize), j * seqSize);
    statics.set(encoded.statics.subarray(i * encoded.staticWidth, (i + 1) * encoded.staticWidth), j * encoded.staticWidth);
    observed[j] = encoded.observed[i];
  }
  return { ...encoded, count: indices.length, sequences, statics, observed };
}
