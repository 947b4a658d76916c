import type { JobContext } from './registry';

/** A JobContext for running a handler directly in a test, recording what the handler reported. */
export interface TestJobContext<P, C> extends JobContext<P, C> {
  /** Checkpoints saved, in order. */
  readonly saved: C[];
  /** Training-curve points reported through `metrics`, in order. */
  readonly curve: { epoch: number; values: Record<string, number> }[];
  /** Progress fractions reported, in order. */
  readonly progressed: number[];
}

/**
 * A context with no queue behind it: `job` defaults to attempt 1 of 1 of kind `test`, the signal is
 * never aborted unless `controller` is given, and progress, metrics and checkpoints are recorded.
 */
export function testJobContext<P, C = unknown>(options: {
  params: P;
  job?: Partial<JobContext['job']>;
  checkpoint?: C;
  controller?: AbortController;
}): TestJobContext<P, C> {
  const signal = (options.controller ?? new AbortController()).signal;
  const saved: C[] = [];
  const curve: { epoch: number; values: Record<string, number> }[] = [];
  const progressed: number[] = [];
  return {
    job: { id: 'test-job', kind: 'test', attempt: 1, maxAttempts: 1, ...options.job },
    params: options.params,
    signal,
    checkpoint: options.checkpoint,
    saved,
    curve,
    progressed,
    progress: async (fraction) => void progressed.push(fraction),
    metrics: async (epoch, values) => void curve.push({ epoch, values }),
    log: async () => undefined,
    saveCheckpoint: async (data) => void saved.push(data),
    throwIfAborted: () => signal.throwIfAborted(),
  };
}
