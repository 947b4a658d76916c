import { createRng } from '@pmed/tensor';
import { DOCTORS } from '../__fixtures__/catalogue';
import type { PatientProfile } from '../catalogue/types';
import { doctorFeatures } from '../content/features';
import type { RatingRecord } from '../hybrid/hybrid-model';
import { evaluateTopN } from './top-n-evaluation';

const condition = (code: string, display: string) => ({ code, display, status: 'active' });
const AF = condition('49436004', 'Atrial fibrillation');
const CKD = condition('N18.4', 'Chronic kidney disease stage 4');
const PNEUMONIA = condition('385093006', 'Community-acquired pneumonia');

/**
 * A world where the two rankings must disagree. Pneumonia patients rate the pulmonologist and the
 * infectious-diseases doctor 5, so those two have the largest item biases; later, cardiac and renal
 * patients rate the doctors of their own specialty 5. The baseline (μ + b_u + b_i, the same order
 * for everyone) keeps offering the popular pair; only the content part matches each patient's
 * condition to the right specialty.
 */
function world() {
  const rng = createRng(4);
  const patient = (id: string, c: typeof AF): PatientProfile => ({ id, conditions: [c], allergies: [], medications: [] });
  const pneumonia = Array.from({ length: 20 }, (_, k) => patient(`pn${k}`, PNEUMONIA));
  const cardiac = Array.from({ length: 20 }, (_, k) => patient(`af${k}`, AF));
  const renal = Array.from({ length: 20 }, (_, k) => patient(`ckd${k}`, CKD));
  const ratings: RatingRecord[] = [];
  let t = 0;
  const rate = (userId: string, itemId: string, value: number) => ratings.push({ userId, itemId, value, ratedAt: t++ });
  for (const p of pneumonia) {
    rate(p.id, 'pulmo', 5);
    rate(p.id, 'id', 5);
    rate(p.id, 'endo', 2);
  }
  for (const p of [...cardiac, ...renal]) rate(p.id, 'endo', 2);
  const later = rng.shuffle([...cardiac.flatMap((p) => [[p.id, 'cardio-a'], [p.id, 'cardio-b']]), ...renal.map((p) => [p.id, 'nephro'])]);
  for (const [userId, itemId] of later) rate(userId as string, itemId as string, 5);
  return { patients: [...pneumonia, ...cardiac, ...renal], ratings, items: DOCTORS.map((d) => ({ id: d.id, features: doctorFeatures(d) })) };
}

describe('evaluateTopN', () => {
  it('ranks by the hybrid score as well as the baseline, and content decides where the baseline cannot', () => {
    const { patients, ratings, items } = world();
    const result = evaluateTopN({ domain: 'doctor', ratings, patients, items, k: 2, seed: 0 })!;
    expect(result.trainRatings + result.testRatings).toBe(ratings.length);
    expect(result.baseline.users).toBe(result.hybrid.users);
    expect(result.baseline.users).toBeGreaterThan(5);
    // The validated weight leaves the content part a say, and that changes the lists.
    expect(result.weightFitted).toBe(true);
    expect(result.hybridWeight).toBeLessThan(1);
    expect(result.hybrid.precision).toBeGreaterThan(0.45);
    expect(result.hybrid.recall).toBe(1);
    expect(result.baseline.recall).toBeLessThan(0.2);
    expect(result.hybrid.ndcg).toBeGreaterThan(result.baseline.ndcg + 0.5);
  });

  it('is deterministic and returns null without enough ratings', () => {
    const { patients, ratings, items } = world();
    expect(evaluateTopN({ domain: 'doctor', ratings, patients, items, k: 3 })).toEqual(evaluateTopN({ domain: 'doctor', ratings, patients, items, k: 3 }));
    expect(evaluateTopN({ domain: 'doctor', ratings: ratings.slice(0, 4), patients, items })).toBeNull();
    expect(() => evaluateTopN({ domain: 'doctor', ratings, patients, items, k: 0 })).toThrow(/k/);
  });
});
