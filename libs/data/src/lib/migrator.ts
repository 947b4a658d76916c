import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { ErrorCode, PmedError } from '@pmed/core';
import type { PostgresTarget, SqliteTarget } from './database';

// Applies the committed migrations (written by `npm run prisma:migration`) without the Prisma CLI,
// recording them in Prisma's own `_prisma_migrations` table so `prisma migrate status` agrees.

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of migration.sql, the checksum Prisma records. */
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export interface ApplyMigrationsOptions {
  target: SqliteTarget | PostgresTarget;
  migrationsDir?: string;
  log?: (message: string) => void;
}

const RELATIVE_DIRS = { sqlite: 'prisma/migrations', postgres: 'prisma/postgres/migrations' } as const;

/** The committed migrations folder for a database kind, found above this file or the working directory. */
export function findMigrationsDir(kind: 'sqlite' | 'postgres'): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, RELATIVE_DIRS[kind]);
      if (existsSync(join(candidate, 'migration_lock.toml'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new PmedError(ErrorCode.CONFIG_INVALID, `cannot find ${RELATIVE_DIRS[kind]}/ above ${__dirname} or ${process.cwd()}; pass migrationsDir`, {
    details: { kind },
  });
}

export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new PmedError(ErrorCode.CONFIG_INVALID, `migrations folder ${dir} does not exist`, { details: { dir } });
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new PmedError(ErrorCode.CONFIG_INVALID, `migration ${name} has no migration.sql`, { details: { migration: name } });
      const sql = readFileSync(file, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Decides what is left to apply; a changed, failed or unknown migration in the database is an error. */
export function pendingMigrations(files: MigrationFile[], rows: AppliedRow[]): MigrationFile[] {
  const live = rows.filter((row) => row.rolled_back_at === null || row.rolled_back_at === undefined);
  const failed = live.find((row) => row.finished_at === null || row.finished_at === undefined);
  if (failed) {
    throw new PmedError(ErrorCode.CONFIG_INVALID, `migration ${failed.migration_name} was started but never finished in this database; repair it by hand, then mark it with \`prisma migrate resolve\``, {
      details: { migration: failed.migration_name },
    });
  }
  const known = new Map(files.map((file) => [file.name, file]));
  for (const row of live) {
    const file = known.get(row.migration_name);
    if (!file) {
      throw new PmedError(ErrorCode.CONFIG_INVALID, `the database has migration ${row.migration_name}, which this version does not know; it was migrated by a newer release`, {
        details: { migration: row.migration_name },
      });
    }
    if (file.checksum !== row.checksum) {
      throw new PmedError(ErrorCode.CONFIG_INVALID, `migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}... in the database, ${file.checksum.slice(0, 12)}... on disk)`, {
        details: { migration: row.migration_name, applied: row.checksum, onDisk: file.checksum },
      });
    }
  }
  const done = new Set(live.map((row) => row.migration_name));
  return files.filter((file) => !done.has(file.name));
}

export async function applyMigrations(options: ApplyMigrationsOptions): Promise<MigrationReport> {
  const files = readMigrations(options.migrationsDir ?? findMigrationsDir(options.target.kind));
  const log = options.log ?? (() => undefined);
  return options.target.kind === 'sqlite' ? applySqlite(options.target, files, log) : applyPostgres(options.target, files, log);
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
  "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

function applySqlite(target: SqliteTarget, files: MigrationFile[], log: (message: string) => void): MigrationReport {
  const db = new BetterSqlite3(target.file, { timeout: 30_000 });
  try {
    // WAL lets the gateway read while the worker writes; it is a property of the file, set once.
    db.pragma('journal_mode = WAL');
    // Prisma's table-rebuild migrations drop and recreate tables; with foreign keys on, that would
    // cascade-delete child rows. Keys are checked by foreign_key_check before each commit instead.
    db.pragma('foreign_keys = OFF');
    const applied: string[] = [];
    let alreadyApplied: number | undefined;
    for (;;) {
      // BEGIN IMMEDIATE takes the write lock, so a second process waits here and then sees our rows.
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(SQLITE_TABLE);
        const rows = db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"').all() as AppliedRow[];
        const pending = pendingMigrations(files, rows);
        alreadyApplied ??= files.length - pending.length;
        const next = pending[0];
        if (!next) {
          db.exec('COMMIT');
          break;
        }
        const started = new Date().toISOString();
        try {
          db.exec(next.sql);
        } catch (error) {
          throw migrationFailed(next.name, error);
        }
        const violations = db.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) {
          throw new PmedError(ErrorCode.CONFIG_INVALID, `migration ${next.name} leaves ${violations.length} row(s) violating foreign keys`, { details: { migration: next.name } });
        }
        db.prepare(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
        ).run(randomUUID(), next.checksum, new Date().toISOString(), next.name, started);
        db.exec('COMMIT');
        applied.push(next.name);
        log(`database: applied migration ${next.name}`);
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }
    return { applied, alreadyApplied: alreadyApplied ?? 0 };
  } finally {
    db.close();
  }
}

function migrationFailed(name: string, error: unknown): PmedError {
  return new PmedError(ErrorCode.CONFIG_INVALID, `migration ${name} failed and was rolled back: ${(error as Error).message}`, {
    cause: error,
    details: { migration: name },
  });
}

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

async function applyPostgres(target: PostgresTarget, files: MigrationFile[], log: (message: string) => void): Promise<MigrationReport> {
  const client = new Client({ connectionString: target.connectionString, options: `-c search_path="${target.schema}"` });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new PmedError(ErrorCode.SERVICE_UNAVAILABLE, `PostgreSQL is unreachable: ${(error as Error).message}`, { cause: error });
  }
  // One lock per schema: the gateway and the worker starting together apply each migration once,
  // while tests in separate schemas do not wait on each other.
  const lockKey = `pmed:migrate:${target.schema}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    await client.query(POSTGRES_TABLE);
    const rows = (await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"')).rows;
    const pending = pendingMigrations(files, rows);
    const applied: string[] = [];
    for (const next of pending) {
      await client.query('BEGIN');
      try {
        const started = new Date();
        try {
          await client.query(next.sql);
        } catch (error) {
          throw migrationFailed(next.name, error);
        }
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)',
          [randomUUID(), next.checksum, next.name, started],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      applied.push(next.name);
      log(`database: applied migration ${next.name}`);
    }
    return { applied, alreadyApplied: files.length - pending.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
