import { Command } from 'commander';
import { badInput } from '@pmed/core';
import { readSmilesFile } from '@pmed/drug-generation';
import { MoleculeService, trainMoleculeModel, validateTrainMoleculeModelParams } from '@pmed/job-handlers';
import { selectBackend } from '@pmed/tensor';
import type { CliContext, CliOutput } from '../context';
import { commandProgress } from '../progress';

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw badInput(name, `must be an integer, got '${value}'`);
  return n;
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw badInput(name, `must be a number, got '${value}'`);
  return n;
}

/** `min:max`, `min:` or `:max`. */
function range(name: string, value: string | undefined): { min?: number; max?: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(-?[\d.]+)?\s*:\s*(-?[\d.]+)?\s*$/.exec(value);
  if (!m || (m[1] === undefined && m[2] === undefined)) throw badInput(name, `must be MIN:MAX, MIN: or :MAX, got '${value}'`);
  return { min: number(name, m[1]), max: number(name, m[2]) };
}

interface TrainOptions {
  name: string;
  model: string;
  representation: string;
  limit?: string;
  epochs?: string;
  ganEpochs?: string;
  hidden?: string;
  latent?: string;
  batch?: string;
  klWeight?: string;
  freeBits?: string;
  seed?: string;
}

export function moleculesCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('molecules').description('drug generation: train molecule VAE/LatentGAN models, generate and evaluate molecules');
  const backend = () => selectBackend({ forced: context().config.tfBackend });

  command
    .command('train')
    .description('train a model on a SMILES file (CSV with a SMILES/smiles column, plain or gzip) or, without a file, on the built-in demo set')
    .argument('[file]', 'training molecules')
    .option('--name <name>', 'model name in the database', 'demo')
    .option('--model <kind>', 'vae or latent-gan', 'vae')
    .option('--representation <r>', 'selfies or smiles', 'selfies')
    .option('--limit <n>', 'use the first n molecules of the file')
    .option('--epochs <n>', 'VAE epochs')
    .option('--gan-epochs <n>', 'GAN epochs')
    .option('--hidden <n>', 'GRU units')
    .option('--latent <n>', 'latent dimensions')
    .option('--batch <n>', 'batch size')
    .option('--kl-weight <w>', 'final weight of the KL term (default 1)')
    .option('--free-bits <nats>', 'nats per latent dimension the KL term leaves free (default 0.05)')
    .option('--seed <n>', 'random seed')
    .action(async (file: string | undefined, options: TrainOptions) => {
      const smiles = file ? await readSmilesFile(file, { limit: integer('--limit', options.limit) }) : undefined;
      const params = validateTrainMoleculeModelParams({
        name: options.name,
        model: options.model,
        representation: options.representation,
        smiles,
        epochs: integer('--epochs', options.epochs),
        ganEpochs: integer('--gan-epochs', options.ganEpochs),
        hiddenSize: integer('--hidden', options.hidden),
        latentSize: integer('--latent', options.latent),
        batchSize: integer('--batch', options.batch),
        klWeight: number('--kl-weight', options.klWeight),
        freeBits: number('--free-bits', options.freeBits),
        seed: integer('--seed', options.seed),
      });
      await backend();
      const progress = commandProgress(output, 'training');
      const started = Date.now();
      const result = await trainMoleculeModel({ db: await context().db(), jobId: null, params, onProgress: (fraction, message) => progress.update({ fraction, message }) });
      progress.stop();
      output.out(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }));
    });

  command
    .command('generate')
    .description('generate molecules with a stored model; one JSON object per molecule')
    .requiredOption('--model <name>', 'model name (newest ready version) or ModelVersion id')
    .option('--count <n>', 'how many (1..500)', '10')
    .option('--temperature <t>', 'sampling temperature 0..2', '1')
    .option('--seed-smiles <smiles>', 'generate near this molecule')
    .option('--qed <range>', 'target QED range MIN:MAX')
    .option('--logp <range>', 'target logP range MIN:MAX')
    .option('--mw <range>', 'target molecular weight range MIN:MAX')
    .option('--seed <n>', 'random seed')
    .option('--no-keep', 'do not store the molecules in the database')
    .action(async (options: { model: string; count: string; temperature: string; seedSmiles?: string; qed?: string; logp?: string; mw?: string; seed?: string; keep: boolean }) => {
      const targets = { qed: range('--qed', options.qed), logP: range('--logp', options.logp), molecularWeight: range('--mw', options.mw) };
      const targetProperties = Object.values(targets).some(Boolean) ? Object.fromEntries(Object.entries(targets).filter(([, r]) => r)) : null;
      await backend();
      const service = new MoleculeService(await context().db());
      try {
        const result = await service.generate({
          model: options.model,
          count: integer('--count', options.count) as number,
          temperature: number('--temperature', options.temperature),
          seedSmiles: options.seedSmiles ?? null,
          targetProperties,
          seed: integer('--seed', options.seed),
          keep: options.keep,
        });
        for (const m of result.molecules) output.out(JSON.stringify({ smiles: m.canonicalSmiles ?? m.smiles, valid: m.valid, novel: m.novel, ...m.properties, targetDistance: m.targetDistance, id: m.id }));
        output.err(`${result.molecules.filter((m) => m.valid).length} valid of ${result.molecules.length} from ${result.modelName} v${result.modelVersion}`);
      } finally {
        service.dispose();
      }
    });

  command
    .command('interpolate')
    .description("molecules decoded from evenly spaced points between two molecules' latent means; one JSON object per point, nothing stored")
    .requiredOption('--model <name>', 'model name (newest ready version) or ModelVersion id')
    .requiredOption('--from <smiles>', 'first end point')
    .requiredOption('--to <smiles>', 'last end point')
    .option('--steps <n>', 'points, both ends included (2..100)', '8')
    .action(async (options: { model: string; from: string; to: string; steps: string }) => {
      await backend();
      const service = new MoleculeService(await context().db());
      try {
        const result = await service.interpolate({ model: options.model, from: options.from, to: options.to, steps: integer('--steps', options.steps) as number });
        result.molecules.forEach((m, step) => output.out(JSON.stringify({ step, smiles: m.canonicalSmiles ?? m.smiles, valid: m.valid, novel: m.novel, ...m.properties })));
        output.err(`${result.molecules.filter((m) => m.valid).length} valid of ${result.molecules.length} from ${result.modelName} v${result.modelVersion}`);
      } finally {
        service.dispose();
      }
    });

  command
    .command('evaluate')
    .description('MOSES metrics of a stored model: validity, uniqueness, novelty, IntDiv, property distributions')
    .requiredOption('--model <name>', 'model name or ModelVersion id')
    .option('--samples <n>', 'molecules to sample (10..20000)', '1000')
    .option('--temperature <t>', 'sampling temperature 0..2', '1')
    .option('--seed <n>', 'random seed', '1')
    .action(async (options: { model: string; samples: string; temperature: string; seed: string }) => {
      await backend();
      const service = new MoleculeService(await context().db());
      try {
        output.out(JSON.stringify(await service.evaluate({ model: options.model, samples: integer('--samples', options.samples) as number, temperature: number('--temperature', options.temperature), seed: integer('--seed', options.seed) })));
      } finally {
        service.dispose();
      }
    });
  return command;
}
