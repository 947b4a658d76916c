import { badInput } from '@pmed/core';
import { predictBaseline, type BaselineOptions } from '../baseline/baseline';
import type { PatientProfile } from '../catalogue/types';
import type { ItemDomain } from '../content/features';
import { trainHybrid, type CatalogueItem, type RatingRecord } from '../hybrid/hybrid-model';
import { scoreItems } from '../hybrid/recommend';
import { DEFAULT_RATING_SCALE, checkScale, type RatingScale } from '../ratings/rating-matrix';
import { splitByTime, topNMetrics, type TopNMetrics } from './top-n';

export interface TopNEvaluationInput {
  domain: ItemDomain;
  ratings: readonly RatingRecord[];
  /** Profiles of the rating patients (one without a profile counts as having no conditions). */
  patients: readonly PatientProfile[];
  /** The catalogue: every item is a candidate for every patient who has not rated it in training. */
  items: readonly CatalogueItem[];
  scale?: RatingScale;
  baseline?: BaselineOptions;
  /** List length (default 5). */
  k?: number;
  /** Latest share of ratings held out (default 0.2). */
  testFraction?: number;
  /** A held-out rating at or above this is relevant (default: the top quarter of the scale, 4 on 1..5). */
  relevantFrom?: number;
  seed?: number;
}

export interface TopNEvaluation {
  k: number;
  trainRatings: number;
  testRatings: number;
  /** Ranked by the baseline estimate μ + b_u + b_i alone. */
  baseline: TopNMetrics;
  /** Ranked by the hybrid score the service uses: baseline and content with the validated weight. */
  hybrid: TopNMetrics;
  /** The weight of the baseline in the hybrid, as validated on the training part. */
  hybridWeight: number;
  weightFitted: boolean;
  tau: number;
}

/** Fewer ratings than this give no split worth scoring. */
export const MIN_TOP_N_RATINGS = 5;

/**
 * Top-N metrics of the baseline and of the hybrid ranking on a time-ordered hold-out: both are
 * fitted on the earlier ratings (the hybrid validates τ and its weight inside that part, as
 * training does), then rank, for each patient with a relevant held-out rating, every catalogue item
 * the patient had not rated yet. Both rankings use the same fitted baseline, so any difference comes
 * from the content part. Null when there are too few ratings to split.
 */
export function evaluateTopN(input: TopNEvaluationInput): TopNEvaluation | null {
  const scale = checkScale(input.scale ?? DEFAULT_RATING_SCALE);
  const k = input.k ?? 5;
  if (!Number.isInteger(k) || k < 1) throw badInput('k', `must be a positive integer, got ${k}`);
  const testFraction = input.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1)) throw badInput('testFraction', `must be between 0 and 1, got ${testFraction}`);
  const relevantFrom = input.relevantFrom ?? scale.max - (scale.max - scale.min) / 4;
  if (input.items.length === 0) return null;
  const catalogue = new Map(input.items.map((i) => [i.id, i]));
  const ratings = input.ratings.filter((r) => catalogue.has(r.itemId));
  if (ratings.length < MIN_TOP_N_RATINGS) return null;

  // The split temporalSplit makes: by time when every rating has one, else the stored order.
  const times = ratings.every((r) => r.ratedAt !== undefined) ? ratings.map((r) => r.ratedAt as number) : undefined;
  const split = splitByTime(ratings.length, times, testFraction);
  const train = Array.from(split.train, (idx) => ratings[idx] as RatingRecord);
  const test = Array.from(split.test, (idx) => ratings[idx] as RatingRecord);

  const model = trainHybrid({ domain: input.domain, ratings: train, patients: input.patients, items: input.items, scale, baseline: input.baseline, seed: input.seed });
  const seen = new Map<string, RatingRecord[]>();
  for (const r of train) {
    const list = seen.get(r.userId);
    if (list) list.push(r);
    else seen.set(r.userId, [r]);
  }
  const relevant = new Map<string, Set<string>>();
  for (const r of test) if (r.value >= relevantFrom) relevant.set(r.userId, (relevant.get(r.userId) ?? new Set()).add(r.itemId));
  const profiles = new Map(input.patients.map((p) => [p.id, p]));

  const byBaseline = new Map<string, string[]>();
  const byHybrid = new Map<string, string[]>();
  const byScore = (a: { id: string; s: number }, b: { id: string; s: number }) => b.s - a.s || a.id.localeCompare(b.id);
  for (const user of relevant.keys()) {
    const history = seen.get(user) ?? [];
    const rated = new Set(history.map((r) => r.itemId));
    const candidates = input.items.filter((i) => !rated.has(i.id));
    byBaseline.set(user, candidates.map((c) => ({ id: c.id, s: predictBaseline(model.baseline, user, c.id).estimate })).sort(byScore).map((x) => x.id));
    const patient = profiles.get(user) ?? { id: user, conditions: [], allergies: [], medications: [] };
    const scored = scoreItems({ model, patient, patientRatings: history, candidates, catalogue: input.items });
    byHybrid.set(user, scored.items.map((x) => ({ id: x.id, s: x.score })).sort(byScore).map((x) => x.id));
  }
  const metrics = (recommendations: Map<string, string[]>) => topNMetrics({ recommendations, relevant, catalogueSize: input.items.length, k });
  return {
    k,
    trainRatings: train.length,
    testRatings: test.length,
    baseline: metrics(byBaseline),
    hybrid: metrics(byHybrid),
    hybridWeight: model.hybridWeight,
    weightFitted: model.weightFitted,
    tau: model.tau,
  };
}
