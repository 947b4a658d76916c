import { badInput } from '@pmed/core';
import type { JobContext } from './registry';
import type { JobHandlerRegistry } from './registry';

export const SELFTEST_KIND = 'system.selftest';

export interface SelftestParams {
  /** Steps to count (1..100000). */
  steps: number;
  /** Pause per step in milliseconds (0..60000). */
  stepMs: number;
  /** Save a checkpoint every this many steps. */
  checkpointEvery: number;
  /** Fail attempts up to this number (0 = never), to exercise retries. */
  failAttempts: number;
}

export interface SelftestResult {
  steps: number;
  /** Steps this attempt counted; fewer than `steps` when it resumed from a checkpoint. */
  stepsThisAttempt: number;
  resumedFrom: number;
  attempt: number;
}

function integerParam(raw: Record<string, unknown>, name: keyof SelftestParams, fallback: number, max: number): number {
  const value = raw[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw badInput(`params.${name}`, `must be an integer from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function validateSelftestParams(params: unknown): SelftestParams {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw badInput('params', 'must be an object');
  const raw = params as Record<string, unknown>;
  const unknownKeys = Object.keys(raw).filter((key) => !['steps', 'stepMs', 'checkpointEvery', 'failAttempts'].includes(key));
  if (unknownKeys.length) throw badInput('params', `unknown field(s): ${unknownKeys.join(', ')}`);
  const steps = integerParam(raw, 'steps', 10, 100000);
  if (steps < 1) throw badInput('params.steps', 'must be at least 1');
  return {
    steps,
    stepMs: integerParam(raw, 'stepMs', 50, 60000),
    checkpointEvery: Math.max(1, integerParam(raw, 'checkpointEvery', 1, 100000)),
    failAttempts: integerParam(raw, 'failAttempts', 0, 20),
  };
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * A diagnostic job: counts to `steps`, reporting progress, a training-curve point per step (`remaining`,
 * the share of steps still to count) and saving a checkpoint as it goes, so an operator (or a test)
 * can see the queue, workers, events, live curves, cancellation and resumption work.
 */
export async function selftestHandler(ctx: JobContext<SelftestParams, { done: number }>): Promise<SelftestResult> {
  const { steps, stepMs, checkpointEvery, failAttempts } = ctx.params;
  const resumedFrom = ctx.checkpoint?.done ?? 0;
  if (resumedFrom > 0) await ctx.log('info', `resuming at step ${resumedFrom} of ${steps}`);
  for (let done = resumedFrom; done < steps; ) {
    ctx.throwIfAborted();
    await sleep(stepMs, ctx.signal);
    done += 1;
    if (ctx.job.attempt <= failAttempts && done === Math.ceil(steps / 2)) {
      throw new Error(`selftest failure requested for attempt ${ctx.job.attempt}`);
    }
    if (done % checkpointEvery === 0 || done === steps) await ctx.saveCheckpoint({ done });
    await ctx.metrics?.(done, { remaining: (steps - done) / steps });
    await ctx.progress(done / steps, `step ${done} of ${steps}`);
  }
  return { steps, stepsThisAttempt: steps - resumedFrom, resumedFrom, attempt: ctx.job.attempt };
}

export function registerSelftest(registry: JobHandlerRegistry): JobHandlerRegistry {
  return registry.register(SELFTEST_KIND, selftestHandler, {
    validate: validateSelftestParams,
    description: 'Counts to N with progress, a curve point per step and checkpoints; checks the job system end to end.',
  });
}
