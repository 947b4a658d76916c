import { badInput } from '@pmed/core';

/** Weight per class index, as a map or an array indexed by class. */
export type ClassWeights = Readonly<Record<number, number>> | ReadonlyArray<number>;

/**
 * Weights that make every class count as much as the others in the loss: n / (k * count_c) for the
 * k classes present (scikit-learn's `compute_class_weight('balanced')`).
 */
export function balancedClassWeights(labels: ArrayLike<number>): Record<number, number> {
  if (labels.length === 0) throw badInput('labels', 'is empty');
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0) throw badInput('labels', `holds ${c} at index ${i}; class labels are integers >= 0`);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const out: Record<number, number> = {};
  for (const [c, count] of [...counts.entries()].sort((a, b) => a[0] - b[0])) out[c] = labels.length / (counts.size * count);
  return out;
}

/** One weight per sample from its class; every class present needs a finite, non-negative weight. */
export function sampleWeightsFor(labels: Int32Array, classWeight: ClassWeights): Float32Array {
  const weights = new Float32Array(labels.length);
  const lookup = classWeight as Readonly<Record<number, number | undefined>>;
  for (let i = 0; i < labels.length; i++) {
    const w = lookup[labels[i]];
    if (w === undefined) throw badInput('classWeight', `has no weight for class ${labels[i]}`, { class: labels[i] });
    if (!Number.isFinite(w) || w < 0) throw badInput('classWeight', `weight for class ${labels[i]} must be finite and >= 0, got ${w}`);
    weights[i] = w;
  }
  return weights;
}
