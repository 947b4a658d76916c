import { ErrorCode, PmedError } from '@pmed/core';
import type { PatientTimeline } from '../data/timeline';
import { applyCalibration } from '../evaluation/calibration';
import { encodeTimelines } from '../features/resample';
import { explainTimeline, type Explanation } from './explain';
import { packInputs, predictPacked } from './risk-model';
import type { CaseModel } from './train';

export interface RiskInterval {
  lower: number;
  upper: number;
  /** Two-sided level, e.g. 0.9. */
  level: number;
  /** Monte Carlo dropout passes behind it. */
  samples: number;
}

export interface RiskResult {
  id: string;
  /** The network's probability. */
  risk: number;
  /** After the calibration fitted on validation data: the number to act on. */
  calibratedRisk: number;
  /** Spread of the calibrated risk under Monte Carlo dropout; null when the model has no dropout. */
  interval: RiskInterval | null;
  /** Observations inside the window that were used. */
  observations: number;
  /** Impossible values dropped by the sanity ranges. */
  dropped: number;
  explanation: Explanation | null;
}

export interface PredictOptions {
  /** Monte Carlo dropout passes for the interval (0: none). Default 30. */
  intervalSamples?: number;
  /** Default 0.9. */
  intervalLevel?: number;
  /** Occlusion explanations (drivers and heat map). Default true. */
  explain?: boolean;
}

/** Raised for a stay without one usable observation in the window: no risk is made up for it. */
export function noObservations(id: string, hours: number): PmedError {
  return new PmedError(ErrorCode.BAD_USER_INPUT, `stay ${id} has no usable observation in its first ${hours} h; no prediction is possible`, {
    details: { reason: 'NO_OBSERVATIONS', id },
  });
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Calibrated risks for many stays (no explanations): the batch-scoring path. Stays without data get null. */
export function scoreTimelines(caseModel: CaseModel, timelines: readonly PatientTimeline[], options: { batchSize?: number } = {}): { id: string; risk: number | null; calibratedRisk: number | null; observations: number }[] {
  const encoded = encodeTimelines(timelines, caseModel.spec);
  const raw = predictPacked(caseModel.model, packInputs(encoded), { batchSize: options.batchSize });
  return timelines.map((t, i) => {
    const ok = encoded.observed[i] > 0;
    return { id: t.id, risk: ok ? raw[i] : null, calibratedRisk: ok ? applyCalibration(caseModel.calibration, raw[i]) : null, observations: encoded.observed[i] };
  });
}

/** One stay's risk with its uncertainty interval and what drove it. */
export function predictTimeline(caseModel: CaseModel, timeline: PatientTimeline, options: PredictOptions = {}): RiskResult {
  const encoded = encodeTimelines([timeline], caseModel.spec);
  if (encoded.observed[0] === 0) throw noObservations(timeline.id, caseModel.spec.hours);
  const packed = packInputs(encoded);
  const risk = predictPacked(caseModel.model, packed)[0];
  const calibratedRisk = applyCalibration(caseModel.calibration, risk);
  const samples = options.intervalSamples ?? 30;
  let interval: RiskInterval | null = null;
  if (samples > 0 && caseModel.config.dropout > 0) {
    const level = options.intervalLevel ?? 0.9;
    // Repeat the sample and run the batch with dropout on: one pass gives every Monte Carlo draw.
    const repeated = new Float32Array(packed.values.length * samples);
    for (let s = 0; s < samples; s++) repeated.set(packed.values, s * packed.values.length);
    const draws = Array.from(predictPacked(caseModel.model, { values: repeated, shape: [samples, packed.shape[1], packed.shape[2]] }, { training: true }), (p) =>
      applyCalibration(caseModel.calibration, p),
    ).sort((a, b) => a - b);
    interval = { lower: Math.min(quantile(draws, (1 - level) / 2), calibratedRisk), upper: Math.max(quantile(draws, (1 + level) / 2), calibratedRisk), level, samples };
  }
  const explanation = options.explain === false ? null : explainTimeline(caseModel, timeline, calibratedRisk);
  return { id: timeline.id, risk, calibratedRisk, interval, observations: encoded.observed[0], dropped: encoded.dropped, explanation };
}
