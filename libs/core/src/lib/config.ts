import { PmedError, ErrorCode } from './errors';

/** Runtime configuration, read once from the environment. Every setting has an embedded default. */
export interface PmedConfig {
  /** HTTP port of the gateway. */
  port: number;
  host: string;
  /** `file:./data/pmed.db` (SQLite, default) or `postgres://...` (PostgreSQL). */
  databaseUrl: string;
  databaseKind: 'sqlite' | 'postgres';
  /** Unset: in-process job queue. Set: BullMQ on this Redis, jobs run by apps/worker. */
  redisUrl: string | undefined;
  /** Forced TensorFlow.js backend name, or undefined to pick the best that loads. */
  tfBackend: string | undefined;
  /** Load the synthetic demo data into an empty database on start. */
  demo: boolean;
  /** With the demo: train one small model per module in the background on the first start. */
  demoModels: boolean;
  dataDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  maxQueryDepth: number;
  maxQueryComplexity: number;
  /** Requests per minute per API key (or per address before authentication). */
  rateLimitPerMinute: number;
  /** Subscriptions one API key may hold open at once over WebSockets (all its sockets together). */
  subscriptionsPerKey: number;
  /** Subscriptions one WebSocket may hold open at once. */
  subscriptionsPerSocket: number;
  /** Subscribe operations per minute per API key (or per address before authentication). */
  subscribeRateLimitPerMinute: number;
  /** How often the keys of open WebSockets are checked again, in milliseconds: a revoked or expired key's sockets are closed. */
  socketKeyCheckMs: number;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** How long a graceful shutdown waits for running requests and jobs, in milliseconds. */
  shutdownGraceMs: number;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new PmedError(ErrorCode.CONFIG_INVALID, `${name} must be an integer >= ${min}, got '${raw}'`, { details: { variable: name } });
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new PmedError(ErrorCode.CONFIG_INVALID, `${name} must be 1 or 0, got '${env[name]}'`, { details: { variable: name } });
}

export function databaseKindOf(url: string): 'sqlite' | 'postgres' {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  throw new PmedError(ErrorCode.CONFIG_INVALID, `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL), got '${url.split(':')[0]}:...'`, {
    details: { variable: 'DATABASE_URL' },
  });
}

export function loadConfig(env: Env = process.env): PmedConfig {
  const dataDir = env['PMED_DATA_DIR'] || './data';
  const databaseUrl = env['DATABASE_URL'] || `file:${dataDir}/pmed.db`;
  const logLevel = (env['PMED_LOG_LEVEL'] || 'info') as PmedConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new PmedError(ErrorCode.CONFIG_INVALID, `PMED_LOG_LEVEL must be debug, info, warn or error, got '${logLevel}'`, { details: { variable: 'PMED_LOG_LEVEL' } });
  }
  return {
    port: integer(env, 'PORT', integer(env, 'PMED_PORT', 3000, 0), 0),
    host: env['PMED_HOST'] || '127.0.0.1',
    databaseUrl,
    databaseKind: databaseKindOf(databaseUrl),
    redisUrl: env['REDIS_URL'] || undefined,
    tfBackend: env['PMED_TF_BACKEND'] || undefined,
    demo: flag(env, 'PMED_DEMO', true),
    demoModels: flag(env, 'PMED_DEMO_MODELS', true),
    dataDir,
    logLevel,
    maxQueryDepth: integer(env, 'PMED_MAX_QUERY_DEPTH', 10, 1),
    maxQueryComplexity: integer(env, 'PMED_MAX_QUERY_COMPLEXITY', 1000, 1),
    rateLimitPerMinute: integer(env, 'PMED_RATE_LIMIT', 600, 1),
    subscriptionsPerKey: integer(env, 'PMED_SUBSCRIPTIONS_PER_KEY', 50, 1),
    subscriptionsPerSocket: integer(env, 'PMED_SUBSCRIPTIONS_PER_SOCKET', 20, 1),
    subscribeRateLimitPerMinute: integer(env, 'PMED_SUBSCRIBE_RATE_LIMIT', 120, 1),
    socketKeyCheckMs: integer(env, 'PMED_SOCKET_KEY_CHECK_MS', 5000, 10),
    bodyLimitBytes: integer(env, 'PMED_BODY_LIMIT', 25 * 1024 * 1024, 1024),
    shutdownGraceMs: integer(env, 'PMED_SHUTDOWN_GRACE_MS', 30000, 0),
  };
}
