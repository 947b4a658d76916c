import { resolve } from 'node:path';
import { ErrorCode, PmedError } from '@pmed/core';
import type { Database } from '@pmed/data';
import type { JobHandlerRegistry } from '@pmed/jobs';
import { platformJobRegistry, type JobHandlerRegistrar } from '@pmed/job-handlers';

export interface HandlerDeps {
  db: Database;
}

/** The platform's handlers (libs/job-handlers), then those of the module named by PMED_WORKER_HANDLERS, if any. */
export function buildRegistry(deps: HandlerDeps, handlersModule: string | undefined): JobHandlerRegistry {
  const registry = platformJobRegistry(deps);
  if (handlersModule) {
    const path = resolve(handlersModule);
    let loaded: { registerJobHandlers?: unknown };
    try {
      // The module is named at run time, so it cannot be a static import.
      loaded = require(path) as { registerJobHandlers?: unknown };
    } catch (error) {
      throw new PmedError(ErrorCode.CONFIG_INVALID, `PMED_WORKER_HANDLERS: cannot load '${path}': ${(error as Error).message}`, { details: { variable: 'PMED_WORKER_HANDLERS' } });
    }
    if (typeof loaded.registerJobHandlers !== 'function') {
      throw new PmedError(ErrorCode.CONFIG_INVALID, `PMED_WORKER_HANDLERS: '${path}' does not export a registerJobHandlers(registry, deps) function`, {
        details: { variable: 'PMED_WORKER_HANDLERS' },
      });
    }
    (loaded.registerJobHandlers as JobHandlerRegistrar)(registry, deps);
  }
  return registry;
}
