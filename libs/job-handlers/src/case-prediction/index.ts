import type { Database } from '@pmed/data';
import type { JobHandlerRegistry } from '@pmed/jobs';
import { validateCaseScoreParams, validateCaseTrainParams, type CaseScoreParams, type CaseTrainParams } from './case-params';
import { CASE_SCORE_KIND, runCaseScoring, type CaseScoreCheckpoint, type CaseScoreResult } from './case-score';
import { CASE_TRAIN_KIND, runCaseTraining, type CaseTrainResult } from './case-train';

export * from './case-data';
export * from './case-params';
export * from './case-train';
export * from './case-score';
export * from './case-models';
export * from './physionet-import';

export function registerCaseJobs(registry: JobHandlerRegistry, deps: { db: Database }): void {
  registry.register<CaseTrainParams, CaseTrainResult>(CASE_TRAIN_KIND, (ctx) => runCaseTraining(deps.db, ctx), {
    validate: validateCaseTrainParams,
    description: 'Trains a recurrent risk model on encounter timelines and registers it as a case-prediction ModelVersion',
  });
  registry.register<CaseScoreParams, CaseScoreResult, CaseScoreCheckpoint>(CASE_SCORE_KIND, (ctx) => runCaseScoring(deps.db, ctx), {
    validate: validateCaseScoreParams,
    description: 'Scores encounters with a case-prediction model and stores one RiskPrediction per encounter',
  });
}
