import type { Database } from '@pmed/data';
import { JobHandlerRegistry, registerSelftest } from '@pmed/jobs';

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
export const PLATFORM_JOB_REGISTRARS: readonly JobHandlerRegistrar[] = [(registry) => registerSelftest(registry), (registry, deps) => registerRecommenderJobs(registry, deps), (registry, deps) => registerImagingJobs(registry, deps), (registry, deps) => registerNlpJobs(registry, deps), (registry, deps) => registerCaseJobs(registry, deps), (registry, deps) => registerDrugGenerationJobs(registry, deps)];

// The recommender's database bindings (used by the gateway and the CLI as well as its job).
import { registerRecommenderJobs } from './recommender/index';
export * from './recommender/index';
import { registerImagingJobs } from './imaging/index';
export * from './imaging/index';
import { registerNlpJobs } from './nlp/index';
export * from './nlp/index';
import { registerDrugGenerationJobs } from './drug-generation/index';
export * from './drug-generation/index';
import { registerCaseJobs } from './case-prediction/index';
export * from './case-prediction/index';

export function platformJobRegistry(deps: JobHandlerDeps): JobHandlerRegistry {
  const registry = new JobHandlerRegistry();
  for (const register of PLATFORM_JOB_REGISTRARS) register(registry, deps);
  return registry;
}
