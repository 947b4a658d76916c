import { SingleBar, Presets } from 'cli-progress';
import type { CliOutput } from './context';

export interface ProgressUpdate {
  /** 0..1 */
  fraction: number;
  message?: string;
}

/** Progress for long work: a bar on a terminal, one line per 10 % step when output is piped. */
export interface ProgressReporter {
  update(update: ProgressUpdate): void;
  stop(finalMessage?: string): void;
}

export interface ProgressReporterOptions {
  title: string;
  /** Draw a bar on this terminal stream; without it, progress is written as lines through `write`. */
  stream?: NodeJS.WriteStream;
  write?: (line: string) => void;
}

export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const { stream } = options;
  if (stream) {
    const bar = new SingleBar(
      { format: `${options.title} [{bar}] {percentage}% | ETA {eta_formatted} | {message}`, stream, hideCursor: true, clearOnComplete: false },
      Presets.shades_classic,
    );
    bar.start(1000, 0, { message: '' });
    return {
      update: ({ fraction, message }) => bar.update(Math.round(clamp(fraction) * 1000), { message: message ?? '' }),
      stop: (finalMessage) => {
        bar.stop();
        if (finalMessage) stream.write(`${finalMessage}\n`);
      },
    };
  }
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  let lastDecile = -1;
  return {
    update: ({ fraction, message }) => {
      if (!Number.isFinite(fraction)) return;
      const decile = Math.floor(clamp(fraction) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      write(`${options.title}: ${decile * 10}%${message ? ` ${message}` : ''}`);
    },
    stop: (finalMessage) => {
      if (finalMessage) write(finalMessage);
    },
  };
}

function clamp(fraction: number): number {
  return Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
}

/** Progress for a command: a bar when the command's error stream is a terminal, lines otherwise. */
export function commandProgress(output: CliOutput, title: string): ProgressReporter {
  return createProgressReporter({ title, stream: output.interactive ? process.stderr : undefined, write: output.err });
}
