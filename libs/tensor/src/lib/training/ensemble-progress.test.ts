import { ensembleMemberProgress } from './ensemble-progress';
import type { TrainingProgress } from './types';

const at = (phase: TrainingProgress['phase'], fraction: number, elapsedMs: number, etaMs: number | null): TrainingProgress =>
  ({ phase, epoch: 0, epochs: 1, batch: 1, totalBatches: 1, fraction, metrics: {}, elapsedMs, etaMs });

describe('ensembleMemberProgress', () => {
  it('reports fractions and time left of the whole ensemble, and done only for the last member', () => {
    const seen: TrainingProgress[] = [];
    const second = ensembleMemberProgress((p) => seen.push(p), 1, 4)!;
    second(at('batch', 0.5, 1000, 1000));
    second(at('done', 1, 2000, 0));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ fraction: 1.5 / 4, etaMs: 1000 + 2 * 2000 });
    const last = ensembleMemberProgress((p) => seen.push(p), 3, 4)!;
    last(at('done', 1, 2000, null));
    expect(seen[1]).toMatchObject({ phase: 'done', fraction: 1, etaMs: null });
    expect(ensembleMemberProgress(undefined, 0, 2)).toBeUndefined();
  });
});
