// Entry point of `npm start`: the GraphQL gateway with the embedded defaults unless the
// environment says otherwise (see README: DATABASE_URL, REDIS_URL, PMED_*).
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { isPmedError, loadConfig } from '@pmed/core';
import { createGateway, type Gateway } from './app/create-gateway';

const logger = new Logger('Gateway');

function describe(error: unknown): string {
  if (isPmedError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Filled once start-up finishes; the signal handlers below are installed before that.
  const running: { gateway?: Gateway } = {};
  let stopping = false;
  let pending: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    // A signal during start-up is acted on as soon as the gateway is up, never lost.
    const { gateway } = running;
    if (!gateway) {
      pending = signal;
      return;
    }
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: no new requests; waiting up to ${config.shutdownGraceMs} ms for running requests and jobs`);
    // A last resort if something hangs past the grace period (queue close, database).
    setTimeout(() => {
      logger.error('Shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownGraceMs * 2 + 10_000).unref();
    gateway.close().then(
      () => {
        logger.log('Stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${describe(error)}`);
        process.exit(1);
      },
    );
  };
  // Handled here rather than by enableShutdownHooks(), which re-raises the signal after closing
  // and so ends the process with a non-zero status even after a clean stop.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The portal is built beside the gateway: dist/apps/portal next to dist/apps/gateway.
  running.gateway = await createGateway({ config, portalDir: resolve(__dirname, '../../portal') });
  if (pending) stop(pending);
}

main().catch((error: unknown) => {
  logger.error(`Start-up failed: ${describe(error)}`);
  process.exit(1);
});
