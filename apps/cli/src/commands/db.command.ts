import { Command } from 'commander';
import { loadDemoData } from '@pmed/data';
import type { CliContext, CliOutput } from '../context';

export function dbCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('db').description('database migrations and demo data');

  command
    .command('migrate')
    .description('apply the committed migrations to DATABASE_URL (the gateway also does this on start)')
    .action(async () => {
      const db = await context().db();
      output.err(`${db.kind} database is up to date`);
    });

  command
    .command('demo')
    .description('load the synthetic demo data set into an empty database')
    .option('--seed <n>', 'random seed for the synthetic data', '42')
    .action(async (options: { seed: string }) => {
      const db = await context().db();
      const summary = await loadDemoData(db, { seed: Number(options.seed) });
      output.out(JSON.stringify(summary));
    });

  return command;
}
