import { Controller, Get, Inject, Res } from '@nestjs/common';
import { PMED_VERSION } from '@pmed/core';
import type { ServerResponse } from 'node:http';
import { Public } from '../auth/roles.decorator';
import { DATABASE_PROBE, GATEWAY_RUNTIME, type DatabaseProbe, type GatewayRuntime } from '../runtime/runtime.tokens';

export interface HealthReport {
  status: 'ok' | 'error';
  version: string;
  uptimeSeconds: number;
  database: { kind: string; ok: boolean; latencyMs: number; error?: string };
  queue: string;
  backend: string;
}

const PING_TIMEOUT_MS = 5000;

/** Liveness and database check for load balancers and orchestrators; open without a key. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(GATEWAY_RUNTIME) private readonly runtime: GatewayRuntime,
    @Inject(DATABASE_PROBE) private readonly probe: DatabaseProbe,
  ) {}

  @Public()
  @Get()
  async health(@Res() res: ServerResponse): Promise<void> {
    const started = performance.now();
    let error: string | undefined;
    try {
      await withTimeout(this.probe.ping(), PING_TIMEOUT_MS);
    } catch (cause) {
      error = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    }
    const ok = error === undefined;
    const report: HealthReport = {
      status: ok ? 'ok' : 'error',
      version: PMED_VERSION,
      uptimeSeconds: Math.floor(process.uptime()),
      database: { kind: this.runtime.config.databaseKind, ok, latencyMs: Math.round((performance.now() - started) * 100) / 100, ...(ok ? {} : { error }) },
      queue: this.runtime.queue.kind,
      backend: this.runtime.backend.name,
    };
    // Written by hand so a failing check can answer 503 with the same JSON body.
    res.statusCode = ok ? 200 : 503;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(report));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
