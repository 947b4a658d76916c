import { badInput } from '@pmed/core';
import { createRng } from '@pmed/tensor';
import { fitBaseline, predictBaseline, type BaselineModel, type BaselineOptions } from '../baseline/baseline';
import type { PatientProfile } from '../catalogue/types';
import { patientFeatures, type FeatureBag, type ItemDomain, type RatedItem } from '../content/features';
import { FeatureSpace, fitTemperature, itemNormalisers, similarities } from '../content/softmax-similarity';
import { topNMetrics } from '../evaluation/top-n';
import { DEFAULT_RATING_SCALE, RatingMatrixBuilder, type RatingScale } from '../ratings/rating-matrix';

/** One rating as the platform stores it (a Rating row). */
export interface RatingRecord {
  userId: string;
  itemId: string;
  value: number;
  /** Seconds since the epoch. */
  ratedAt?: number;
}

export interface CatalogueItem {
  id: string;
  features: FeatureBag;
}

/** A fitted recommender for one item domain (doctors or drugs). */
export interface HybridModel {
  domain: ItemDomain;
  baseline: BaselineModel;
  /** Softmax temperature of the content model. */
  tau: number;
  tauFitted: boolean;
  /** Weight of the baseline in the hybrid score (the content model gets 1 - weight). */
  hybridWeight: number;
  weightFitted: boolean;
  /** Per item: log Σ_v exp(sim(v,i)/τ) and max_v sim(v,i) over the training patients. */
  itemNormalisers: Map<string, { logZ: number; maxSim: number }>;
  validation: { ratings: number; ndcgAt5: number | null; logLikelihood: number | null; split: 'time' | 'random' | 'none' };
}

export const DEFAULT_TAU = 0.2;
export const DEFAULT_HYBRID_WEIGHT = 0.5;
const WEIGHT_GRID = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9, 0, 1];

export interface TrainHybridInput {
  domain: ItemDomain;
  ratings: readonly RatingRecord[];
  patients: readonly PatientProfile[];
  items: readonly CatalogueItem[];
  scale?: RatingScale;
  baseline?: BaselineOptions;
  /** Share of ratings held out to fit τ and the weight (default 0.2). */
  validationFraction?: number;
  seed?: number;
}

/** Where a rating lies on the scale, -1 (worst) to 1 (best). */
export const preferenceOf = (value: number, scale: RatingScale) => (2 * (value - scale.min)) / (scale.max - scale.min) - 1;

function histories(ratings: readonly RatingRecord[], items: Map<string, CatalogueItem>, scale: RatingScale): Map<string, RatedItem[]> {
  const out = new Map<string, RatedItem[]>();
  for (const r of ratings) {
    const item = items.get(r.itemId);
    if (!item) continue;
    const list = out.get(r.userId) ?? [];
    list.push({ features: item.features, preference: preferenceOf(r.value, scale) });
    out.set(r.userId, list);
  }
  return out;
}

function baselineOf(ratings: readonly RatingRecord[], scale: RatingScale, options: BaselineOptions): BaselineModel {
  const builder = new RatingMatrixBuilder({ scale, expectedSize: ratings.length });
  for (const r of ratings) builder.add(r.userId, r.itemId, r.value);
  return fitBaseline(builder.build(), options);
}

/** The hybrid score: weight × baseline on [0,1] + (1 - weight) × exp((sim - max sim)/τ). */
export function hybridScore(parts: { estimate: number; similarity: number; maxSim: number; tau: number; weight: number; scale: RatingScale }): { score: number; content: number } {
  const content = Math.exp((parts.similarity - Math.max(parts.maxSim, parts.similarity)) / parts.tau);
  const base = (parts.estimate - parts.scale.min) / (parts.scale.max - parts.scale.min);
  return { score: parts.weight * base + (1 - parts.weight) * content, content };
}

/**
 * Fits the baseline (on all ratings), the content temperature τ and the hybrid weight (both on a
 * held-out split: the latest ratings when times are known, else a seeded random share).
 */
export function trainHybrid(input: TrainHybridInput): HybridModel {
  const scale = input.scale ?? DEFAULT_RATING_SCALE;
  const baselineOptions = input.baseline ?? { method: 'als' };
  if (input.ratings.length === 0) throw badInput('ratings', `no ${input.domain} ratings to train on`);
  if (input.items.length === 0) throw badInput('items', `no ${input.domain}s in the catalogue`);
  const items = new Map(input.items.map((i) => [i.id, i]));
  const fraction = input.validationFraction ?? 0.2;
  const ratings = input.ratings.filter((r) => items.has(r.itemId));
  if (ratings.length === 0) throw badInput('ratings', `no rating refers to a ${input.domain} in the catalogue`);

  let split: 'time' | 'random' | 'none' = 'none';
  let train: readonly RatingRecord[] = ratings;
  let held: readonly RatingRecord[] = [];
  if (ratings.length >= 10) {
    const order = ratings.every((r) => r.ratedAt !== undefined) ? ((split = 'time'), [...ratings].sort((a, b) => (a.ratedAt as number) - (b.ratedAt as number))) : ((split = 'random'), [...createRng(input.seed ?? 0).shuffle([...ratings])]);
    const cut = Math.round(order.length * (1 - fraction));
    train = order.slice(0, cut);
    held = order.slice(cut);
  }

  const space = new FeatureSpace([...input.items.map((i) => i.features), ...input.patients.map((p) => patientFeatures(p, input.domain))]);
  const patientIndex = new Map(input.patients.map((p, k) => [p.id, k]));
  const itemList = input.items;
  const itemCol = new Map(itemList.map((i, k) => [i.id, k]));
  const simFor = (history: Map<string, RatedItem[]>) =>
    similarities(
      space,
      input.patients.map((p) => patientFeatures(p, input.domain, history.get(p.id))),
      itemList.map((i) => i.features),
    );

  let tau = DEFAULT_TAU;
  let weight = DEFAULT_HYBRID_WEIGHT;
  let logLikelihood: number | null = null;
  let ndcgAt5: number | null = null;
  const positives = held.filter((r) => preferenceOf(r.value, scale) > 0 && patientIndex.has(r.userId));
  if (positives.length > 0) {
    const sim = simFor(histories(train, items, scale));
    const fitted = fitTemperature(sim, positives.map((r) => [patientIndex.get(r.userId) as number, itemCol.get(r.itemId) as number]));
    tau = fitted.tau;
    logLikelihood = fitted.logLikelihood;
    const base = baselineOf(train, scale, baselineOptions);
    const { maxSim } = itemNormalisers(sim, tau);
    const relevant = new Map<string, Set<string>>();
    for (const r of positives) relevant.set(r.userId, (relevant.get(r.userId) ?? new Set()).add(r.itemId));
    const seen = new Map<string, Set<string>>();
    for (const r of train) seen.set(r.userId, (seen.get(r.userId) ?? new Set()).add(r.itemId));
    let best = -1;
    for (const w of WEIGHT_GRID) {
      const recommendations = new Map<string, string[]>();
      for (const user of relevant.keys()) {
        const u = patientIndex.get(user) as number;
        const scored = itemList
          .filter((it) => !seen.get(user)?.has(it.id))
          .map((it, _k) => {
            const col = itemCol.get(it.id) as number;
            return { id: it.id, s: hybridScore({ estimate: predictBaseline(base, user, it.id).estimate, similarity: sim.get(u, col), maxSim: maxSim[col] as number, tau, weight: w, scale }).score };
          })
          .sort((a, b) => b.s - a.s || a.id.localeCompare(b.id));
        recommendations.set(user, scored.map((x) => x.id));
      }
      const ndcg = topNMetrics({ recommendations, relevant, catalogueSize: itemList.length, k: 5 }).ndcg;
      if (ndcg > best + 1e-12) [best, weight] = [ndcg, w];
    }
    ndcgAt5 = best;
  }

  const finalSim = simFor(histories(ratings, items, scale));
  const norms = itemNormalisers(finalSim, tau);
  return {
    domain: input.domain,
    baseline: baselineOf(ratings, scale, baselineOptions),
    tau,
    tauFitted: logLikelihood !== null,
    hybridWeight: weight,
    weightFitted: ndcgAt5 !== null,
    itemNormalisers: new Map(itemList.map((it, k) => [it.id, { logZ: norms.logZ[k] as number, maxSim: norms.maxSim[k] as number }])),
    validation: { ratings: held.length, ndcgAt5, logLikelihood, split },
  };
}
