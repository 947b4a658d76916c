import { isPmedError } from '@pmed/core';
import { buildProgram } from './program';

async function main(): Promise<void> {
  const { program, close } = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (isPmedError(error)) {
      process.stderr.write(`pmed: error ${error.code}: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`pmed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  } finally {
    await close();
  }
}

void main();
