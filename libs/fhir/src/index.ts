export * from './lib/issues';
export { parseBundle, parseNdjson, DEFAULT_MAX_INPUT_BYTES, ACCEPTED_BUNDLE_TYPES, type ParsedInput, type InputEntry, type ParseOptions } from './lib/parse';
export { FhirImporter, type FhirImportReport, type FhirImporterOptions, type ResourceTypeCounts } from './lib/importer';
export { listFhirFiles, importFhirFiles, sumCounts, type FileImportResult } from './lib/files';
export { exportPatientEverything } from './lib/export';
export { validateResource, REQUIRED_ELEMENTS } from './lib/validate';
export {
  buildRiskAssessment,
  buildImagingReport,
  buildMedicationProposal,
  modelDevice,
  MODEL_VERSION_EXTENSION,
  RECOMMENDATION_SCORE_EXTENSION,
  type ModelVersionRef,
  type CodedConcept,
  type RiskAssessmentInput,
  type ImagingReportInput,
  type ImagingFinding,
  type MedicationProposalInput,
} from './lib/predictions';
export {
  riskAssessmentForPrediction,
  imagingReportForClassification,
  medicationProposalsForRecommendations,
  drugCoding,
  PMED_CODE_SYSTEM,
  type PredictionRiskInput,
  type RiskDriverInput,
  type ImageClassificationInput,
  type DrugRecommendationInput,
} from './lib/prediction-export';
