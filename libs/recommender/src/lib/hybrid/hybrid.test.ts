import { ErrorCode } from '@pmed/core';
import { createRng } from '@pmed/tensor';
import { DOCTORS } from '../__fixtures__/catalogue';
import type { PatientProfile } from '../catalogue/types';
import { doctorFeatures } from '../content/features';
import { FeatureSpace, fitTemperature, meanLogLikelihood, similarities } from '../content/softmax-similarity';
import { trainHybrid, type RatingRecord } from './hybrid-model';
import { deserializeRecommender, serializeRecommender } from './model-artifact';
import { recommendDoctors } from './recommend';

const CARDIAC = { code: '49436004', display: 'Atrial fibrillation', status: 'active' };
const RENAL = { code: 'N18.4', display: 'Chronic kidney disease stage 4', status: 'active' };

function world(seed: number) {
  const rng = createRng(seed);
  const patients: PatientProfile[] = Array.from({ length: 60 }, (_, k) => ({
    id: `p${k}`,
    conditions: k % 2 === 0 ? [CARDIAC] : [RENAL],
    allergies: [],
    medications: [],
    languages: k % 3 === 0 ? ['es'] : ['en'],
  }));
  // Patients rate doctors of their own specialty well and others badly, plus a per-doctor quality.
  const quality: Record<string, number> = { 'cardio-a': 0.5, 'cardio-b': -0.5, nephro: 0.3 };
  const ratings: RatingRecord[] = [];
  let t = 0;
  for (const p of patients) {
    for (const d of DOCTORS) {
      if (rng.next() > 0.5) continue;
      const match = d.specialties.includes(p.conditions[0] === CARDIAC ? 'cardiology' : 'nephrology');
      const value = Math.min(5, Math.max(1, Math.round((match ? 4 : 2) + (quality[d.id] ?? 0) + rng.normal() * 0.5)));
      ratings.push({ userId: p.id, itemId: d.id, value, ratedAt: t++ });
    }
  }
  return { patients, ratings, items: DOCTORS.map((d) => ({ id: d.id, features: doctorFeatures(d) })) };
}

describe('content model', () => {
  it('fits the temperature to the held-out maximum of the log-likelihood', () => {
    const { patients, items } = world(1);
    const bags = patients.map((p) => new Map([[`specialty:${p.conditions[0] === CARDIAC ? 'cardiology' : 'nephrology'}`, 1]]));
    const space = new FeatureSpace([...bags, ...items.map((i) => i.features)]);
    const sim = similarities(space, bags, items.map((i) => i.features));
    // Mostly matching pairs plus some that are not: the best temperature is then neither 0 nor ∞.
    const pairs: [number, number][] = patients.map((_, u) => [u, (u % 2 === 0) !== (u % 5 === 0) ? 0 : 3]);
    const { tau, logLikelihood } = fitTemperature(sim, pairs);
    expect(tau).toBeGreaterThan(0.02);
    expect(tau).toBeLessThan(5);
    for (const other of [tau * 0.7, tau * 1.4]) expect(meanLogLikelihood(sim, pairs, other)).toBeLessThan(logLikelihood);
  });
});

describe('trainHybrid and recommendDoctors', () => {
  const { patients, ratings, items } = world(2);
  const model = trainHybrid({ domain: 'doctor', ratings, patients, items });

  it('fits τ and the weight on a time-ordered validation split', () => {
    expect(model.validation.split).toBe('time');
    expect(model.tauFitted && model.weightFitted).toBe(true);
    expect(model.hybridWeight).toBeGreaterThanOrEqual(0);
    expect(model.validation.ndcgAt5).toBeGreaterThan(0.5);
  });

  it('ranks matching doctors with open slots and explains each', () => {
    const p = patients[0]!;
    const { items: recs, condition } = recommendDoctors({ model, patient: p, patientRatings: ratings.filter((r) => r.userId === p.id), conditionCode: CARDIAC.code, doctors: DOCTORS, k: 5 });
    expect(condition.display).toBe('Atrial fibrillation');
    expect(recs.map((r) => r.itemId).sort()).toEqual(['cardio-a', 'cardio-b']); // cardio-full has no open slot
    expect(recs[0]!.itemId).toBe('cardio-a');
    const r = recs[0]!;
    expect(r.predictedRating).toBeCloseTo(Math.min(5, r.globalMean + r.userBias + r.itemBias), 12);
    expect(r.topFeatures[0]!.feature).toBe('specialty:cardiology');
    expect(r.explanation).toMatch(/predicted rating .* mean .* patient bias .* item bias/);
    expect(r.probability).toBeGreaterThan(0);
  });

  it('serves cold-start patients from the content model alone', () => {
    const newcomer: PatientProfile = { id: 'new', conditions: [RENAL], allergies: [], medications: [], languages: ['fr'] };
    const { items: recs } = recommendDoctors({ model, patient: newcomer, patientRatings: [], conditionCode: 'N18.4', doctors: DOCTORS, k: 3 });
    expect(recs[0]).toMatchObject({ itemId: 'nephro', coldStart: true, userBias: 0 });
    expect(recs[0]!.explanation).toMatch(/no ratings from this patient/);
    expect(recs[0]!.topFeatures.map((f) => f.feature)).toEqual(expect.arrayContaining(['specialty:nephrology', 'language:fr']));
  });

  it('refuses unknown conditions and k out of range with stable codes', () => {
    const p = patients[0]!;
    expect(() => recommendDoctors({ model, patient: p, patientRatings: [], conditionCode: 'no-such-thing', doctors: DOCTORS, k: 3 })).toThrow(expect.objectContaining({ code: ErrorCode.NOT_FOUND }));
    for (const k of [0, 101, 2.5]) expect(() => recommendDoctors({ model, patient: p, patientRatings: [], conditionCode: CARDIAC.code, doctors: DOCTORS, k })).toThrow(expect.objectContaining({ code: ErrorCode.BAD_USER_INPUT }));
  });

  it('round-trips through the artifact and refuses a tampered one', () => {
    const { artifact, checksum } = serializeRecommender({ doctor: model, drug: null });
    const back = deserializeRecommender(artifact, checksum);
    expect(back.drug).toBeNull();
    const p = patients[1]!;
    const args = { patient: p, patientRatings: ratings.filter((r) => r.userId === p.id), conditionCode: 'N18.4', doctors: DOCTORS, k: 4 };
    expect(recommendDoctors({ ...args, model: back.doctor! }).items).toEqual(recommendDoctors({ ...args, model }).items);
    const tampered = artifact.slice();
    tampered[20] = tampered[20]! ^ 1;
    expect(() => deserializeRecommender(tampered, checksum)).toThrow(expect.objectContaining({ code: ErrorCode.MODEL_ARTIFACT_INVALID }));
    expect(() => deserializeRecommender(new TextEncoder().encode('{"format":"x"}'))).toThrow(/unknown format/);
  });
});
