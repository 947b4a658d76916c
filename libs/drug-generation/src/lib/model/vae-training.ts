import { badInput } from '@pmed/core';
import { tf, trainWithSteps, type TrainingProgress, type TrainingResult } from '@pmed/tensor';
import type { RdkitSession } from '../chemistry/rdkit';
import { MoleculeVae, type VaeConfig } from './vae';
import { withTimeLimit } from './time-limit';
import { moleculeTokens, Vocabulary, type Representation } from './vocabulary';

/**
 * The KL objective for each way of sampling, as bench:drug-generation measured them (30-minute runs
 * on MOSES molecules, docs/benchmarks.md):
 * - `vae`, sampled from the N(0, I) prior: the KL term at full weight keeps the codes where the prior
 *   draws, and 0.05 free nats per latent dimension keep the decoder reading them (plain full weight
 *   collapses the latent to 0.004 nats); unique@10k 0.999;
 * - `latent-gan`: the same objective. The GAN then learns codes drawn from the posteriors with a
 *   generator that starts at the prior (the job's and the benchmark's defaults): unique@10k 0.9987 and
 *   0.9991, where the MOSES weight of 0.05 gave 0.9969-0.9981.
 */
export const KL_OBJECTIVES = {
  vae: { klWeight: 1, freeBits: 0.05 },
  'latent-gan': { klWeight: 1, freeBits: 0.05 },
} as const satisfies Record<string, { klWeight: number; freeBits: number }>;

export interface TrainVaeOptions {
  rdkit: RdkitSession;
  smiles: readonly string[];
  representation?: Representation;
  /** Longest token sequence kept (longer molecules are skipped); default 100. */
  maxTokens?: number;
  embeddingSize?: number;
  hiddenSize?: number;
  latentSize?: number;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  /** Final weight of the KL term, reached linearly over `klAnnealEpochs` (default: KL_OBJECTIVES.vae; MOSES: 0 to 0.05). */
  klWeight?: number;
  klAnnealEpochs?: number;
  /**
   * Free bits (Kingma et al. 2016), in nats per latent dimension: each dimension's batch-mean KL
   * enters the objective as max(freeBits, KL), so the optimiser gains nothing by pushing a
   * dimension's information below this floor. With a KL weight of 1 this keeps an autoregressive
   * decoder from ignoring the latent (posterior collapse) while the aggregate posterior stays close
   * to the N(0, I) prior that generation samples from. Default: KL_OBJECTIVES.vae; 0 is the plain KL.
   */
  freeBits?: number;
  seed?: number;
  onProgress?: (progress: TrainingProgress) => void;
  signal?: AbortSignal;
  /** Stop after this long (at a batch boundary), keeping the weights so far. */
  timeLimitMs?: number;
}

export interface TrainedVae {
  vae: MoleculeVae;
  training: TrainingResult & { timeLimitReached: boolean };
  /** Canonical SMILES of the molecules trained on (for novelty). */
  trainingSet: Set<string>;
  skipped: number;
  /** Token ids [n, maxLength] of the training molecules (the LatentGAN trains on their latent means). */
  ids: Int32Array;
}

/** Tokenises the molecules (skipping ones it cannot represent) and trains a VAE with KL annealing. */
export async function trainVae(options: TrainVaeOptions): Promise<TrainedVae> {
  const representation = options.representation ?? 'selfies';
  if (representation !== 'selfies' && representation !== 'smiles') throw badInput('representation', 'must be selfies or smiles');
  const maxTokens = options.maxTokens ?? 100;
  const sequences: string[][] = [];
  const trainingSet = new Set<string>();
  let skipped = 0;
  for (const smiles of options.smiles) {
    try {
      const tokens = moleculeTokens(options.rdkit, smiles, representation);
      const canonical = options.rdkit.canonical(smiles);
      if (tokens.length > maxTokens || canonical === null) {
        skipped++;
        continue;
      }
      sequences.push(tokens);
      trainingSet.add(canonical);
    } catch {
      skipped++;
    }
  }
  if (sequences.length < 2) throw badInput('smiles', `needs at least 2 usable molecules, got ${sequences.length} (${skipped} skipped)`);
  const vocabulary = Vocabulary.fromSequences(sequences);
  const maxLength = Math.max(...sequences.map((s) => s.length)) + 1;
  const ids = new Int32Array(sequences.length * maxLength);
  sequences.forEach((s, i) => ids.set(vocabulary.encode(s, maxLength) as Int32Array, i * maxLength));
  const config: VaeConfig = {
    representation,
    vocabulary: [...vocabulary.tokens],
    maxLength,
    embeddingSize: options.embeddingSize ?? 32,
    hiddenSize: options.hiddenSize ?? 128,
    latentSize: options.latentSize ?? 32,
    gateActivation: 'sigmoid',
    encoderMask: true,
  };
  const seed = options.seed ?? 1;
  const vae = new MoleculeVae(config, seed);
  const optimizer = tf.train.adam(options.learningRate ?? 3e-3);
  const variables = vae.trainableVariables();
  const klWeight = options.klWeight ?? KL_OBJECTIVES.vae.klWeight;
  const freeBits = options.freeBits ?? KL_OBJECTIVES.vae.freeBits;
  if (!Number.isFinite(klWeight) || klWeight < 0) throw badInput('klWeight', 'must be a number of at least 0');
  if (!Number.isFinite(freeBits) || freeBits < 0 || freeBits > 10) throw badInput('freeBits', 'must be a number from 0 to 10 (nats per latent dimension)');
  const annealEpochs = Math.max(1, options.klAnnealEpochs ?? Math.ceil(options.epochs / 2));
  const batchSize = options.batchSize ?? 64;
  const batches = Math.ceil(sequences.length / batchSize);
  // Tokens plus EOS: batches of similar length, each trimmed to its longest row. The masked encoder
  // and the causal decoder give the same loss as on full rows, for about 1/1.4 of the work on MOSES
  // molecules (mean 36 ids against rows of 51).
  const lengths = Int32Array.from(sequences, (s) => s.length + 1);
  try {
    const training = await withTimeLimit(options, (signal) => trainWithSteps({
      data: { x: { values: ids, shape: [sequences.length, maxLength] } },
      epochs: options.epochs,
      batchSize,
      seed,
      bucketBy: lengths,
      onProgress: options.onProgress,
      signal,
      step: (batch, ctx) => {
        const beta = klWeight * Math.min(1, (ctx.globalStep + 1) / (annealEpochs * batches));
        const noiseSeed = ctx.rng.seed();
        let longest = 1;
        for (const i of batch.indices) longest = Math.max(longest, lengths[i]);
        const rows = longest < maxLength ? batch.x.slice([0, 0], [batch.size, longest]) : batch.x;
        let reconstruction = 0;
        let kl = 0;
        const cost = optimizer.minimize(
          () => {
            const parts = vae.losses(rows, noiseSeed);
            reconstruction = parts.reconstruction.dataSync()[0];
            kl = parts.kl.dataSync()[0];
            const klTerm = freeBits > 0 ? parts.klPerDimension.maximum(freeBits).sum() : parts.kl;
            return parts.reconstruction.add(klTerm.mul(beta)) as tf.Scalar;
          },
          true,
          variables,
        ) as tf.Scalar;
        return { loss: cost.dataSync()[0], reconstruction, kl, kl_weight: beta };
      },
    }));
    return { vae, training, trainingSet, skipped, ids };
  } catch (error) {
    vae.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
}
