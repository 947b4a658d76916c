// The public API of @pmed/case-prediction: recurrent risk models over patient timelines.
export * from './lib/data/timeline';
export { PHYSIONET_TIME_SERIES, variableInfo, isPlausible, type VariableInfo } from './lib/data/variables';
export {
  parsePhysionetRecord,
  parsePhysionetOutcomes,
  readPhysionet2012,
  listPhysionetFiles,
  physionetTimelines,
  type PhysionetRecord,
  type PhysionetOutcome,
  type PhysionetDataset,
} from './lib/data/physionet2012';
export { parseUcr, ucrClassMap, type UcrDataset } from './lib/data/ucr';
export { fitFeatureSpec, stepsOf, channelsOf, staticWidthOf, descriptorWidthOf, type FeatureSpec, type StaticSpec, type FitFeatureOptions } from './lib/features/normalization';
export { SUMMARY_STATS, DEFAULT_SUMMARY_STATS, fitSummarySpec, rawSummaryFeatures, checkSummaryStats, type SummaryStat, type SummarySpec } from './lib/features/summary';
export { encodeTimelines, selectEncoded, type EncodedTimelines } from './lib/features/resample';
export {
  buildRiskModel,
  packInputs,
  predictPacked,
  focalLoss,
  CELL_TYPES,
  DEFAULT_RISK_MODEL_CONFIG,
  MAX_ENSEMBLE_SIZE,
  PAD_VALUE,
  type CellType,
  type RiskModelConfig,
} from './lib/model/risk-model';
export { trainCaseModel, labelsOf, IMBALANCE_STRATEGIES, ENSEMBLE_SPLITS, type EnsembleSplit, type ImbalanceStrategy, type CaseModel, type TrainCaseModelOptions, type TrainedCaseModel } from './lib/model/train';
export { predictTimeline, scoreTimelines, noObservations, type RiskResult, type RiskInterval, type PredictOptions } from './lib/model/predict';
export { combineRiskModels, riskModelMembers, memberPrefix } from './lib/model/ensemble';
export { explainTimeline, type Explanation, type Driver, type Heatmap } from './lib/model/explain';
export { serializeCaseModel, deserializeCaseModel } from './lib/model/artifact';
export { fitCalibration, applyCalibration, CALIBRATION_METHODS, IDENTITY_CALIBRATION, type Calibration, type CalibrationMethod } from './lib/evaluation/calibration';
export { stratifiedFolds, foldIndices } from './lib/evaluation/folds';
export { evaluateRisks, type RiskMetrics } from './lib/evaluation/risk-metrics';
export { crossValidateCaseModel, type CrossValidationResult, type CrossValidateOptions, type FoldResult } from './lib/evaluation/cross-validate';
export { renderHeatmapSvg, type HeatmapSvgOptions } from './lib/report/heatmap-svg';
export { buildCaseModelCard, type CaseModelCard } from './lib/report/model-card';
export {
  ucrTimelines,
  trainSequenceClassifier,
  classifySequences,
  sequenceProbabilities,
  memberProbabilities,
  MAX_SEQUENCE_ENSEMBLE,
  SEQUENCE_ARCHITECTURES,
  type SequenceMemberTraining,
  type SequenceArchitecture,
  type SequenceClassifier,
  type TrainSequenceClassifierOptions,
} from './lib/model/sequence-classifier';
export { buildLstmFcn, DEFAULT_LSTM_FCN_CONFIG, type LstmFcnConfig } from './lib/model/lstm-fcn';
