import { badInput } from '@pmed/core';
import { CATEGORICAL_DESCRIPTORS, NUMERIC_DESCRIPTORS, type PatientTimeline } from '../data/timeline';
import { isPlausible } from '../data/variables';
import { fitSummarySpec, summaryWidthOf, type SummarySpec, type SummaryStat } from './summary';

/** How timelines become tensors; stored with the model so scoring repeats training's preprocessing exactly. */
export interface FeatureSpec {
  /** Variable codes, in channel order. */
  variables: string[];
  /** Window length from the start of the stay, in hours. */
  hours: number;
  binHours: number;
  /** Mean and standard deviation of each variable's plausible raw values in the training data. */
  mean: number[];
  std: number[];
  statics: StaticSpec;
  /** Summary statistics of each variable over the window, joined to the descriptors; absent: none. */
  summary?: SummarySpec;
}

export interface StaticSpec {
  numeric: { name: string; mean: number; std: number }[];
  categorical: { name: string; categories: string[] }[];
}

export interface FitFeatureOptions {
  /** Variables to use; default: every code seen in at least `minShare` of the timelines, most frequent first. */
  variables?: string[];
  /** Default 0.01. */
  minShare?: number;
  /** Default 64. */
  maxVariables?: number;
  /** Default 48. */
  hours?: number;
  /** Default 1. */
  binHours?: number;
  /** Default: age, heightCm, weightKg. */
  numericDescriptors?: readonly string[];
  /** Default: sex, icuType. */
  categoricalDescriptors?: readonly string[];
  /** Summary statistics of each variable to join to the descriptors (see SUMMARY_STATS); default none. */
  summary?: readonly SummaryStat[];
}

export function stepsOf(spec: Pick<FeatureSpec, 'hours' | 'binHours'>): number {
  return Math.round(spec.hours / spec.binHours);
}

/** Channels per time step: value, mask and time since last observed, for each variable. */
export function channelsOf(spec: Pick<FeatureSpec, 'variables'>): number {
  return spec.variables.length * 3;
}

/** Width of the encoded descriptors alone. */
export function descriptorWidthOf(statics: StaticSpec): number {
  return statics.numeric.length * 2 + statics.categorical.reduce((s, c) => s + c.categories.length, 0);
}

/** Width of the static row: the descriptors, then the summary features if the spec has them. */
export function staticWidthOf(spec: Pick<FeatureSpec, 'statics' | 'variables' | 'summary'>): number {
  return descriptorWidthOf(spec.statics) + summaryWidthOf(spec);
}

function chooseVariables(timelines: readonly PatientTimeline[], options: FitFeatureOptions, hours: number): string[] {
  const stays = new Map<string, number>();
  for (const t of timelines) {
    const codes = new Set(t.points.filter((p) => p.hours >= 0 && p.hours < hours && Number.isFinite(p.value)).map((p) => p.code));
    for (const c of codes) stays.set(c, (stays.get(c) ?? 0) + 1);
  }
  const minStays = Math.max(1, Math.ceil((options.minShare ?? 0.01) * timelines.length));
  return [...stays.entries()]
    .filter(([, n]) => n >= minStays)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, options.maxVariables ?? 64)
    .map(([code]) => code);
}

/** Learns variables, normalisation and descriptor encodings from training timelines. */
export function fitFeatureSpec(timelines: readonly PatientTimeline[], options: FitFeatureOptions = {}): FeatureSpec {
  if (timelines.length === 0) throw badInput('timelines', 'is empty');
  const hours = options.hours ?? 48;
  const binHours = options.binHours ?? 1;
  if (!(hours > 0) || !(binHours > 0) || !Number.isInteger(hours / binHours) || hours / binHours > 1000) {
    throw badInput('hours', `must be a positive multiple of binHours (${binHours}) giving at most 1000 steps, got ${hours}`);
  }
  const variables = options.variables ? [...options.variables] : chooseVariables(timelines, options, hours);
  if (variables.length === 0) throw badInput('variables', 'no variable is observed in the training timelines');
  if (new Set(variables).size !== variables.length) throw badInput('variables', 'lists a variable twice');
  const index = new Map(variables.map((v, i) => [v, i]));
  const sum = new Float64Array(variables.length);
  const sumSq = new Float64Array(variables.length);
  const count = new Float64Array(variables.length);
  for (const t of timelines) {
    for (const p of t.points) {
      const i = index.get(p.code);
      if (i === undefined || p.hours < 0 || p.hours >= hours || !isPlausible(p.code, p.value)) continue;
      sum[i] += p.value;
      sumSq[i] += p.value * p.value;
      count[i]++;
    }
  }
  const mean = variables.map((_, i) => (count[i] ? sum[i] / count[i] : 0));
  const std = variables.map((_, i) => {
    if (count[i] < 2) return 1;
    const sd = Math.sqrt(Math.max(0, sumSq[i] / count[i] - mean[i] ** 2));
    return sd > 1e-6 ? sd : 1;
  });
  const spec: FeatureSpec = { variables, hours, binHours, mean, std, statics: fitStatics(timelines, options) };
  if (options.summary?.length) spec.summary = fitSummarySpec(timelines, variables, hours, options.summary);
  return spec;
}

function fitStatics(timelines: readonly PatientTimeline[], options: FitFeatureOptions): StaticSpec {
  const numeric = (options.numericDescriptors ?? NUMERIC_DESCRIPTORS).map((name) => {
    const values = timelines.map((t) => t.descriptors[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) : 1;
    return { name, mean, std: sd > 1e-6 ? sd : 1 };
  });
  const categorical = (options.categoricalDescriptors ?? CATEGORICAL_DESCRIPTORS).map((name) => {
    const categories = [...new Set(timelines.map((t) => t.descriptors[name]).filter((v) => v !== null && v !== undefined).map(String))].sort();
    return { name, categories };
  });
  return { numeric, categorical: categorical.filter((c) => c.categories.length > 0) };
}

/** Static features: z-score and a missing flag per numeric descriptor, one-hot per categorical one. */
export function encodeStatics(descriptors: PatientTimeline['descriptors'], spec: StaticSpec, out: Float32Array, offset: number): void {
  let k = offset;
  for (const n of spec.numeric) {
    const v = descriptors[n.name];
    const ok = typeof v === 'number' && Number.isFinite(v);
    out[k++] = ok ? ((v as number) - n.mean) / n.std : 0;
    out[k++] = ok ? 0 : 1;
  }
  for (const c of spec.categorical) {
    const v = descriptors[c.name];
    const at = v === null || v === undefined ? -1 : c.categories.indexOf(String(v));
    for (let j = 0; j < c.categories.length; j++) out[k++] = j === at ? 1 : 0;
  }
}
