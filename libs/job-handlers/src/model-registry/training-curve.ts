import type { JobContext } from '@pmed/jobs';
import type { TrainingProgress } from '@pmed/tensor';

/**
 * Wraps a trainer's progress callback (its last argument is the TrainingProgress) so that every
 * finished epoch also goes to the job's live training curve, with the epoch's training and
 * validation metrics. Epochs are numbered from 1 across everything this callback sees (the members
 * of an ensemble, one after another); a second wrapper counts from 1 again, so its run replaces the
 * curve (the final model after cross-validation). A curve point the job refuses is logged once and
 * never fails the training.
 */
export function withTrainingCurve<A extends unknown[]>(ctx: Pick<JobContext, 'metrics' | 'log'>, onProgress: (...args: [...A, TrainingProgress]) => void): (...args: [...A, TrainingProgress]) => void {
  let epochs = 0;
  let warned = false;
  const refused = (epoch: number, error: unknown): void => {
    if (!warned) void ctx.log('warn', `training curve: epoch ${epoch} not recorded: ${(error as Error).message}`).catch(() => undefined);
    warned = true;
  };
  return (...args) => {
    const progress = args[args.length - 1] as TrainingProgress;
    if (progress.phase === 'epoch') {
      const epoch = (epochs += 1);
      try {
        ctx.metrics?.(epoch, progress.metrics)?.catch((error: unknown) => refused(epoch, error));
      } catch (error) {
        refused(epoch, error);
      }
    }
    onProgress(...args);
  };
}
