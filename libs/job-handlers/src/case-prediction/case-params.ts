import { badInput } from '@pmed/core';
import {
  CALIBRATION_METHODS,
  CELL_TYPES,
  DEFAULT_SUMMARY_STATS,
  IMBALANCE_STRATEGIES,
  MAX_ENSEMBLE_SIZE,
  SUMMARY_STATS,
  type CalibrationMethod,
  type CellType,
  type ImbalanceStrategy,
  type SummaryStat,
} from '@pmed/case-prediction';
import type { EncounterFilter } from './case-data';

export const DEFAULT_CASE_MODEL_NAME = 'default';
export const DEFAULT_OUTCOME = 'inHospitalDeath';
/** Summary statistics a training run joins to the descriptors unless told otherwise. */
export const DEFAULT_CASE_SUMMARY_STATS: readonly SummaryStat[] = DEFAULT_SUMMARY_STATS;
/** Networks a training run averages unless told otherwise (5-fold CV AUROC 0.846 with 5 against 0.834-0.839 with 1; see docs/benchmarks.md). */
export const DEFAULT_ENSEMBLE_SIZE = 5;

export interface CaseTrainParams {
  name: string;
  outcome: string;
  filter: EncounterFilter;
  hours: number;
  binHours: number;
  variables?: string[];
  /** Summary statistics of each variable joined to the descriptors (empty: none). */
  summaryStats: SummaryStat[];
  cell: CellType;
  units: number;
  hidden: number;
  dropout: number;
  /** Networks in a seed ensemble (each trained and early-stopped on its own; their risks averaged). */
  ensembleSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  patience: number;
  /** 0: no cross-validation; k >= 2: k-fold CV before the final model. */
  folds: number;
  imbalance: ImbalanceStrategy;
  calibration: CalibrationMethod;
}

export interface CaseScoreParams {
  /** A ModelVersion id, or ... */
  modelVersionId?: string;
  /** ... the latest ready version of this name. */
  name: string;
  filter: EncounterFilter;
  /** Occlusion drivers per stay (variables and descriptors). Default true. */
  explain: boolean;
}

type Raw = Record<string, unknown>;

function object(value: unknown, field: string): Raw {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badInput(field, 'must be an object');
  return value as Raw;
}

function noUnknown(raw: Raw, known: string[], field: string): void {
  const extra = Object.keys(raw).filter((k) => !known.includes(k));
  if (extra.length) throw badInput(field, `unknown field(s): ${extra.join(', ')}`);
}

function int(raw: Raw, key: string, fallback: number, [min, max]: [number, number]): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw badInput(`params.${key}`, `must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  return v;
}

function num(raw: Raw, key: string, fallback: number, [min, max]: [number, number]): number {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw badInput(`params.${key}`, `must be a number in ${min}..${max}, got ${JSON.stringify(v)}`);
  return v;
}

function choice<T extends string>(raw: Raw, key: string, fallback: T, options: readonly T[]): T {
  const v = raw[key] ?? fallback;
  if (!options.includes(v as T)) throw badInput(`params.${key}`, `must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function name(raw: Raw, key: string, fallback: string): string {
  const v = raw[key] ?? fallback;
  if (typeof v !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(v)) throw badInput(`params.${key}`, 'must be 1-100 letters, digits, dots, dashes or underscores');
  return v;
}

function stringList(value: unknown, field: string, max: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > max || value.some((s) => typeof s !== 'string' || s.length === 0 || s.length > 200)) {
    throw badInput(field, `must be a list of 1..${max} non-empty strings`);
  }
  return value as string[];
}

function summaryStats(value: unknown): SummaryStat[] {
  if (value === undefined || value === null) return [...DEFAULT_CASE_SUMMARY_STATS];
  if (!Array.isArray(value) || value.some((s) => !SUMMARY_STATS.includes(s as SummaryStat)) || new Set(value).size !== value.length) {
    throw badInput('params.summaryStats', `must list distinct statistics among ${SUMMARY_STATS.join(', ')} (empty: none), got ${JSON.stringify(value)}`);
  }
  return value as SummaryStat[];
}

export function validateEncounterFilter(value: unknown): EncounterFilter {
  if (value === undefined || value === null) return {};
  const raw = object(value, 'params.filter');
  noUnknown(raw, ['source', 'kind', 'encounterIds', 'patientIds', 'limit'], 'params.filter');
  for (const k of ['source', 'kind'] as const) {
    if (raw[k] !== undefined && raw[k] !== null && (typeof raw[k] !== 'string' || (raw[k] as string).length > 100)) throw badInput(`params.filter.${k}`, 'must be a short string');
  }
  return {
    source: (raw['source'] as string | undefined) ?? undefined,
    kind: (raw['kind'] as string | undefined) ?? undefined,
    encounterIds: stringList(raw['encounterIds'], 'params.filter.encounterIds', 100_000),
    patientIds: stringList(raw['patientIds'], 'params.filter.patientIds', 100_000),
    limit: raw['limit'] === undefined || raw['limit'] === null ? undefined : int(raw, 'limit', 0, [1, 1_000_000]),
  };
}

/** Checks case.train parameters at enqueue time, so a bad request never becomes a failed job. */
export function validateCaseTrainParams(params: unknown): CaseTrainParams {
  const raw = object(params ?? {}, 'params');
  noUnknown(raw, ['name', 'outcome', 'filter', 'hours', 'binHours', 'variables', 'summaryStats', 'cell', 'units', 'hidden', 'dropout', 'ensembleSize', 'epochs', 'batchSize', 'learningRate', 'seed', 'patience', 'folds', 'imbalance', 'calibration'], 'params');
  const outcome = raw['outcome'] ?? DEFAULT_OUTCOME;
  if (typeof outcome !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(outcome)) throw badInput('params.outcome', 'must be an outcome key such as inHospitalDeath');
  const hours = num(raw, 'hours', 48, [1, 24 * 30]);
  const binHours = num(raw, 'binHours', 1, [0.05, 24]);
  const steps = hours / binHours;
  if (Math.abs(steps - Math.round(steps)) > 1e-9 || steps > 1000) throw badInput('params.binHours', `must divide hours (${hours}) into at most 1000 bins`);
  return {
    name: name(raw, 'name', DEFAULT_CASE_MODEL_NAME),
    outcome,
    filter: validateEncounterFilter(raw['filter']),
    hours,
    binHours,
    variables: stringList(raw['variables'], 'params.variables', 200),
    summaryStats: summaryStats(raw['summaryStats']),
    cell: choice(raw, 'cell', 'gru', CELL_TYPES),
    units: int(raw, 'units', 32, [1, 512]),
    hidden: int(raw, 'hidden', 16, [0, 512]),
    dropout: num(raw, 'dropout', 0.2, [0, 0.9]),
    ensembleSize: int(raw, 'ensembleSize', DEFAULT_ENSEMBLE_SIZE, [1, MAX_ENSEMBLE_SIZE]),
    epochs: int(raw, 'epochs', 20, [1, 500]),
    batchSize: int(raw, 'batchSize', 32, [1, 1024]),
    learningRate: num(raw, 'learningRate', 1e-3, [1e-6, 0.5]),
    seed: int(raw, 'seed', 1, [0, 2 ** 31 - 1]),
    patience: int(raw, 'patience', 5, [0, 500]),
    folds: int(raw, 'folds', 0, [0, 20]),
    imbalance: choice(raw, 'imbalance', 'class-weights', IMBALANCE_STRATEGIES),
    calibration: choice(raw, 'calibration', 'platt', CALIBRATION_METHODS),
  };
}

export function validateCaseScoreParams(params: unknown): CaseScoreParams {
  const raw = object(params ?? {}, 'params');
  noUnknown(raw, ['modelVersionId', 'name', 'filter', 'explain'], 'params');
  const id = raw['modelVersionId'];
  if (id !== undefined && id !== null && (typeof id !== 'string' || id.length === 0 || id.length > 200)) throw badInput('params.modelVersionId', 'must be a ModelVersion id');
  const explain = raw['explain'] ?? true;
  if (typeof explain !== 'boolean') throw badInput('params.explain', 'must be true or false');
  return { modelVersionId: (id as string | undefined) ?? undefined, name: name(raw, 'name', DEFAULT_CASE_MODEL_NAME), filter: validateEncounterFilter(raw['filter']), explain };
}
