import { badInput } from '@pmed/core';
import type { Chemistry, MolecularProperties } from '../chemistry/chemistry';
import { summarize, wasserstein1d, type Summary } from './distributions';

/** A property's distribution in the generated molecules against the training set. */
export interface PropertyComparison {
  generated: Summary;
  training: Summary | null;
  /** Wasserstein-1 distance between the two distributions; null without training molecules. */
  wasserstein: number | null;
}

/** The MOSES metrics (Polykovskiy et al., Frontiers in Pharmacology 2020) for one set of generated molecules. */
export interface GenerationMetrics {
  generated: number;
  valid: number;
  validity: number;
  /** Unique share of the first 1,000 / 10,000 valid molecules (of all valid ones when fewer). */
  unique1k: number;
  unique10k: number;
  /**
   * The molecules generated more than once among the first 10,000 valid ones, most frequent first
   * (at most 10; canonical SMILES): what the model over-produces, which is what unique@10k counts.
   */
  repeated: { smiles: string; count: number }[];
  /** Unique valid molecules not in the training set, as a share of unique valid molecules. */
  novelty: number | null;
  /** 1 - mean Tanimoto over all pairs (MOSES IntDiv1, self-pairs included) of Morgan r=2, 1024-bit fingerprints. */
  intDiv: number;
  properties: { qed: PropertyComparison; logP: PropertyComparison; molecularWeight: PropertyComparison };
}

export interface EvaluateOptions {
  chemistry: Chemistry;
  generated: readonly string[];
  /** Canonical SMILES of the training set (for novelty), or raw SMILES to canonicalise. */
  training?: ReadonlySet<string> | readonly string[];
  /** Training molecules whose properties are compared (sampled evenly; default 1,000). */
  trainingPropertySample?: number;
  /** Valid molecules used for IntDiv and properties (sampled evenly; default 2,000: IntDiv is quadratic). */
  sampleLimit?: number;
}

/** Scores generated SMILES the way MOSES does, with RDKit as the reference for validity. */
export function evaluateGenerated(options: EvaluateOptions): GenerationMetrics {
  const { chemistry, generated } = options;
  if (!Array.isArray(generated) || generated.length === 0) throw badInput('generated', 'must hold at least one SMILES');
  const valid: string[] = [];
  for (const smiles of generated) {
    const canonical = chemistry.canonical(smiles);
    if (canonical !== null) valid.push(canonical);
  }
  const uniqueAt = (k: number): number => {
    const head = valid.slice(0, k);
    return head.length ? new Set(head).size / head.length : 0;
  };
  // Occurrences among the first 10,000 valid molecules: unique@10k and the repeats both come from them.
  const head10k = valid.slice(0, 10_000);
  const counts = new Map<string, number>();
  for (const smiles of head10k) counts.set(smiles, (counts.get(smiles) ?? 0) + 1);
  const repeated = [...counts]
    .filter(([, count]) => count > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([smiles, count]) => ({ smiles, count }));
  const unique = [...new Set(valid)];
  let training: ReadonlySet<string> | null = null;
  if (options.training) {
    training = options.training instanceof Set ? options.training : new Set((options.training as readonly string[]).map((s) => chemistry.canonical(s)).filter((s): s is string => s !== null));
  }
  const novelty = training && unique.length ? unique.filter((s) => !training.has(s)).length / unique.length : null;
  const limit = options.sampleLimit ?? 2000;
  const sample = evenSample(valid, limit);
  const generatedProps = sample.map((s) => chemistry.properties(s)).filter((p): p is MolecularProperties => p !== null);
  const trainingProps = training ? evenSample([...training], options.trainingPropertySample ?? 1000).map((s) => chemistry.properties(s)).filter((p): p is MolecularProperties => p !== null) : null;
  const compare = (pick: (p: MolecularProperties) => number): PropertyComparison => {
    const g = generatedProps.map(pick);
    const t = trainingProps?.map(pick) ?? null;
    return { generated: summarize(g), training: t ? summarize(t) : null, wasserstein: t && g.length ? wasserstein1d(g, t) : null };
  };
  const fingerprints = sample.map((s) => chemistry.fingerprint(s)).filter((f): f is Uint8Array => f !== null);
  return {
    generated: generated.length,
    valid: valid.length,
    validity: valid.length / generated.length,
    unique1k: uniqueAt(1000),
    unique10k: head10k.length ? counts.size / head10k.length : 0,
    repeated,
    novelty,
    intDiv: internalDiversity(fingerprints),
    properties: { qed: compare((p) => p.qed), logP: compare((p) => p.logP), molecularWeight: compare((p) => p.molecularWeight) },
  };
}

function evenSample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

const POPCOUNT16 = Uint8Array.from({ length: 65536 }, (_, i) => {
  let n = 0;
  for (let v = i; v; v >>= 1) n += v & 1;
  return n;
});

/** 1 - mean Tanimoto similarity over all ordered pairs, self-pairs included (MOSES IntDiv1); 0 for no molecules. */
export function internalDiversity(fingerprints: readonly Uint8Array[]): number {
  const n = fingerprints.length;
  if (n === 0) return 0;
  const words = fingerprints.map((f) => new Uint16Array(f.buffer.slice(f.byteOffset, f.byteOffset + (f.byteLength & ~1))));
  const counts = words.map((w) => w.reduce((s, v) => s + POPCOUNT16[v], 0));
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1; // a molecule is identical to itself
    const a = words[i];
    for (let j = i + 1; j < n; j++) {
      const b = words[j];
      let both = 0;
      for (let k = 0; k < a.length; k++) both += POPCOUNT16[a[k] & b[k]];
      const either = counts[i] + counts[j] - both;
      total += 2 * (either === 0 ? 1 : both / either);
    }
  }
  return 1 - total / (n * n);
}
