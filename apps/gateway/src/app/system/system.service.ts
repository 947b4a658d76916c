import { Inject, Injectable } from '@nestjs/common';
import { PMED_VERSION } from '@pmed/core';
import { GATEWAY_RUNTIME, type GatewayRuntime } from '../runtime/runtime.tokens';
import type { SystemInfo } from './system.model';

@Injectable()
export class SystemService {
  constructor(@Inject(GATEWAY_RUNTIME) private readonly runtime: GatewayRuntime) {}

  info(): SystemInfo {
    const { backend, config, queue } = this.runtime;
    return {
      version: PMED_VERSION,
      backend: backend.name,
      tfBackend: backend.tfBackend,
      backendForced: backend.forced,
      tfVersion: backend.version,
      backendsTried: backend.tried.map((attempt) => ({ name: attempt.name, error: attempt.error })),
      database: config.databaseKind,
      queue: queue.kind,
      uptimeSeconds: Math.floor(process.uptime()),
      node: process.version,
    };
  }
}
