import type { Database } from '@pmed/data';
import { JobHandlerRegistry, registerSelftest } from '@pmed/jobs';
import { registerCaseJobs } from './case-prediction/index';
import { registerDrugGenerationJobs } from './drug-generation/index';
import { registerImagingJobs } from './imaging/index';
import { registerNlpJobs } from './nlp/index';
import { registerRecommenderJobs } from './recommender/index';

/** What job handlers may use: the platform's database (model libs get their data through it). */
export interface JobHandlerDeps {
  db: Database;
}

/** Adds one module's job kinds to a registry. */
export type JobHandlerRegistrar = (registry: JobHandlerRegistry, deps: JobHandlerDeps) => void;

/**
 * Every job kind the platform runs. The gateway (which validates, and with the in-process queue also
 * runs, jobs) and apps/worker (which runs BullMQ jobs) both build their registry from this one list,
 * so they always accept the same kinds. Each model module adds its registrar here.
 */
export const PLATFORM_JOB_REGISTRARS: readonly JobHandlerRegistrar[] = [
  (registry) => registerSelftest(registry),
  registerRecommenderJobs,
  registerImagingJobs,
  registerNlpJobs,
  registerCaseJobs,
  registerDrugGenerationJobs,
];

export function platformJobRegistry(deps: JobHandlerDeps): JobHandlerRegistry {
  const registry = new JobHandlerRegistry();
  for (const register of PLATFORM_JOB_REGISTRARS) register(registry, deps);
  return registry;
}

// Each module's database bindings, used by the gateway and the CLI as well as by its jobs.
export * from './recommender/index';
export * from './imaging/index';
export * from './nlp/index';
export * from './drug-generation/index';
export * from './case-prediction/index';
export * from './demo/demo-models';
export * from './model-registry/index';
