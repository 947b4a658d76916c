import { createRng } from '@pmed/tensor';
import { assignPatients } from './assignment';

/** Tries every way of placing each patient with one doctor or none, within capacity. */
function bruteForce(fit: number[][], capacity: number[]): { assigned: number; totalFit: number } {
  let best = { assigned: -1, totalFit: -Infinity };
  const used = capacity.map(() => 0);
  const walk = (p: number, assigned: number, total: number) => {
    if (p === fit.length) {
      if (assigned > best.assigned || (assigned === best.assigned && total > best.totalFit + 1e-9)) best = { assigned, totalFit: total };
      return;
    }
    walk(p + 1, assigned, total);
    fit[p]!.forEach((v, d) => {
      if (!Number.isFinite(v) || used[d]! >= capacity[d]!) return;
      used[d]!++;
      walk(p + 1, assigned + 1, total + v);
      used[d]!--;
    });
  };
  walk(0, 0, 0);
  return best;
}

describe('assignPatients', () => {
  it('matches brute force on random small cases (with ineligible pairs and scarce capacity)', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 150; trial++) {
      const nP = 1 + rng.int(6);
      const nD = 1 + rng.int(4);
      const capacity = Array.from({ length: nD }, () => rng.int(3));
      const fit = Array.from({ length: nP }, () => Array.from({ length: nD }, () => (rng.next() < 0.15 ? Number.NaN : Math.round((rng.next() * 10 - 2) * 100) / 100)));
      const result = assignPatients({ fit, capacity });
      const expected = bruteForce(fit, capacity);
      expect(result.assigned).toBe(expected.assigned);
      expect(result.totalFit).toBeCloseTo(expected.totalFit, 9);
      const load = capacity.map(() => 0);
      result.doctorOf.forEach((d, p) => {
        if (d >= 0) {
          load[d]!++;
          expect(Number.isFinite(fit[p]![d]!)).toBe(true);
        }
      });
      load.forEach((l, d) => expect(l).toBeLessThanOrEqual(capacity[d]!));
    }
  });

  it('prefers the globally best allocation over greedy choices', () => {
    // Greedy would give patient 0 doctor 0 (fit 10) and leave patient 1 with 1; optimum is 9 + 9.
    const result = assignPatients({ fit: [[10, 9], [9, 1]], capacity: [1, 1] });
    expect([...result.doctorOf]).toEqual([1, 0]);
    expect(result.totalFit).toBe(18);
  });

  it('refuses bad input', () => {
    expect(() => assignPatients({ fit: [[1, 2]], capacity: [1] })).toThrow(/one value per doctor/);
    expect(() => assignPatients({ fit: [[1]], capacity: [-1] })).toThrow(/capacity\[0\]/);
    expect(() => assignPatients({ fit: [[Infinity]], capacity: [1] })).toThrow(/fit\[0\]\[0\]/);
  });
});
