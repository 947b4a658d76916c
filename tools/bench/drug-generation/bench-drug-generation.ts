// `npm run bench:drug-generation -- --train FILE [--model vae|gan] [--samples 10000] [--minutes N]`:
// the SELFIES round trip on the first molecules of FILE (or --selfies N of them), then trains the
// VAE (and for --model gan a LatentGAN on its latent space) within the time budget on a SMILES file
// (CSV with a SMILES/smiles column, plain or gzip), samples, and scores the samples as MOSES does.
// Last line: one JSON object. Published MOSES figures (trained on MOSES train) are printed beside.
import { badInput, isPmedError } from '@pmed/core';
import {
  encodeSelfies, KL_OBJECTIVES, evaluateGenerated, latentDiagnostics, latentPosteriors, MoleculeSampler, openChemistry, readSmilesFile, selfiesToCanonicalSmiles, trainLatentGan, trainVae,
} from '@pmed/drug-generation';
import { selectBackend, tf } from '@pmed/tensor';

interface Args {
  train: string;
  model: 'vae' | 'gan';
  samples: number;
  minutes: number;
  limit: number;
  selfies: number;
  hidden: number;
  latent: number;
  batch: number;
  temperature: number;
  seed: number;
  klWeight: number;
  klAnnealEpochs: number;
  freeBits: number;
  heldOut: number;
  ganCodes: 'means' | 'posterior';
  ganGenerator: 'mlp' | 'residual';
  vaeShare: number;
}

const USAGE = 'usage: bench-drug-generation --train FILE [--model vae|gan] [--samples 10000] [--minutes 10] [--limit 30000] [--selfies 20000] [--hidden 256] [--latent 64] [--batch 128] [--temperature 1] [--seed 1] [--kl-weight W] [--free-bits NATS] [--kl-anneal-epochs 3] [--held-out 1000] [--gan-codes means|posterior] [--gan-generator mlp|residual] [--vae-share 0.9]';

// Polykovskiy et al., "Molecular Sets (MOSES)", Frontiers in Pharmacology 2020, Table 2 (MOSES train).
const MOSES_PUBLISHED = {
  VAE: { validity: 0.977, unique_10k: 0.998, novelty: 0.695, intdiv: 0.856 },
  CharRNN: { validity: 0.975, unique_10k: 0.999, novelty: 0.842 },
  'JT-VAE': { validity: 1.0, novelty: 0.914 },
};

function parseArgs(argv: string[]): Args {
  const args: Partial<Args> = { model: 'vae', samples: 10_000, minutes: 10, limit: 30_000, selfies: 20_000, hidden: 256, latent: 64, batch: 128, temperature: 1, seed: 1, klAnnealEpochs: 3, heldOut: 1000, ganCodes: 'posterior', ganGenerator: 'residual', vaeShare: 0.9 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw badInput(flag, 'needs a value');
      return v;
    };
    const num = (min: number, max: number, integer = true): number => {
      const v = value();
      const n = Number(v);
      if ((integer && !Number.isInteger(n)) || !(n >= min && n <= max)) throw badInput(flag, `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${v}`);
      return n;
    };
    if (flag === '--train') args.train = value();
    else if (flag === '--model') {
      const m = value();
      if (m !== 'vae' && m !== 'gan') throw badInput('--model', 'must be vae or gan');
      args.model = m;
    } else if (flag === '--samples') args.samples = num(10, 100_000);
    else if (flag === '--minutes') args.minutes = num(0.1, 600, false);
    else if (flag === '--limit') args.limit = num(2, 1_000_000);
    else if (flag === '--selfies') args.selfies = num(0, 1_000_000);
    else if (flag === '--hidden') args.hidden = num(8, 1024);
    else if (flag === '--latent') args.latent = num(2, 512);
    else if (flag === '--batch') args.batch = num(1, 4096);
    else if (flag === '--temperature') args.temperature = num(0, 2, false);
    else if (flag === '--seed') args.seed = num(0, 2 ** 31 - 1);
    else if (flag === '--kl-weight') args.klWeight = num(0, 10, false);
    else if (flag === '--kl-anneal-epochs') args.klAnnealEpochs = num(1, 1000);
    else if (flag === '--free-bits') args.freeBits = num(0, 10, false);
    else if (flag === '--held-out') args.heldOut = num(0, 100_000);
    else if (flag === '--vae-share') args.vaeShare = num(0.05, 1, false);
    else if (flag === '--gan-codes') {
      const c = value();
      if (c !== 'means' && c !== 'posterior') throw badInput('--gan-codes', 'must be means or posterior');
      args.ganCodes = c;
    } else if (flag === '--gan-generator') {
      const g = value();
      if (g !== 'mlp' && g !== 'residual') throw badInput('--gan-generator', 'must be mlp or residual');
      args.ganGenerator = g;
    }
    else throw badInput('arguments', `unknown flag ${flag}\n${USAGE}`);
  }
  if (!args.train) throw badInput('arguments', `--train is required\n${USAGE}`);
  // The KL objective measured for the model's way of sampling (KL_OBJECTIVES), unless given.
  const objective = KL_OBJECTIVES[args.model === 'gan' ? 'latent-gan' : 'vae'];
  args.klWeight ??= objective.klWeight;
  args.freeBits ??= objective.freeBits;
  return args as Args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const backend = await selectBackend({ forced: process.env['PMED_TF_BACKEND'] || 'wasm' });
  const chemistry = await openChemistry();
  const all = await readSmilesFile(args.train);
  console.log(`backend ${backend.name}; ${all.length} molecules in ${args.train}`);

  const selfiesStart = Date.now();
  const roundTrip = all.slice(0, args.selfies);
  let same = 0;
  for (const smiles of roundTrip) {
    try {
      if (selfiesToCanonicalSmiles(chemistry.rdkit, encodeSelfies(chemistry.rdkit, smiles)) === chemistry.canonical(smiles)) same++;
    } catch {
      // counted as a failed round trip
    }
  }
  const selfiesSeconds = (Date.now() - selfiesStart) / 1000;
  console.log(`SELFIES round trip: ${same}/${roundTrip.length} in ${selfiesSeconds.toFixed(1)} s`);

  const budgetMs = args.minutes * 60_000;
  // For --model gan: the VAE's share of the budget; the LatentGAN trains in the rest (at least 10 s).
  const vaeShare = args.model === 'gan' ? args.vaeShare : 1;
  const trainStart = Date.now();
  let lastLine = 0;
  const trained = await trainVae({
    rdkit: chemistry.rdkit,
    smiles: all.slice(0, args.limit),
    epochs: 1000,
    klWeight: args.klWeight,
    klAnnealEpochs: args.klAnnealEpochs,
    freeBits: args.freeBits,
    batchSize: args.batch,
    hiddenSize: args.hidden,
    latentSize: args.latent,
    embeddingSize: 32,
    learningRate: 1e-3,
    seed: args.seed,
    timeLimitMs: budgetMs * vaeShare,
    onProgress: (p) => {
      if (p.phase === 'epoch' || Date.now() - lastLine > 30_000) {
        lastLine = Date.now();
        console.log(`vae epoch ${p.epoch + 1} batch ${p.batch}/${p.totalBatches} loss ${p.metrics['loss']?.toFixed(3)} kl ${p.metrics['kl']?.toFixed(3)}`);
      }
    },
  });
  let gan = null;
  let ganEpochs: number | null = null;
  if (args.model === 'gan') {
    // The GAN learns either the posterior means or codes drawn from the posteriors (the aggregate posterior).
    const { mean, logVariance } = latentPosteriors(trained.vae, trained.ids);
    const remaining = Math.max(10_000, budgetMs - (Date.now() - trainStart));
    const ganTrained = await trainLatentGan({ latents: mean, latentLogVariances: args.ganCodes === 'posterior' ? logVariance : undefined, residual: args.ganGenerator === 'residual', epochs: 100_000, batchSize: args.batch, seed: args.seed, timeLimitMs: remaining, onProgress: (p) => p.phase === 'epoch' && console.log(`gan epoch ${p.epoch + 1} critic ${p.metrics['critic_loss']?.toFixed(3)}`) });
    gan = ganTrained.gan;
    ganEpochs = ganTrained.training.epochsRun;
    tf.dispose([mean, logVariance]);
  }
  const trainSeconds = (Date.now() - trainStart) / 1000;

  // How much the latent carries, on molecules of the file after the training slice (never trained on).
  const heldOut = all.slice(args.limit, args.limit + args.heldOut);
  const latent = heldOut.length ? latentDiagnostics(trained.vae, chemistry, heldOut) : null;
  if (latent) {
    console.log(
      `latent: ${latent.activeUnits}/${latent.latentSize} active units, KL ${latent.klPerMolecule.toFixed(1)} nats, reconstruction ${latent.reconstruction.toFixed(3)}, ` +
        `Tanimoto to own decoding ${latent.similarity.toFixed(3)} (to another's ${latent.similarityToOthers.toFixed(3)}) on ${latent.molecules} held-out molecules`,
    );
  }

  const sampler = new MoleculeSampler(trained.vae, gan);
  const sampleStart = Date.now();
  const generated: string[] = [];
  for (let done = 0; done < args.samples; done += 500) {
    generated.push(...sampler.sample({ count: Math.min(500, args.samples - done), temperature: args.temperature, seed: args.seed + done }).map((m) => m.smiles));
  }
  const sampleSeconds = (Date.now() - sampleStart) / 1000;
  // Novelty against every molecule of the file (as written there, which for MOSES is RDKit canonical) and the canonical training set.
  const training = new Set([...all, ...trained.trainingSet]);
  const metrics = evaluateGenerated({ chemistry, generated, training, trainingPropertySample: 2000, sampleLimit: 3000 });
  const result = {
    model: args.model,
    backend: backend.name,
    validity: metrics.validity,
    unique_1k: metrics.unique1k,
    unique_10k: metrics.unique10k,
    repeated: metrics.repeated,
    novelty: metrics.novelty,
    intdiv: metrics.intDiv,
    qed_mean: metrics.properties.qed.generated.mean,
    qed_train_mean: metrics.properties.qed.training?.mean ?? null,
    logp_wasserstein: metrics.properties.logP.wasserstein,
    weight_wasserstein: metrics.properties.molecularWeight.wasserstein,
    train_seconds: trainSeconds,
    kl_weight: args.klWeight,
    free_bits: args.freeBits,
    gan_codes: args.model === 'gan' ? args.ganCodes : null,
    gan_generator: args.model === 'gan' ? args.ganGenerator : null,
    vae_share: vaeShare,
    gan_epochs: ganEpochs,
    held_out_reconstruction: latent?.reconstruction ?? null,
    held_out_similarity: latent?.similarity ?? null,
    held_out_similarity_to_others: latent?.similarityToOthers ?? null,
    held_out_kl: latent?.klPerMolecule ?? null,
    active_units: latent?.activeUnits ?? null,
    vae_epochs: trained.training.epochsRun,
    training_molecules: trained.trainingSet.size,
    molecules_per_second: args.samples / sampleSeconds,
    selfies_round_trip: roundTrip.length ? same / roundTrip.length : null,
    selfies_molecules: roundTrip.length,
    moses_published: MOSES_PUBLISHED,
  };
  chemistry.dispose();
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(isPmedError(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
});
