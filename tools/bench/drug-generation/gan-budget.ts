// `npm run bench:gan-budget -- --train FILE [--vae-minutes 22.5] [--gan-minutes 1,3,7.5] [--seed 1]`:
// how the LatentGAN's share of a time budget matters. Trains one VAE (the `latent-gan` KL objective,
// the benchmark's sizes) for --vae-minutes, then, on its posterior codes, a fresh residual LatentGAN
// for each budget in --gan-minutes (same seed), and scores 10,000 samples of each, and of the VAE's
// own N(0, I) prior, as bench:drug-generation does. Also prints the code norms each sampler draws,
// beside the posterior samples the GAN learns. Last line: one JSON object with a row per sampler.
import { badInput } from '@pmed/core';
import { drawFromPosteriors, evaluateGenerated, KL_OBJECTIVES, LatentGan, latentPosteriors, MoleculeSampler, openChemistry, readSmilesFile, trainLatentGan, trainVae } from '@pmed/drug-generation';
import { selectBackend, tf } from '@pmed/tensor';

interface Args {
  train: string;
  vaeMinutes: number;
  ganMinutes: number[];
  seed: number;
  limit: number;
  samples: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { train: '', vaeMinutes: 22.5, ganMinutes: [1, 3, 7.5], seed: 1, limit: 30_000, samples: 10_000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw badInput(flag, 'needs a value');
    const num = (v: string): number => {
      const n = Number(v);
      if (!(n > 0)) throw badInput(flag, `must be a positive number, got ${v}`);
      return n;
    };
    if (flag === '--train') args.train = value;
    else if (flag === '--vae-minutes') args.vaeMinutes = num(value);
    else if (flag === '--gan-minutes') args.ganMinutes = value.split(',').map(num);
    else if (flag === '--seed') args.seed = num(value);
    else if (flag === '--limit') args.limit = num(value);
    else if (flag === '--samples') args.samples = num(value);
    else throw badInput('arguments', `unknown flag ${flag}`);
  }
  if (!args.train) throw badInput('--train', 'is required');
  return args;
}

/** Mean and 99th percentile of the L2 norms of [n, d] codes. */
function norms(z: tf.Tensor2D): { mean: number; p99: number } {
  const values = Array.from(tf.tidy(() => z.square().sum(1).sqrt()).dataSync()).sort((a, b) => a - b);
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, p99: values[Math.floor(values.length * 0.99)] };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const backend = await selectBackend({ forced: process.env['PMED_TF_BACKEND'] || 'wasm' });
  const chemistry = await openChemistry();
  const all = await readSmilesFile(args.train);
  const objective = KL_OBJECTIVES['latent-gan'];
  const trained = await trainVae({
    rdkit: chemistry.rdkit, smiles: all.slice(0, args.limit), epochs: 1000, klWeight: objective.klWeight, klAnnealEpochs: 3, freeBits: objective.freeBits,
    batchSize: 128, hiddenSize: 256, latentSize: 64, embeddingSize: 32, learningRate: 1e-3, seed: args.seed, timeLimitMs: args.vaeMinutes * 60_000,
  });
  console.log(`backend ${backend.name}; VAE ${trained.training.epochsRun.toFixed(1)} epochs in ${args.vaeMinutes} min`);
  const training = new Set([...all, ...trained.trainingSet]);
  const { mean, logVariance } = latentPosteriors(trained.vae, trained.ids);
  const posteriorDraws = drawFromPosteriors(mean, logVariance, args.seed);
  const rows: Record<string, unknown>[] = [];

  const score = (name: string, gan: LatentGan | null, extra: Record<string, unknown>): void => {
    const sampler = new MoleculeSampler(trained.vae, gan);
    const generated: string[] = [];
    for (let done = 0; done < args.samples; done += 500) {
      generated.push(...sampler.sample({ count: Math.min(500, args.samples - done), temperature: 1, seed: args.seed + done }).map((m) => m.smiles));
    }
    const codes = gan ? gan.sample(args.samples, args.seed) : tf.randomNormal([args.samples, trained.vae.config.latentSize], 0, 1, 'float32', args.seed) as tf.Tensor2D;
    const codeNorms = norms(codes);
    codes.dispose();
    const m = evaluateGenerated({ chemistry, generated, training, trainingPropertySample: 2000, sampleLimit: 3000 });
    const row = { sampler: name, ...extra, validity: m.validity, unique_10k: m.unique10k, novelty: m.novelty, intdiv: m.intDiv, norm_mean: codeNorms.mean, norm_p99: codeNorms.p99, repeated: m.repeated.slice(0, 5) };
    console.log(JSON.stringify(row));
    rows.push(row);
  };

  const postNorms = norms(posteriorDraws);
  console.log(`posterior draws: norm mean ${postNorms.mean.toFixed(2)}, p99 ${postNorms.p99.toFixed(2)}`);
  score('prior', null, {});
  for (const minutes of args.ganMinutes) {
    const { gan, training: ganTraining } = await trainLatentGan({ latents: mean, latentLogVariances: logVariance, residual: true, epochs: 100_000, batchSize: 128, seed: args.seed, timeLimitMs: minutes * 60_000 });
    score('latent-gan', gan, { gan_minutes: minutes, gan_epochs: ganTraining.epochsRun, critic_loss: ganTraining.history.at(-1)?.metrics['critic_loss'] ?? null });
    gan.dispose();
  }
  tf.dispose([mean, logVariance, posteriorDraws]);
  chemistry.dispose();
  console.log(JSON.stringify({ seed: args.seed, vae_minutes: args.vaeMinutes, vae_epochs: trained.training.epochsRun, posterior_norm_mean: postNorms.mean, posterior_norm_p99: postNorms.p99, rows }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
