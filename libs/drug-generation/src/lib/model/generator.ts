import { badInput } from '@pmed/core';
import { createRng, tf } from '@pmed/tensor';
import type { RdkitSession } from '../chemistry/rdkit';
import type { LatentGan } from './latent-gan';
import type { MoleculeVae } from './vae';
import { moleculeTokens, tokensToSmiles } from './vocabulary';

export const MAX_TEMPERATURE = 2;

/** One decoded molecule: the SMILES the model wrote and the latent point it came from. */
export interface DecodedMolecule {
  smiles: string;
  latent: number[];
}

export interface SampleOptions {
  count: number;
  /** 0 decodes greedily; up to MAX_TEMPERATURE. Default 1. */
  temperature?: number;
  seed?: number;
}

export function checkTemperature(temperature: number): number {
  if (typeof temperature !== 'number' || !(temperature >= 0 && temperature <= MAX_TEMPERATURE)) throw badInput('temperature', `must be a number from 0 to ${MAX_TEMPERATURE}, got ${temperature}`);
  return temperature;
}

/** Sampling, seeded neighbourhoods and interpolation with a trained VAE, optionally drawing latents from a LatentGAN. */
export class MoleculeSampler {
  constructor(
    readonly vae: MoleculeVae,
    readonly gan: LatentGan | null = null,
  ) {}

  /** Latent points from the prior N(0, I), or from the GAN when there is one. */
  drawLatents(count: number, seed: number): tf.Tensor2D {
    if (this.gan) return this.gan.sample(count, seed);
    return tf.randomNormal([count, this.vae.config.latentSize], 0, 1, 'float32', seed);
  }

  sample(options: SampleOptions): DecodedMolecule[] {
    const seed = options.seed ?? 1;
    const z = this.drawLatents(options.count, seed);
    try {
      return this.decode(z, options.temperature ?? 1, seed);
    } finally {
      z.dispose();
    }
  }

  /** The latent mean of a molecule (BAD_USER_INPUT with RDKit's reason if unparsable, or if the model's vocabulary cannot spell it). */
  encodeSmiles(rdkit: RdkitSession, smiles: string, field = 'seedSmiles'): number[] {
    const tokens = moleculeTokens(rdkit, smiles, this.vae.config.representation, field);
    const ids = this.vae.vocabulary.encode(tokens, this.vae.config.maxLength);
    if (!ids) {
      const unknown = tokens.filter((t) => !this.vae.vocabulary.has(t));
      throw badInput(field, unknown.length ? `uses tokens the model never saw: ${[...new Set(unknown)].slice(0, 5).join(' ')}` : `is longer than the model's ${this.vae.config.maxLength - 1} tokens`);
    }
    return tf.tidy(() => Array.from(this.vae.encode(tf.tensor2d(ids, [1, ids.length], 'int32')).mean.dataSync()));
  }

  /** Molecules decoded from points around a seed molecule's latent mean (Gaussian, `radius` standard deviation). */
  sampleNear(rdkit: RdkitSession, options: SampleOptions & { seedSmiles: string; radius?: number }): DecodedMolecule[] {
    const center = this.encodeSmiles(rdkit, options.seedSmiles);
    const seed = options.seed ?? 1;
    const z = tf.tidy(() => tf.randomNormal([options.count, center.length], 0, options.radius ?? 0.5, 'float32', seed).add(tf.tensor1d(center)) as tf.Tensor2D);
    try {
      return this.decode(z, options.temperature ?? 1, seed);
    } finally {
      z.dispose();
    }
  }

  /** `steps` molecules on the straight line between two molecules' latent means (greedy decoding). */
  interpolate(rdkit: RdkitSession, options: { from: string; to: string; steps: number }): DecodedMolecule[] {
    if (!Number.isInteger(options.steps) || options.steps < 2 || options.steps > 100) throw badInput('steps', 'must be an integer from 2 to 100');
    const a = this.encodeSmiles(rdkit, options.from, 'from');
    const b = this.encodeSmiles(rdkit, options.to, 'to');
    const points = Array.from({ length: options.steps }, (_, i) => a.map((v, k) => v + ((b[k] - v) * i) / (options.steps - 1)));
    const z = tf.tensor2d(points);
    try {
      return this.decode(z, 0, 1);
    } finally {
      z.dispose();
    }
  }

  /** Decodes latent rows to SMILES. */
  decode(z: tf.Tensor2D, temperature: number, seed: number): DecodedMolecule[] {
    checkTemperature(temperature);
    const rows = this.vae.decodeLatent(z, { temperature, rng: createRng(seed) });
    const latents = z.arraySync();
    return rows.map((ids, i) => ({ smiles: tokensToSmiles(this.vae.vocabulary.decode(ids), this.vae.config.representation), latent: latents[i] }));
  }
}
