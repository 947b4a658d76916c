import { Command } from 'commander';
import { badInput } from '@pmed/core';
import { ModelVersionRepository } from '@pmed/data';
import { evaluateRecommender, fitRecommender, RECOMMENDER_MODEL_NAME, validateTrainOptions } from '@pmed/job-handlers';
import { serializeRecommender } from '@pmed/recommender';
import type { CliContext, CliOutput } from '../context';
import { commandProgress } from '../progress';
import { importRatingsSubcommand } from './import-ratings.command';

function trainOptions(options: { algo: string; folds: string; seed: string }) {
  const folds = Number(options.folds);
  const seed = Number(options.seed);
  if (!Number.isInteger(folds)) throw badInput('folds', `must be an integer, got '${options.folds}'`);
  if (!Number.isInteger(seed)) throw badInput('seed', `must be an integer, got '${options.seed}'`);
  return validateTrainOptions({ algorithm: options.algo, folds, seed });
}

export function recommenderCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('recommender').description('train and evaluate the doctor and drug recommenders');

  command
    .command('train')
    .description('fit the doctor and drug models from the Rating rows and store them as a new ModelVersion')
    .option('--algo <name>', "baseline fit: 'als' or 'sgd'", 'als')
    .option('--folds <n>', 'cross-validation folds for the reported RMSE / MAE', '5')
    .option('--seed <n>', 'seed of the shuffles', '0')
    .action(async (options: { algo: string; folds: string; seed: string }) => {
      const params = trainOptions(options);
      const db = await context().db();
      const progress = commandProgress(output, 'recommender train');
      progress.update({ fraction: 0.1, message: 'fitting' });
      const fitted = await fitRecommender(db, params);
      progress.update({ fraction: 0.8, message: 'storing' });
      const { artifact, checksum } = serializeRecommender(fitted.models);
      const row = await new ModelVersionRepository(db).register({
        module: 'recommender',
        name: RECOMMENDER_MODEL_NAME,
        status: 'ready',
        parameters: { ...params },
        metrics: JSON.parse(JSON.stringify(fitted.metrics)) as Record<string, never>,
        artifact,
        checksum,
        trainingData: { source: 'Rating rows (pmed recommender train)' },
      });
      progress.stop(`recommender version ${row.version} stored`);
      output.out(JSON.stringify({ version: row.version, id: row.id, metrics: fitted.metrics }));
    });

  command
    .command('evaluate')
    .description('k-fold RMSE / MAE, and top-N precision, recall, NDCG and coverage on a time-ordered hold-out for the baseline and the hybrid ranking (JSON: topN.baseline, topN.hybrid, topN.hybridWeight)')
    .option('--algo <name>', "baseline fit: 'als' or 'sgd'", 'als')
    .option('--folds <n>', 'cross-validation folds', '5')
    .option('--seed <n>', 'seed of the shuffle', '0')
    .option('--k <n>', 'list length for the top-N metrics', '5')
    .action(async (options: { algo: string; folds: string; seed: string; k: string }) => {
      const k = Number(options.k);
      if (!Number.isInteger(k) || k < 1 || k > 100) throw badInput('k', `must be an integer from 1 to 100, got '${options.k}'`);
      const db = await context().db();
      const results = await evaluateRecommender(db, { ...trainOptions(options), k });
      output.out(JSON.stringify(results));
    });

  command.addCommand(importRatingsSubcommand(context, output, 'import'));
  return command;
}
