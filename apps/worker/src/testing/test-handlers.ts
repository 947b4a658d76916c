import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '@pmed/core';
import { ModelVersionRepository } from '@pmed/data';
import type { JobContext, JobHandlerRegistry } from '@pmed/jobs';
import type { HandlerDeps } from '../handlers';

/**
 * Job kinds for the worker's integration tests, loaded only through PMED_WORKER_HANDLERS. Each
 * step leaves an effect outside the database, so a test can see whether a retry repeated one.
 */
export const EFFECTS_KIND = 'test.effects';

export interface EffectsParams {
  steps: number;
  stepMs: number;
  /** Attempt 1 stops making progress after this many steps (a test kills the worker there). */
  pauseAfter: number;
  /** Directory the per-step effects are appended to, one file per job. */
  effectsDir: string;
}

function validate(params: unknown): EffectsParams {
  const p = (params ?? {}) as Partial<EffectsParams>;
  for (const key of ['steps', 'stepMs', 'pauseAfter'] as const) {
    if (!Number.isInteger(p[key]) || (p[key] as number) < 0) throw badInput(`params.${key}`, 'must be an integer >= 0');
  }
  if (typeof p.effectsDir !== 'string' || !p.effectsDir) throw badInput('params.effectsDir', 'is required');
  return p as EffectsParams;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

export function registerJobHandlers(registry: JobHandlerRegistry, deps: HandlerDeps): void {
  registry.register(
    EFFECTS_KIND,
    async (ctx: JobContext<EffectsParams, { done: number }>) => {
      const { steps, stepMs, pauseAfter, effectsDir } = ctx.params;
      for (let step = ctx.checkpoint?.done ?? 0; step < steps; step += 1) {
        await sleep(stepMs, ctx.signal);
        appendFileSync(join(effectsDir, `${ctx.job.id}.log`), `${step} ${ctx.job.attempt}\n`);
        await ctx.saveCheckpoint({ done: step + 1 });
        await ctx.progress((step + 1) / steps);
        if (ctx.job.attempt === 1 && step + 1 === pauseAfter) await sleep(600000, ctx.signal);
      }
      // The lasting effect is keyed by the job id: a retried attempt updates its own row.
      const model = await new ModelVersionRepository(deps.db).upsertForJob(ctx.job.id, { module: 'nlp', name: `effects-${ctx.job.id}`, status: 'ready' });
      return { modelVersionId: model.id, steps };
    },
    { validate },
  );
}
