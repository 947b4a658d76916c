import { badInput } from '@pmed/core';
import { createRng, tf } from '@pmed/tensor';
import type { Chemistry, MolecularProperties } from '../chemistry/chemistry';
import type { MoleculeSampler } from './generator';

export interface PropertyRange {
  min?: number;
  max?: number;
}

/** Wanted ranges; a molecule meets them when every given property lies inside its range. */
export interface PropertyTargets {
  qed?: PropertyRange;
  logP?: PropertyRange;
  molecularWeight?: PropertyRange;
}

// Distances outside a range are measured in these units, so one unit of QED (0.1) weighs as much as
// one of logP (1) or 50 g/mol of weight.
const SCALE: Record<keyof PropertyTargets, number> = { qed: 0.1, logP: 1, molecularWeight: 50 };

export function checkTargets(targets: PropertyTargets): PropertyTargets {
  for (const [name, range] of Object.entries(targets ?? {}) as [string, PropertyRange | undefined][]) {
    if (!(name in SCALE)) throw badInput(`targetProperties.${name}`, 'is not a property; use qed, logP or molecularWeight');
    if (!range) continue;
    for (const bound of ['min', 'max'] as const) {
      const v = range[bound];
      if (v !== undefined && v !== null && !Number.isFinite(v)) throw badInput(`targetProperties.${name}.${bound}`, 'must be a finite number');
    }
    if (range.min != null && range.max != null && range.min > range.max) throw badInput(`targetProperties.${name}`, 'min is above max');
  }
  return targets;
}

/** 0 inside every range, else the summed scaled distance to the ranges. */
export function targetDistance(properties: MolecularProperties, targets: PropertyTargets): number {
  let total = 0;
  for (const name of Object.keys(SCALE) as (keyof PropertyTargets)[]) {
    const range = targets[name];
    if (!range) continue;
    const value = properties[name];
    if (range.min != null && value < range.min) total += (range.min - value) / SCALE[name];
    if (range.max != null && value > range.max) total += (value - range.max) / SCALE[name];
  }
  return total;
}

export interface SearchResult {
  smiles: string;
  properties: MolecularProperties;
  distance: number;
  latent: number[];
}

export interface SearchOptions {
  sampler: MoleculeSampler;
  chemistry: Chemistry;
  targets: PropertyTargets;
  /** Molecules wanted inside the targets. */
  count: number;
  /** Starting centre (a seed molecule's latent mean); the prior's centre when absent. */
  start?: number[];
  temperature?: number;
  rounds?: number;
  populationSize?: number;
  seed?: number;
}

/**
 * Cross-entropy search in latent space: each round decodes a Gaussian population, scores the valid
 * molecules by their distance to the target ranges, and refits the Gaussian to the best fifth.
 * Returns unique molecules, those inside the targets first, nearest first.
 */
export function searchLatentSpace(options: SearchOptions): { molecules: SearchResult[]; evaluated: number; rounds: number } {
  const targets = checkTargets(options.targets);
  const { sampler, chemistry } = options;
  const size = sampler.vae.config.latentSize;
  const rng = createRng(options.seed ?? 1);
  let mean = options.start ? [...options.start] : new Array<number>(size).fill(0);
  let std = new Array<number>(size).fill(options.start ? 0.5 : 1);
  const population = options.populationSize ?? Math.max(32, options.count * 2);
  const found = new Map<string, SearchResult>();
  let evaluated = 0;
  let round = 0;
  for (; round < (options.rounds ?? 6); round++) {
    const points = Array.from({ length: population }, () => mean.map((m, k) => m + std[k] * rng.normal()));
    const z = tf.tensor2d(points);
    const decoded = (() => {
      try {
        return sampler.decode(z, options.temperature ?? 0, rng.seed());
      } finally {
        z.dispose();
      }
    })();
    const scored: SearchResult[] = [];
    for (const molecule of decoded) {
      evaluated++;
      const canonical = molecule.smiles ? chemistry.canonical(molecule.smiles) : null;
      if (!canonical) continue;
      const properties = chemistry.properties(canonical) as MolecularProperties;
      const result = { smiles: canonical, properties, distance: targetDistance(properties, targets), latent: molecule.latent };
      scored.push(result);
      const known = found.get(canonical);
      if (!known || known.distance > result.distance) found.set(canonical, result);
    }
    if ([...found.values()].filter((m) => m.distance === 0).length >= options.count || scored.length === 0) break;
    scored.sort((a, b) => a.distance - b.distance);
    const elite = scored.slice(0, Math.max(2, Math.ceil(scored.length / 5)));
    mean = mean.map((_, k) => elite.reduce((s, e) => s + e.latent[k], 0) / elite.length);
    std = std.map((_, k) => Math.max(0.05, Math.sqrt(elite.reduce((s, e) => s + (e.latent[k] - mean[k]) ** 2, 0) / elite.length)));
  }
  const molecules = [...found.values()].sort((a, b) => a.distance - b.distance).slice(0, options.count);
  return { molecules, evaluated, rounds: Math.min(round + 1, options.rounds ?? 6) };
}
