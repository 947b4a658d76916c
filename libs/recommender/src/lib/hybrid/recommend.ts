import { badInput, notFound } from '@pmed/core';
import { predictBaseline, type BaselinePrediction } from '../baseline/baseline';
import { conditionTerms, findConditionConcept, specialtiesFor } from '../catalogue/conditions';
import { normaliseTerm, type DoctorInfo, type DrugInfo, type PatientProfile } from '../catalogue/types';
import { doctorFeatures, drugFeatures, patientFeatures, type FeatureBag, type RatedItem } from '../content/features';
import { FeatureSpace } from '../content/softmax-similarity';
import { filterSafeDrugs, type SafetyFinding } from '../safety/drug-safety';
import { hybridScore, preferenceOf, type HybridModel, type RatingRecord } from './hybrid-model';

export const MAX_K = 100;

export interface Recommendation {
  itemId: string;
  name: string;
  /** Hybrid score in [0, 1]; higher is a better fit. */
  score: number;
  /** Baseline parts: μ, b_u, b_i and the clipped estimate. */
  predictedRating: number;
  globalMean: number;
  userBias: number;
  itemBias: number;
  /** Cosine similarity of patient and item features, and P(patient | item) under the softmax. */
  similarity: number;
  probability: number;
  /** True when the patient has no ratings: the content model alone ranks. */
  coldStart: boolean;
  topFeatures: { feature: string; contribution: number }[];
  explanation: string;
}

export interface FilteredDrug {
  drugId: string;
  name: string;
  findings: SafetyFinding[];
}

export interface ResolvedCondition {
  code: string;
  display: string;
  /** Every code and name that denotes it (normalised). */
  terms: string[];
}

/**
 * The condition a request names: one of the patient's own conditions (by code or name), else one
 * the terminology table knows. NOT_FOUND otherwise.
 */
export function resolveCondition(patient: PatientProfile, conditionCode: string): ResolvedCondition {
  const wanted = normaliseTerm(conditionCode ?? '');
  if (!wanted) throw badInput('conditionCode', 'a condition code is required');
  const own = patient.conditions.find((c) => conditionTerms(c).includes(wanted));
  if (own) return { code: own.code, display: own.display, terms: conditionTerms(own) };
  const known = findConditionConcept(conditionCode);
  if (known) return { code: conditionCode.trim(), display: known.display, terms: conditionTerms({ code: conditionCode, display: known.display }) };
  if (specialtiesFor(conditionCode).length > 0) return { code: conditionCode.trim(), display: conditionCode.trim(), terms: [wanted] };
  throw notFound('Condition', conditionCode);
}

export function checkK(k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw badInput('k', `must be an integer from 1 to ${MAX_K}, got ${k}`);
  return k;
}

interface RankInput {
  model: HybridModel;
  patient: PatientProfile;
  /** The patient's own ratings in this domain (for the content profile). */
  patientRatings: readonly RatingRecord[];
  candidates: readonly { id: string; name: string; features: FeatureBag }[];
  /** Features of every item the patient may have rated (defaults to the candidates). */
  catalogue?: readonly { id: string; features: FeatureBag }[];
  k: number;
}

function describe(r: Omit<Recommendation, 'explanation'>, weight: number): string {
  const parts = r.coldStart
    ? [`no ratings from this patient yet, so ranked by profile similarity ${r.similarity.toFixed(2)}`]
    : [`predicted rating ${r.predictedRating.toFixed(2)} = mean ${r.globalMean.toFixed(2)} ${sign(r.userBias)} patient bias ${sign(r.itemBias)} item bias`, `profile similarity ${r.similarity.toFixed(2)} (hybrid weight ${weight.toFixed(1)} on ratings)`];
  if (r.topFeatures.length) parts.push(`matched on ${r.topFeatures.map((f) => f.feature).join(', ')}`);
  return parts.join('; ');
}
const sign = (x: number) => `${x < 0 ? '-' : '+'} ${Math.abs(x).toFixed(2)}`;

export interface ScoredItems {
  /** The patient's profile in the domain's feature space (conditions, languages, rated features). */
  profile: FeatureBag;
  space: FeatureSpace;
  /** The patient has no ratings in the model: the content model alone scores. */
  coldStart: boolean;
  /** Weight the baseline got (the model's validated weight, or 0 for a cold start). */
  weight: number;
  /** One entry per candidate, in the candidates' order. */
  items: { id: string; score: number; baseline: BaselinePrediction; similarity: number; probability: number }[];
}

/**
 * The hybrid score of each candidate for one patient: weight × baseline + (1 - weight) × content,
 * with the content part from the patient's profile (their conditions and what they rated).
 */
export function scoreItems({ model, patient, patientRatings, candidates, catalogue }: Omit<RankInput, 'k' | 'candidates'> & { candidates: readonly { id: string; features: FeatureBag }[] }): ScoredItems {
  const scale = model.baseline.scale;
  const byId = new Map((catalogue ?? candidates).map((c) => [c.id, c]));
  const history: RatedItem[] = patientRatings.flatMap((r) => {
    const item = byId.get(r.itemId);
    return item ? [{ features: item.features, preference: preferenceOf(r.value, scale) }] : [];
  });
  const profile = patientFeatures(patient, model.domain, history);
  const space = new FeatureSpace([profile, ...candidates.map((c) => c.features)]);
  const coldStart = !model.baseline.userIndex.has(patient.id);
  const weight = coldStart ? 0 : model.hybridWeight;
  const sims = space.matrix([profile]).mmul(space.matrix(candidates.map((c) => c.features)).transpose());
  const items = candidates.map((c, col) => {
    const baseline = predictBaseline(model.baseline, patient.id, c.id);
    const similarity = sims.get(0, col);
    const norm = model.itemNormalisers.get(c.id) ?? { maxSim: 1, logZ: Number.NaN };
    const { score } = hybridScore({ estimate: baseline.estimate, similarity, maxSim: norm.maxSim, tau: model.tau, weight, scale });
    const probability = Number.isNaN(norm.logZ) ? 0 : Math.min(1, Math.exp(similarity / model.tau - norm.logZ));
    return { id: c.id, score, baseline, similarity, probability };
  });
  return { profile, space, coldStart, weight, items };
}

/** Ranks candidates for one patient by the hybrid score, with the parts and features behind each. */
export function rankItems({ candidates, k, ...rest }: RankInput): Recommendation[] {
  const { profile, space, coldStart, weight, items } = scoreItems({ ...rest, candidates });
  const ranked = candidates.map((c, col) => {
    const { score, baseline, similarity, probability } = items[col] as ScoredItems['items'][number];
    const r = {
      itemId: c.id,
      name: c.name,
      score,
      predictedRating: baseline.estimate,
      globalMean: baseline.globalMean,
      userBias: baseline.userBias,
      itemBias: baseline.itemBias,
      similarity,
      probability,
      coldStart,
      topFeatures: space.topShared(profile, c.features, 3),
    };
    return { ...r, explanation: describe(r, weight) };
  });
  return ranked.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, k);
}

export interface RecommendDrugsInput {
  model: HybridModel;
  patient: PatientProfile;
  patientRatings: readonly RatingRecord[];
  conditionCode: string;
  /** The whole drug catalogue (candidates are those indicated for the condition). */
  drugs: readonly DrugInfo[];
  k: number;
}

/**
 * Drugs indicated for the condition, with every contraindicated or interacting drug removed before
 * ranking; `filtered` says which rule removed each one.
 */
export function recommendDrugs(input: RecommendDrugsInput): { condition: ResolvedCondition; items: Recommendation[]; filtered: FilteredDrug[] } {
  const k = checkK(input.k);
  const condition = resolveCondition(input.patient, input.conditionCode);
  const indicated = input.drugs.filter((d) => d.indications.some((i) => condition.terms.includes(normaliseTerm(i))));
  const { safe, removed } = filterSafeDrugs(input.patient, indicated, input.drugs);
  const items = rankItems({ model: input.model, patient: input.patient, patientRatings: input.patientRatings, candidates: safe.map((d) => ({ id: d.id, name: d.name, features: drugFeatures(d) })), catalogue: input.drugs.map((d) => ({ id: d.id, features: drugFeatures(d) })), k });
  return { condition, items, filtered: removed.map((r) => ({ drugId: r.drug.id, name: r.drug.name, findings: r.findings })) };
}

export interface RecommendDoctorsInput {
  model: HybridModel;
  patient: PatientProfile;
  patientRatings: readonly RatingRecord[];
  conditionCode: string;
  doctors: readonly DoctorInfo[];
  k: number;
}

/** Doctors of a specialty that treats the condition and with an open slot, ranked for the patient. */
export function recommendDoctors(input: RecommendDoctorsInput): { condition: ResolvedCondition; items: Recommendation[] } {
  const k = checkK(input.k);
  const condition = resolveCondition(input.patient, input.conditionCode);
  const wanted = new Set([...specialtiesFor(condition.code), ...specialtiesFor(condition.display)].map(normaliseTerm));
  const open = input.doctors.filter((d) => d.openSlots > 0);
  const matching = open.filter((d) => d.specialties.some((s) => wanted.has(normaliseTerm(s))));
  const candidates = (matching.length > 0 ? matching : open).map((d) => ({ id: d.id, name: d.name, features: doctorFeatures(d) }));
  const catalogue = input.doctors.map((d) => ({ id: d.id, features: doctorFeatures(d) }));
  return { condition, items: rankItems({ model: input.model, patient: input.patient, patientRatings: input.patientRatings, candidates, catalogue, k }) };
}
