import { Command } from 'commander';
import { PMED_VERSION } from '@pmed/core';
import { selectBackend } from '@pmed/tensor';
import type { CliContext, CliOutput } from '../context';

export function systemCommand(context: () => CliContext, output: CliOutput): Command {
  return new Command('system')
    .description('show the version, the TensorFlow.js backend this machine would use, the database and the queue')
    .action(async () => {
      const { config } = context();
      const backend = await selectBackend({ forced: config.tfBackend });
      output.out(
        JSON.stringify(
          {
            version: PMED_VERSION,
            backend: backend.name,
            backendsTried: backend.tried,
            database: config.databaseKind,
            queue: config.redisUrl ? 'bullmq' : 'in-process',
          },
          null,
          2,
        ),
      );
    });
}
