import type { TrainingProgress } from './types';

/**
 * The progress callback for member `k` of `size` networks trained one after another: fractions
 * and time left are of the whole ensemble (later members assumed to take as long as this one),
 * and only the last member reports `done`. Undefined when there is no callback.
 */
export function ensembleMemberProgress(
  onProgress: ((progress: TrainingProgress) => void) | undefined,
  k: number,
  size: number,
): ((progress: TrainingProgress) => void) | undefined {
  if (!onProgress) return undefined;
  return (p) => {
    if (p.phase === 'done' && k < size - 1) return;
    const etaMs = p.etaMs === null ? null : p.etaMs + (size - k - 1) * (p.elapsedMs + p.etaMs);
    onProgress({ ...p, fraction: (k + p.fraction) / size, etaMs });
  };
}
