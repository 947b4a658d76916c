import type { Command } from 'commander';
import { buildProgram } from '../program';

export function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/**
 * Runs `pmed ...args` in this process against the given environment and returns what it printed.
 * Commander's process.exit calls become thrown errors, so a refused command fails the test.
 */
export async function runPmed(env: Record<string, string>, ...args: string[]): Promise<{ out: string[]; err: string[] }> {
  const lines = { out: [] as string[], err: [] as string[] };
  const { program, close } = buildProgram({ output: { out: (t) => lines.out.push(t), err: (t) => lines.err.push(t) }, env });
  for (const command of allCommands(program)) command.exitOverride();
  try {
    await program.parseAsync(['node', 'pmed', ...args]);
  } finally {
    await close();
  }
  return lines;
}
