export type {
  Batch,
  EarlyStoppingOptions,
  EpochRecord,
  LoopOptions,
  Metrics,
  StepContext,
  StopReason,
  TensorInput,
  TrainingProgress,
  TrainingResult,
} from './types';
export { fitModel, type FitOptions } from './fit-model';
export { trainWithSteps, type CustomTrainingOptions } from './train-custom';
export { balancedClassWeights, type ClassWeights } from './class-weights';
export { splitIndices, type SplitOptions, type SplitIndices } from './split';
export type { LossName, LossFunction, LossSpec } from './losses';
export type { RestorableState } from './weight-snapshot';
export { renderHistorySvg, type HistoryChartOptions } from './history-chart';
export { ensembleMemberProgress } from './ensemble-progress';
