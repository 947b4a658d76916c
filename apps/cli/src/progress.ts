import { SingleBar, Presets } from 'cli-progress';

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

export function createProgressReporter(options: { title: string; stream?: NodeJS.WriteStream; interactive?: boolean }): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const interactive = options.interactive ?? Boolean(stream.isTTY);
  if (interactive) {
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
  let lastDecile = -1;
  return {
    update: ({ fraction, message }) => {
      const decile = Math.floor(clamp(fraction) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      stream.write(`${options.title}: ${decile * 10}%${message ? ` ${message}` : ''}\n`);
    },
    stop: (finalMessage) => {
      if (finalMessage) stream.write(`${finalMessage}\n`);
    },
  };
}

function clamp(fraction: number): number {
  return Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
}
