import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_RUNTIME, type GatewayRuntime } from './runtime.tokens';

/**
 * Closes what start-up opened, after Nest has stopped the HTTP server and let running requests
 * finish: first the job queue (running jobs get the grace period to reach a checkpoint and stay
 * resumable), then the database they write to.
 */
@Injectable()
export class RuntimeLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private closed = false;

  constructor(@Inject(GATEWAY_RUNTIME) private readonly runtime: GatewayRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { queue, database, config } = this.runtime;
    try {
      await queue.close({ graceMs: config.shutdownGraceMs });
    } catch (error) {
      this.logger.error(`Closing the job queue failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await database.close();
  }
}
