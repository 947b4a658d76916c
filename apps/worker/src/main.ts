import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isPmedError, loadConfig } from '@pmed/core';
import { WorkerModule } from './worker.module';

const LEVELS = { debug: ['debug', 'log', 'warn', 'error', 'fatal'], info: ['log', 'warn', 'error', 'fatal'], warn: ['warn', 'error', 'fatal'], error: ['error', 'fatal'] } as const;

async function bootstrap(): Promise<void> {
  const level = loadConfig().logLevel;
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: [...LEVELS[level]] });
  // SIGTERM/SIGINT run the shutdown hooks: jobs stop at a safe point and stay resumable.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}

bootstrap().catch((error: unknown) => {
  const message = isPmedError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
  new Logger('Worker').error(`worker failed to start: ${message}`);
  process.exit(1);
});
