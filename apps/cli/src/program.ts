import { Command } from 'commander';
import { PMED_VERSION } from '@pmed/core';
import { CliContext, processOutput, type CliOutput } from './context';
import { COMMANDS } from './commands/index';

export interface ProgramOptions {
  output?: CliOutput;
  env?: Record<string, string | undefined>;
}

/** The `pmed` command tree. The context (config, database) is made on first use, so `--help` needs neither. */
export function buildProgram(options: ProgramOptions = {}): { program: Command; close: () => Promise<void> } {
  const output = options.output ?? processOutput;
  let context: CliContext | undefined;
  const getContext = (): CliContext => (context ??= new CliContext(options.env));

  const program = new Command('pmed')
    .description('precision-medicine AI platform: data, models, jobs and keys from the command line')
    .version(PMED_VERSION)
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => output.out(text.trimEnd()), writeErr: (text) => output.err(text.trimEnd()) });

  for (const command of COMMANDS) {
    program.addCommand(command(getContext, output));
  }
  return { program, close: async () => context?.close() };
}
