import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Logger, type INestApplication, type LogLevel, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { PMED_VERSION, type PmedConfig } from '@pmed/core';
import { openDatabase, type Database } from '@pmed/data';
import type { JobQueue } from '@pmed/jobs';
import { selectBackend } from '@pmed/tensor';
import { AppModule } from './app.module';
import { enqueueDemoModels, prepareDemo } from './runtime/demo';
import { bodyErrorHandler } from './http/body-errors';
import { createRateLimiter } from './http/rate-limit';
import { startJobQueue } from './runtime/job-queue';
import { portalBuilt, portalStatic } from './portal/portal-static';
import type { GatewayRuntime } from './runtime/runtime.tokens';

export interface CreateGatewayOptions {
  config: PmedConfig;
  /** Nest's logger; false silences it (tests). Default: Nest's console logger at config.logLevel. */
  logger?: LoggerService | false;
  /** Where start-up messages go (the banner, the demo key). Default: Nest's logger. */
  log?: (line: string) => void;
  /** The built clinician portal (dist/apps/portal), served under `/`; not served when absent. */
  portalDir?: string;
}

export interface Gateway {
  app: INestApplication;
  /** Base URL the gateway listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  runtime: GatewayRuntime;
  /** The admin key created for a first demo start; null on every later start. */
  demoApiKey: string | null;
  /** Graceful stop: running requests finish, the job queue and the database close. */
  close(): Promise<void>;
}

const LOG_LEVELS: Record<PmedConfig['logLevel'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/** The SQLite file's folder is created on first start, so `npm start` works on a fresh clone. */
function ensureSqliteFolder(url: string): void {
  const path = url.slice('file:'.length).split('?')[0];
  if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
}

/**
 * Starts the gateway: TensorFlow.js backend, database (migrated), demo data on a first start, job
 * queue, then the Nest application listening on config.host:config.port (port 0 picks a free one).
 * Whatever was opened is closed again if a later step fails.
 */
export async function createGateway(options: CreateGatewayOptions): Promise<Gateway> {
  const { config } = options;
  const nestLogger = new Logger('Gateway');
  const log = options.log ?? ((line: string) => nestLogger.log(line));
  const backend = await selectBackend({ forced: config.tfBackend, logger: log });

  if (config.databaseKind === 'sqlite') ensureSqliteFolder(config.databaseUrl);
  const database: Database = await openDatabase({ url: config.databaseUrl, migrate: true });
  let queue: JobQueue | undefined;
  let app: NestExpressApplication | undefined;
  try {
    const demo = config.demo ? await prepareDemo(database) : { loaded: false, adminKey: null };
    const startedQueue = await startJobQueue({ config, database, log });
    queue = startedQueue;
    if (demo.loaded && config.demoModels) await enqueueDemoModels({ queue: startedQueue, dataDir: config.dataDir, log });
    const runtime: GatewayRuntime = { config, backend, database, queue: startedQueue };
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRuntime(runtime), new ExpressAdapter(), {
      bodyParser: false,
      logger: options.logger === undefined ? LOG_LEVELS[config.logLevel] : options.logger,
      abortOnError: false,
    });
    // Before the body parser: a limited caller's body is never read.
    app.use('/graphql', createRateLimiter({ perMinute: config.rateLimitPerMinute }));
    app.useBodyParser('json', { limit: config.bodyLimitBytes });
    app.use(bodyErrorHandler(config.bodyLimitBytes));
    if (options.portalDir) {
      if (portalBuilt(options.portalDir)) app.use(portalStatic({ root: options.portalDir }));
      else log(`portal not built (no ${options.portalDir}/index.html): run \`node apps/portal/build-portal.mjs\`; the API is unaffected`);
    }
    await app.listen(config.port, config.host);

    const address = app.getHttpServer().address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    log(`pmed ${PMED_VERSION} listening on ${url}/graphql (backend ${backend.name}, database ${config.databaseKind}, queue ${startedQueue.kind}${demo.loaded ? ', demo data loaded' : ''})`);
    if (demo.adminKey) printDemoKey(log, url, demo.adminKey);
    const started = app;
    return { app: started, url, runtime, demoApiKey: demo.adminKey, close: () => started.close() };
  } catch (error) {
    if (app) await app.close().catch(() => undefined);
    else {
      await queue?.close({ graceMs: 0 }).catch(() => undefined);
      await database.close().catch(() => undefined);
    }
    throw error;
  }
}

function printDemoKey(log: (line: string) => void, url: string, key: string): void {
  const query = JSON.stringify({ query: '{ system { version backend database queue } }' });
  log('--------------------------------------------------------------------------');
  log('Demo admin API key (shown once, store it now; synthetic demo data only):');
  log(`  PMED_DEMO_API_KEY=${key}`);
  log('Try it:');
  log(`  curl -s ${url}/graphql -H 'Content-Type: application/json' -H 'Authorization: Bearer ${key}' -d '${query}'`);
  log('--------------------------------------------------------------------------');
}
