import { badInput } from '@pmed/core';
import { ModelVersionRepository, type Database } from '@pmed/data';
import {
  crossValidateBaseline,
  deserializeRecommender,
  doctorFeatures,
  drugFeatures,
  evaluateTopN,
  RatingMatrixBuilder,
  trainHybrid,
  type CatalogueItem,
  type TopNEvaluation,
  type BaselineOptions,
  type HybridModel,
  type ItemDomain,
  type RatingRecord,
  type RecommenderModels,
} from '@pmed/recommender';
import { loadDoctors, loadDrugs, loadRatedPatientProfiles, loadRatings, RATING_SCALE } from './recommender-data';

export const RECOMMENDER_MODEL_NAME = 'default';

export interface RecommenderTrainOptions {
  algorithm: 'als' | 'sgd';
  /** Cross-validation folds for the reported RMSE / MAE (2..20). */
  folds: number;
  seed: number;
}

export function validateTrainOptions(raw: unknown): RecommenderTrainOptions {
  const params = (raw ?? {}) as Record<string, unknown>;
  if (typeof params !== 'object' || Array.isArray(params)) throw badInput('params', 'must be an object');
  const unknownKeys = Object.keys(params).filter((k) => !['algorithm', 'folds', 'seed'].includes(k));
  if (unknownKeys.length) throw badInput('params', `unknown field(s): ${unknownKeys.join(', ')}`);
  const algorithm = params['algorithm'] ?? 'als';
  if (algorithm !== 'als' && algorithm !== 'sgd') throw badInput('params.algorithm', `must be 'als' or 'sgd', got ${JSON.stringify(algorithm)}`);
  const folds = params['folds'] ?? 5;
  if (typeof folds !== 'number' || !Number.isInteger(folds) || folds < 2 || folds > 20) throw badInput('params.folds', `must be an integer from 2 to 20, got ${JSON.stringify(folds)}`);
  const seed = params['seed'] ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) throw badInput('params.seed', `must be a non-negative integer, got ${JSON.stringify(seed)}`);
  return { algorithm, folds, seed };
}

export interface DomainMetrics {
  ratings: number;
  patients: number;
  items: number;
  rmse: number | null;
  mae: number | null;
  folds: number | null;
  tau: number;
  hybridWeight: number;
  validationNdcgAt5: number | null;
}

export interface FittedRecommender {
  models: RecommenderModels;
  metrics: { doctor: DomainMetrics | null; drug: DomainMetrics | null };
}

function crossValidate(ratings: readonly RatingRecord[], options: RecommenderTrainOptions, baseline: BaselineOptions): { rmse: number; mae: number; folds: number } | null {
  const folds = Math.min(options.folds, ratings.length);
  if (folds < 2) return null;
  const builder = new RatingMatrixBuilder({ scale: RATING_SCALE, expectedSize: ratings.length });
  for (const r of ratings) builder.add(r.userId, r.itemId, r.value, r.ratedAt);
  const cv = crossValidateBaseline(builder.build(), { folds, seed: options.seed, model: baseline });
  return { rmse: cv.rmse, mae: cv.mae, folds };
}

/** The domain's catalogue with each item's content features. */
async function catalogueItems(db: Database, domain: ItemDomain): Promise<CatalogueItem[]> {
  if (domain === 'doctor') return (await loadDoctors(db)).map((d) => ({ id: d.id, features: doctorFeatures(d) }));
  return (await loadDrugs(db)).map((d) => ({ id: d.id, features: drugFeatures(d) }));
}

async function fitDomain(db: Database, domain: ItemDomain, options: RecommenderTrainOptions): Promise<{ model: HybridModel; metrics: DomainMetrics } | null> {
  const [ratings, patients, items] = await Promise.all([loadRatings(db, domain), loadRatedPatientProfiles(db, domain), catalogueItems(db, domain)]);
  if (ratings.length === 0 || items.length === 0) return null;
  const baseline: BaselineOptions = { method: options.algorithm };
  const model = trainHybrid({ domain, ratings, patients, items, scale: RATING_SCALE, baseline, seed: options.seed });
  const cv = crossValidate(ratings, options, baseline);
  return {
    model,
    metrics: {
      ratings: ratings.length,
      patients: patients.length,
      items: items.length,
      rmse: cv?.rmse ?? null,
      mae: cv?.mae ?? null,
      folds: cv?.folds ?? null,
      tau: model.tau,
      hybridWeight: model.hybridWeight,
      validationNdcgAt5: model.validation.ndcgAt5,
    },
  };
}

/** Fits both domains from the database's Rating rows (a domain without ratings gets no model). */
export async function fitRecommender(db: Database, options: RecommenderTrainOptions = { algorithm: 'als', folds: 5, seed: 0 }): Promise<FittedRecommender> {
  const doctor = await fitDomain(db, 'doctor', options);
  const drug = await fitDomain(db, 'drug', options);
  return { models: { doctor: doctor?.model ?? null, drug: drug?.model ?? null }, metrics: { doctor: doctor?.metrics ?? null, drug: drug?.metrics ?? null } };
}

export interface LoadedRecommender {
  models: RecommenderModels;
  /** The ModelVersion used, or null when the models were fitted on the fly. */
  version: number | null;
}

/**
 * The latest ready recommender ModelVersion; when none has been trained yet, a fit on the fly from
 * the Rating rows (a baseline model over the demo's ratings fits in milliseconds).
 */
export async function loadRecommender(db: Database): Promise<LoadedRecommender> {
  const row = await new ModelVersionRepository(db).latest('recommender', RECOMMENDER_MODEL_NAME);
  if (row?.artifact) return { models: deserializeRecommender(row.artifact, row.checksum), version: row.version };
  return { models: (await fitRecommender(db)).models, version: null };
}

export interface DomainEvaluation {
  domain: ItemDomain;
  ratings: number;
  rmse: number | null;
  mae: number | null;
  folds: number | null;
  /**
   * Top-N on a time-ordered hold-out (latest 20%), relevant = rated 4 or more: `baseline` ranks by
   * the baseline estimate, `hybrid` by the served hybrid score with its validated weight.
   */
  topN: TopNEvaluation | null;
}

/** k-fold RMSE / MAE, and top-N metrics of the baseline and the hybrid ranking, for both domains. */
export async function evaluateRecommender(db: Database, options: RecommenderTrainOptions & { k?: number }): Promise<DomainEvaluation[]> {
  const out: DomainEvaluation[] = [];
  for (const domain of ['doctor', 'drug'] as const) {
    const ratings = await loadRatings(db, domain);
    if (ratings.length === 0) {
      out.push({ domain, ratings: 0, rmse: null, mae: null, folds: null, topN: null });
      continue;
    }
    const [patients, items] = await Promise.all([loadRatedPatientProfiles(db, domain), catalogueItems(db, domain)]);
    const cv = crossValidate(ratings, options, { method: options.algorithm });
    const topN = evaluateTopN({ domain, ratings, patients, items, scale: RATING_SCALE, baseline: { method: options.algorithm }, k: options.k ?? 5, seed: options.seed });
    out.push({ domain, ratings: ratings.length, rmse: cv?.rmse ?? null, mae: cv?.mae ?? null, folds: cv?.folds ?? null, topN });
  }
  return out;
}
