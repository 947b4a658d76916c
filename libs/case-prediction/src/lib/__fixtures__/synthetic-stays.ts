import { createRng } from '@pmed/tensor';
import type { PatientTimeline } from '../data/timeline';

/**
 * Small labelled stays with a signal a tiny model learns in a few epochs: positive stays have a
 * rising heart rate and a high lactate in their second half; Temp is noise.
 */
export function syntheticStays(options: { count: number; hours: number; seed: number }): PatientTimeline[] {
  const rng = createRng(options.seed);
  const stays: PatientTimeline[] = [];
  for (let i = 0; i < options.count; i++) {
    const label = i % 3 === 0 ? 1 : 0;
    const points: PatientTimeline['points'] = [];
    for (let h = 0; h < options.hours; h++) {
      const late = h >= options.hours / 2;
      points.push({ hours: h + 0.25, code: 'HR', value: 80 + rng.normal() * 5 + (label && late ? 35 : 0) });
      points.push({ hours: h + 0.5, code: 'Temp', value: 37 + rng.normal() * 0.3 });
      if (h % 3 === 0) points.push({ hours: h + 0.75, code: 'Lactate', value: 1.2 + Math.abs(rng.normal()) * 0.3 + (label && late ? 4 : 0) });
    }
    stays.push({ id: `stay-${i}`, points, descriptors: { age: 40 + rng.int(40), sex: rng.next() < 0.5 ? 'female' : 'male' }, label });
  }
  return stays;
}
