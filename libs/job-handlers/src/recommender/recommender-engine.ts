import { badInput } from '@pmed/core';
import { ModelVersionRepository, type Database } from '@pmed/data';
import {
  crossValidateBaseline,
  deserializeRecommender,
  doctorFeatures,
  drugFeatures,
  fitBaseline,
  predictBaseline,
  RatingMatrixBuilder,
  selectRatings,
  temporalSplit,
  topNMetrics,
  trainHybrid,
  type TopNMetrics,
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

async function fitDomain(db: Database, domain: ItemDomain, options: RecommenderTrainOptions): Promise<{ model: HybridModel; metrics: DomainMetrics } | null> {
  const [ratings, patients, catalogue] = await Promise.all([loadRatings(db, domain), loadRatedPatientProfiles(db, domain), domain === 'doctor' ? loadDoctors(db) : loadDrugs(db)]);
  if (ratings.length === 0 || catalogue.length === 0) return null;
  const items = catalogue.map((c) => ({ id: c.id, features: domain === 'doctor' ? doctorFeatures(c as Parameters<typeof doctorFeatures>[0]) : drugFeatures(c as Parameters<typeof drugFeatures>[0]) }));
  const baseline: BaselineOptions = { method: options.algorithm };
  const model = trainHybrid({ domain, ratings, patients, items, scale: RATING_SCALE, baseline, seed: options.seed });
  const cv = crossValidate(ratings, options, baseline);
  return {
    model,
    metrics: {
      ratings: ratings.length,
      patients: patients.length,
      items: catalogue.length,
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
  /** Top-N of the baseline ranking on a time-ordered hold-out (latest 20%), relevant = rated 4 or more. */
  topN: TopNMetrics | null;
}

/** k-fold RMSE / MAE and top-N metrics for both domains. */
export async function evaluateRecommender(db: Database, options: RecommenderTrainOptions & { k?: number }): Promise<DomainEvaluation[]> {
  const out: DomainEvaluation[] = [];
  for (const domain of ['doctor', 'drug'] as const) {
    const ratings = await loadRatings(db, domain);
    const catalogueSize = domain === 'doctor' ? await db.client.doctor.count() : await db.client.drug.count();
    if (ratings.length === 0) {
      out.push({ domain, ratings: 0, rmse: null, mae: null, folds: null, topN: null });
      continue;
    }
    const cv = crossValidate(ratings, options, { method: options.algorithm });
    let topN: TopNMetrics | null = null;
    const builder = new RatingMatrixBuilder({ scale: RATING_SCALE, expectedSize: ratings.length });
    for (const r of ratings) builder.add(r.userId, r.itemId, r.value, r.ratedAt);
    const matrix = builder.build();
    if (matrix.size >= 5) {
      const split = temporalSplit(matrix, 0.2);
      const train = selectRatings(matrix, split.train);
      const model = fitBaseline(train, { method: options.algorithm });
      const seen = new Map<string, Set<string>>();
      for (let k = 0; k < train.size; k++) {
        const u = train.userIds[train.users[k] as number] as string;
        seen.set(u, (seen.get(u) ?? new Set()).add(train.itemIds[train.items[k] as number] as string));
      }
      const relevant = new Map<string, Set<string>>();
      for (const k of split.test) {
        if ((matrix.values[k] as number) < 4) continue;
        const u = matrix.userIds[matrix.users[k] as number] as string;
        relevant.set(u, (relevant.get(u) ?? new Set()).add(matrix.itemIds[matrix.items[k] as number] as string));
      }
      const items = [...new Set(ratings.map((r) => r.itemId))];
      const recommendations = new Map([...relevant.keys()].map((u) => [u, items.filter((i) => !seen.get(u)?.has(i)).sort((a, b) => predictBaseline(model, u, b).estimate - predictBaseline(model, u, a).estimate || a.localeCompare(b))]));
      topN = topNMetrics({ recommendations, relevant, catalogueSize: Math.max(1, catalogueSize), k: options.k ?? 5 });
    }
    out.push({ domain, ratings: ratings.length, rmse: cv?.rmse ?? null, mae: cv?.mae ?? null, folds: cv?.folds ?? null, topN });
  }
  return out;
}
