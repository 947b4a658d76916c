import { randomUUID } from 'node:crypto';
import type { JobContext } from '@pmed/jobs';
import type { CliOutput } from './context';
import { commandProgress, type ProgressReporter } from './progress';

/**
 * Runs a job handler's work in this process, as `pmed <module> train` does: a job context of its
 * own (keyed by a fresh id like a queued job, so effects stay keyed by job), progress drawn as a
 * bar, logs on stderr, and Ctrl-C turned into the job's abort signal.
 */
export async function runLocalJob<P, R>(options: {
  kind: string;
  title: string;
  params: P;
  output: CliOutput;
  run: (ctx: JobContext<P>, progress: ProgressReporter) => Promise<R>;
}): Promise<R> {
  const { output } = options;
  const progress = commandProgress(output, options.title);
  const abort = new AbortController();
  const onSigint = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  let checkpoint: unknown;
  const ctx: JobContext<P> = {
    job: { id: `cli-${randomUUID()}`, kind: options.kind, attempt: 1, maxAttempts: 1 },
    params: options.params,
    signal: abort.signal,
    progress: async (fraction, message) => progress.update({ fraction, message }),
    log: async (level, message) => output.err(`[${level}] ${message}`),
    get checkpoint() {
      return checkpoint;
    },
    saveCheckpoint: async (data) => {
      checkpoint = data;
    },
    throwIfAborted: () => abort.signal.throwIfAborted(),
  };
  try {
    return await options.run(ctx, progress);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
