import { ModelVersionRepository } from '@pmed/data';
import type { JobContext, JobHandlerRegistry } from '@pmed/jobs';
import { serializeRecommender } from '@pmed/recommender';
import type { JobHandlerDeps } from '../index';
import { fitRecommender, RECOMMENDER_MODEL_NAME, validateTrainOptions, type DomainMetrics, type RecommenderTrainOptions } from './recommender-engine';

export const RECOMMENDER_TRAIN_KIND = 'recommender.train';

export interface RecommenderTrainResult {
  modelVersionId: string;
  version: number;
  metrics: { doctor: DomainMetrics | null; drug: DomainMetrics | null };
}

/**
 * Fits the baseline, content and hybrid parts for doctors and drugs and stores them as one
 * ModelVersion (module 'recommender'); the row is keyed by the job id, so a retried job finishes
 * its own version instead of adding another.
 */
export async function trainRecommenderHandler(deps: JobHandlerDeps, ctx: JobContext<RecommenderTrainOptions>): Promise<RecommenderTrainResult> {
  const repo = new ModelVersionRepository(deps.db);
  const parameters = { ...ctx.params };
  await repo.upsertForJob(ctx.job.id, { module: 'recommender', name: RECOMMENDER_MODEL_NAME, status: 'training', parameters });
  await ctx.progress(0.1, 'fitting doctor and drug models');
  ctx.throwIfAborted();
  const fitted = await fitRecommender(deps.db, ctx.params);
  ctx.throwIfAborted();
  await ctx.progress(0.8, 'storing the model');
  const { artifact, checksum } = serializeRecommender(fitted.models);
  const metrics = JSON.parse(JSON.stringify(fitted.metrics)) as Record<string, never>;
  const row = await repo.upsertForJob(ctx.job.id, {
    module: 'recommender',
    name: RECOMMENDER_MODEL_NAME,
    status: 'ready',
    parameters,
    metrics,
    artifact,
    checksum,
    trainingData: { source: 'Rating rows', doctorRatings: fitted.metrics.doctor?.ratings ?? 0, drugRatings: fitted.metrics.drug?.ratings ?? 0 },
    modelCard: {
      model: 'baseline biases (Koren 2010, Surprise BaselineOnly rules) + softmax content similarity, hybrid weight fitted on a time-ordered validation split',
      intendedUse: 'ranking doctors and drugs for a patient after the safety filter; a clinician decides',
      limitations: 'predicts satisfaction ratings, not clinical efficacy',
    },
  });
  await ctx.log('info', `recommender version ${row.version} stored`);
  await ctx.progress(1, 'done');
  return { modelVersionId: row.id, version: row.version, metrics: fitted.metrics };
}

export function registerRecommenderJobs(registry: JobHandlerRegistry, deps: JobHandlerDeps): void {
  registry.register(RECOMMENDER_TRAIN_KIND, (ctx: JobContext<RecommenderTrainOptions>) => trainRecommenderHandler(deps, ctx), {
    validate: validateTrainOptions,
    description: 'Fits the doctor and drug recommenders from the Rating rows and stores a ModelVersion.',
  });
}
