import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { ErrorCode, PmedError, badInput } from '@pmed/core';
import { PrismaClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresPrismaClient } from '../generated/postgres/client';
import { applyMigrations, type MigrationReport } from './migrator';

/**
 * The client every repository works with. The PostgreSQL client is generated from the same
 * datamodel and has the same API, so it is handed out under this one type.
 */
export type PmedPrismaClient = PrismaClient;
export type DatabaseKind = 'sqlite' | 'postgres';

export interface Database {
  client: PmedPrismaClient;
  kind: DatabaseKind;
  /** The url it was opened with, as given (log it with {@link redactUrl}). */
  url: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `file:./data/pmed.db` (SQLite) or `postgres://user@host:5432/db?schema=name` (PostgreSQL). */
  url: string;
  /** Apply committed migrations that the database lacks before returning (default true). */
  migrate?: boolean;
  log?: (message: string) => void;
  /** Where the migration folders are; found next to the repository's prisma/ folder when omitted. */
  migrationsDir?: string;
}

/** How long a SQLite connection waits for another writer (gateway and worker share the file). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const kinds = new WeakMap<object, DatabaseKind>();

/** The kind of database a client talks to; clients not made by {@link openDatabase} count as SQLite. */
export function databaseKindOfClient(client: PmedPrismaClient): DatabaseKind {
  return kinds.get(client) ?? 'sqlite';
}

/** The url without its password, for logs and the `system` query. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

export interface SqliteTarget {
  kind: 'sqlite';
  /** Absolute path of the database file. */
  file: string;
}
export interface PostgresTarget {
  kind: 'postgres';
  /** Connection string without the `schema` parameter. */
  connectionString: string;
  /** The schema tables live in (`?schema=`), `public` when not given. */
  schema: string;
}

/** Reads a database url; a bad one is a BAD_USER_INPUT error naming `url`. */
export function parseDatabaseUrl(url: string): SqliteTarget | PostgresTarget {
  if (typeof url !== 'string' || url.trim() === '') throw badInput('url', 'a database url is required');
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/\?.*$/, '');
    if (path === '' || path === ':memory:') {
      throw badInput('url', 'SQLite needs a file path (file:./data/pmed.db); an in-memory database cannot be migrated and shared');
    }
    return { kind: 'sqlite', file: resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badInput('url', 'not a valid PostgreSQL url', { url: redactUrl(url) });
    }
    const schema = parsed.searchParams.get('schema') ?? 'public';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw badInput('url', `schema must be a plain identifier (letters, digits, _), got '${schema}'`);
    }
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), schema };
  }
  throw badInput('url', `must start with file: (SQLite) or postgres:// (PostgreSQL), got '${url.split(':')[0]}:...'`);
}

function sqliteAdapter(file: string): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  // better-sqlite3 leaves foreign keys off, which would silently skip the schema's cascades; the
  // setting is per connection, so it is applied to every connection the client opens.
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript(`PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS};`);
    return adapter;
  };
  return factory;
}

/**
 * Opens the database named by `url`, applies committed migrations it lacks (unless `migrate` is
 * false) and returns a connected client. Safe to call from several processes at once.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const target = parseDatabaseUrl(options.url);
  const log = options.log ?? (() => undefined);
  if (target.kind === 'sqlite') mkdirSync(dirname(target.file), { recursive: true });

  if (options.migrate ?? true) {
    const report: MigrationReport = await applyMigrations({ target, migrationsDir: options.migrationsDir, log });
    log(
      report.applied.length > 0
        ? `database: applied ${report.applied.length} migration(s): ${report.applied.join(', ')}`
        : `database: schema up to date (${report.alreadyApplied} migration(s))`,
    );
  }

  let client: PmedPrismaClient;
  if (target.kind === 'sqlite') {
    client = new PrismaClient({ adapter: sqliteAdapter(target.file) });
  } else {
    const adapter = new PrismaPg(
      { connectionString: target.connectionString, options: `-c search_path="${target.schema}"` },
      { schema: target.schema },
    );
    client = new PostgresPrismaClient({ adapter }) as unknown as PmedPrismaClient;
  }
  kinds.set(client, target.kind);
  try {
    await client.$connect();
    // A first query proves the server and credentials now rather than on the first request.
    await client.$queryRawUnsafe('SELECT 1');
  } catch (error) {
    await client.$disconnect().catch(() => undefined);
    throw new PmedError(ErrorCode.SERVICE_UNAVAILABLE, `database ${redactUrl(options.url)} is unreachable: ${(error as Error).message}`, {
      cause: error,
      details: { url: redactUrl(options.url) },
    });
  }
  log(`database: connected to ${target.kind} ${redactUrl(options.url)}`);

  let closed = false;
  return {
    client,
    kind: target.kind,
    url: options.url,
    async close() {
      if (closed) return;
      closed = true;
      await client.$disconnect();
    },
  };
}
