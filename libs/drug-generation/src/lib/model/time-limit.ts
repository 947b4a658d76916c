import { ErrorCode, isPmedError } from '@pmed/core';
import type { EpochRecord, TrainingResult } from '@pmed/tensor';

/**
 * Runs a training loop that stops cleanly when `timeLimitMs` passes (at the next batch boundary),
 * keeping the weights reached so far; cancellation through the caller's own signal still throws.
 */
export async function withTimeLimit(
  options: { timeLimitMs?: number; signal?: AbortSignal },
  train: (signal: AbortSignal | undefined) => Promise<TrainingResult>,
): Promise<TrainingResult & { timeLimitReached: boolean }> {
  if (options.timeLimitMs === undefined) return { ...(await train(options.signal)), timeLimitReached: false };
  const controller = new AbortController();
  const started = Date.now();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, Math.max(0, options.timeLimitMs));
  const forward = () => controller.abort();
  options.signal?.addEventListener('abort', forward);
  try {
    return { ...(await train(controller.signal)), timeLimitReached: false };
  } catch (error) {
    if (!expired || options.signal?.aborted || !isPmedError(error) || error.code !== ErrorCode.JOB_CANCELLED) throw error;
    const history = (error.details['history'] as EpochRecord[] | undefined) ?? [];
    return { history, epochsRun: history.length, stopReason: 'completed', monitor: null, bestEpoch: null, bestValue: null, restoredBestWeights: false, elapsedMs: Date.now() - started, timeLimitReached: true };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}
