import { loadConfig, type PmedConfig } from '@pmed/core';
import { openDatabase, type Database } from '@pmed/data';

/** What commands share: configuration, and a database opened on first use and closed at exit. */
export class CliContext {
  readonly config: PmedConfig;
  private database: Promise<Database> | undefined;

  constructor(env: Record<string, string | undefined> = process.env) {
    this.config = loadConfig(env);
  }

  db(): Promise<Database> {
    this.database ??= openDatabase({ url: this.config.databaseUrl, migrate: true });
    return this.database;
  }

  async close(): Promise<void> {
    if (this.database) await (await this.database).close();
  }
}

/** Where commands write: injectable so tests can capture output. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** True when err goes to a terminal, where progress is drawn as a bar. */
  interactive?: boolean;
  /** The exit status to end with, for commands that finish normally but report a failure. */
  setExitCode?(code: number): void;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};
