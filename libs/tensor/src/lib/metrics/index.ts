export type { NumericArray } from './validate';
export { accuracy, precision, recall, f1Score, confusionMatrix, thresholdScores, type AverageOptions } from './classification';
export { rocCurve, rocAuc, thinRocCurve, type RocCurve, type RocPoints } from './roc';
export { precisionRecallCurve, averagePrecision, type PrecisionRecallCurve } from './precision-recall';
export {
  brierScore,
  expectedCalibrationError,
  reliabilityCurve,
  type CalibrationOptions,
  type ReliabilityBin,
} from './calibration';
export { logLoss } from './log-loss';
export { bootstrapCi, type BootstrapOptions, type BootstrapInterval } from './bootstrap';
