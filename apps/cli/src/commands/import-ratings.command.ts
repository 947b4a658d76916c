import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { badInput } from '@pmed/core';
import { importRatings } from '@pmed/job-handlers';
import type { CliContext, CliOutput } from '../context';

/**
 * `ratings FILE`: a subcommand builder, so that whichever file owns the top-level `pmed import`
 * command can add it (`pmed import ratings FILE`); `pmed recommender import FILE` uses it too.
 */
export function importRatingsSubcommand(context: () => CliContext, output: CliOutput, name = 'ratings'): Command {
  return new Command(name)
    .description('import `patient item rating [timestamp]` lines (tab, comma or space separated; MovieLens u.data layout) as Rating rows; a bad line imports nothing')
    .argument('<file>', 'ratings file')
    .option('--kind <kind>', "what the items are: 'doctor' or 'drug'", 'doctor')
    .option('--source <text>', 'stored in Rating.source', 'import')
    .action(async (file: string, options: { kind: string; source: string }) => {
      if (options.kind !== 'doctor' && options.kind !== 'drug') throw badInput('kind', `must be 'doctor' or 'drug', got '${options.kind}'`);
      const bytes = await readFile(file);
      const db = await context().db();
      const result = await importRatings(db, { text: bytes, domain: options.kind, source: options.source });
      output.out(`imported ${result.imported} ${result.domain} rating(s) from ${file}`);
    });
}
