import type { CrossValidationResult } from '../evaluation/cross-validate';
import type { TrainedCaseModel } from '../model/train';

export interface CaseModelCard {
  [key: string]: unknown;
  name: string;
  module: 'case-prediction';
  intendedUse: string;
  outOfScope: string;
  outcome: string;
  architecture: string;
  inputs: { variables: string[]; window: string; descriptors: string[]; summaryStatistics: string[] };
  training: { stays: number; positives: number; validation: number; epochsRun: number; stopReason: string; imbalance: string };
  calibration: { method: string; slope: number; intercept: number };
  evaluation: { validation: unknown; crossValidation: unknown };
  dataQuality: { droppedImpossibleValues: number; droppedByVariable: Record<string, number> };
  limitations: string[];
  data: string;
}

/** A model card (Mitchell et al. 2019) in the shape the platform stores with each ModelVersion. */
export function buildCaseModelCard(options: { name: string; trained: TrainedCaseModel; crossValidation?: CrossValidationResult | null; dataDescription: string; imbalance: string }): CaseModelCard {
  const { trained } = options;
  const cv = options.crossValidation;
  return {
    name: options.name,
    module: 'case-prediction',
    intendedUse: `Decision support: estimated risk of ${trained.outcome} from the first ${trained.spec.hours} h of a stay, for review by clinicians alongside their own assessment.`,
    outOfScope: 'Not a diagnosis; not for stays shorter than the window or populations unlike the training data; never for automated decisions without clinical review.',
    outcome: trained.outcome,
    architecture: architectureOf(trained),
    inputs: {
      variables: trained.spec.variables,
      window: `${trained.spec.hours} h from the start of the stay, ${trained.spec.binHours} h bins`,
      descriptors: [...trained.spec.statics.numeric.map((n) => n.name), ...trained.spec.statics.categorical.map((c) => c.name)],
      summaryStatistics: trained.spec.summary?.stats ?? [],
    },
    training: {
      stays: trained.counts.train,
      positives: trained.counts.positives,
      validation: trained.counts.validation,
      epochsRun: trained.training.epochsRun,
      stopReason: trained.training.stopReason,
      imbalance: options.imbalance,
    },
    calibration: { method: trained.calibration.method, slope: trained.calibration.slope, intercept: trained.calibration.intercept },
    evaluation: {
      validation: trained.validation ? { auroc: trained.validation.auroc, auprc: trained.validation.auprc, brier: trained.validation.brier, ece: trained.validation.ece, count: trained.validation.count } : null,
      crossValidation: cv ? { folds: cv.folds.length, auroc: cv.pooled.auroc, aurocInterval: cv.pooled.intervals.auroc, auprc: cv.pooled.auprc, brier: cv.pooled.brier, ece: cv.pooled.ece, foldAuroc: cv.foldAuroc } : null,
    },
    dataQuality: { droppedImpossibleValues: trained.dropped, droppedByVariable: trained.droppedByVariable },
    limitations: [
      'Trained on one data source; performance elsewhere must be checked before use.',
      'The interval is Monte Carlo dropout spread, a model-uncertainty estimate, not a calibrated prediction interval.',
      'Occlusion explanations show what moved this model, not causes.',
      ...trained.warnings,
    ],
    data: options.dataDescription,
  };
}

function architectureOf(trained: TrainedCaseModel): string {
  const { config, spec } = trained;
  const joined = spec.summary ? `static descriptors and per-variable ${spec.summary.stats.join('/')} over the window` : 'static descriptors';
  const one = `${config.cell.toUpperCase()}(${config.units}) over ${Math.round(spec.hours / spec.binHours)} bins of ${spec.binHours} h (value, mask, time since observed per variable), joined with ${joined}, dense(${config.hidden}), sigmoid; dropout ${config.dropout}`;
  const members = config.ensembleSize ?? 1;
  return members > 1 ? `${one}; mean risk of ${members} such networks trained from different seeds` : one;
}
