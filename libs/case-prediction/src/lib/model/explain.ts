import type { PatientTimeline } from '../data/timeline';
import { variableInfo } from '../data/variables';
import { applyCalibration } from '../evaluation/calibration';
import { encodeTimelines } from '../features/resample';
import { packInputs, predictPacked } from './risk-model';
import type { CaseModel } from './train';

export interface Driver {
  kind: 'variable' | 'descriptor';
  /** Variable code or descriptor name. */
  name: string;
  display: string;
  /** Calibrated risk minus the risk with this input removed: > 0 raised the risk, < 0 lowered it. */
  contribution: number;
  /** Last value in the window (variables) or the descriptor's value. */
  value: number | string | null;
}

/** Contributions per variable (rows) and time bin (columns); 0 where nothing was observed. */
export interface Heatmap {
  variables: string[];
  /** Start of each bin, in hours from the start of the stay. */
  binStartHours: number[];
  values: number[][];
}

export interface Explanation {
  method: 'occlusion';
  /** All inputs that changed the risk, largest |contribution| first. */
  drivers: Driver[];
  heatmap: Heatmap;
}

// Enough for 48 hourly bins of ~40 variables; beyond it the heat map keeps the busiest cells.
const MAX_CELLS = 4000;

/**
 * Occlusion: each input is removed as if it had never been recorded (a variable's every
 * observation, one variable's observations in one bin, or one descriptor) and the stay is scored
 * again. Removing rather than zeroing keeps the perturbed stays realistic: forward filling and the
 * time-since-observed channel react exactly as they would to a missing measurement.
 * `cells: false` skips the heat map (variables and descriptors only), for batch scoring.
 */
export function explainTimeline(caseModel: CaseModel, timeline: PatientTimeline, calibratedRisk: number, options: { cells?: boolean } = {}): Explanation {
  const spec = caseModel.spec;
  const steps = Math.round(spec.hours / spec.binHours);
  const binOf = (hours: number) => Math.min(steps - 1, Math.floor(hours / spec.binHours));
  const inWindow = timeline.points.filter((p) => p.hours >= 0 && p.hours < spec.hours && spec.variables.includes(p.code));
  const perturbed: PatientTimeline[] = [];
  const labels: { kind: 'variable' | 'descriptor' | 'cell'; name: string; bin?: number }[] = [];
  const present = spec.variables.filter((v) => inWindow.some((p) => p.code === v));
  for (const v of present) {
    perturbed.push({ ...timeline, points: timeline.points.filter((p) => p.code !== v) });
    labels.push({ kind: 'variable', name: v });
  }
  const descriptorNames = [...spec.statics.numeric.map((n) => n.name), ...spec.statics.categorical.map((c) => c.name)];
  for (const name of descriptorNames) {
    const value = timeline.descriptors[name];
    if (value === null || value === undefined) continue;
    perturbed.push({ ...timeline, descriptors: { ...timeline.descriptors, [name]: null } });
    labels.push({ kind: 'descriptor', name });
  }
  const cells = new Map<string, number>();
  for (const p of inWindow) cells.set(`${p.code}\u0000${binOf(p.hours)}`, (cells.get(`${p.code}\u0000${binOf(p.hours)}`) ?? 0) + 1);
  const cellKeys = options.cells === false ? [] : [...cells.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_CELLS).map(([k]) => k);
  for (const key of cellKeys) {
    const [code, binText] = key.split('\u0000');
    const bin = Number(binText);
    perturbed.push({ ...timeline, points: timeline.points.filter((p) => !(p.code === code && p.hours >= 0 && p.hours < spec.hours && binOf(p.hours) === bin)) });
    labels.push({ kind: 'cell', name: code, bin });
  }
  const risks = perturbed.length ? predictPacked(caseModel.model, packInputs(encodeTimelines(perturbed, spec))) : new Float32Array(0);
  const drivers: Driver[] = [];
  const values = spec.variables.map(() => new Array<number>(steps).fill(0));
  labels.forEach((label, i) => {
    const contribution = calibratedRisk - applyCalibration(caseModel.calibration, risks[i]);
    if (label.kind === 'cell') {
      values[spec.variables.indexOf(label.name)][label.bin as number] = contribution;
    } else if (label.kind === 'variable') {
      const last = inWindow.filter((p) => p.code === label.name).sort((a, b) => a.hours - b.hours).pop();
      drivers.push({ kind: 'variable', name: label.name, display: variableInfo(label.name)?.display ?? label.name, contribution, value: last?.value ?? null });
    } else {
      const v = timeline.descriptors[label.name];
      drivers.push({ kind: 'descriptor', name: label.name, display: label.name, contribution, value: typeof v === 'number' || typeof v === 'string' ? v : v === undefined || v === null ? null : String(v) });
    }
  });
  drivers.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return {
    method: 'occlusion',
    drivers,
    heatmap: { variables: [...spec.variables], binStartHours: Array.from({ length: steps }, (_, s) => s * spec.binHours), values },
  };
}
