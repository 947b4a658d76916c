import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ErrorCode, PmedError } from '@pmed/core';
import { openDatabase, type Database, type DatabaseKind } from './database';

// Helpers for integration tests in any project: a migrated, empty database of either kind that
// disappears afterwards. PostgreSQL tests get a schema of their own in the shared `test` database.

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** Closes the client and deletes the database file or schema. */
  drop(): Promise<void>;
}

/** True when PMED_SKIP_SERVICE_TESTS=1: tests that need PostgreSQL or Redis skip instead of failing. */
export function skipServiceTests(env: Record<string, string | undefined> = process.env): boolean {
  return env['PMED_SKIP_SERVICE_TESTS'] === '1';
}

/** The server PostgreSQL tests use: PMED_TEST_POSTGRES_URL, else the local `test` database. */
export function testPostgresUrl(env: Record<string, string | undefined> = process.env): string {
  return env['PMED_TEST_POSTGRES_URL'] || DEFAULT_TEST_POSTGRES_URL;
}

export interface OpenTestDatabaseOptions {
  migrate?: boolean;
  migrationsDir?: string;
}

export async function openTestDatabase(kind: DatabaseKind, options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pmed-test-'));
    const db = await openDatabase({ url: `file:${join(dir, 'test.db')}`, migrate: options.migrate, migrationsDir: options.migrationsDir });
    return {
      ...db,
      async drop() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = testPostgresUrl();
  const schema = `pmed_test_${randomBytes(6).toString('hex')}`;
  const url = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
  let db: Database;
  try {
    db = await openDatabase({ url, migrate: options.migrate, migrationsDir: options.migrationsDir });
  } catch (error) {
    await dropSchema(base, schema).catch(() => undefined);
    if (error instanceof PmedError && error.code !== ErrorCode.SERVICE_UNAVAILABLE) throw error;
    throw new PmedError(
      ErrorCode.SERVICE_UNAVAILABLE,
      `PostgreSQL test database ${base} is not usable (${(error as Error).message}); start PostgreSQL or set PMED_SKIP_SERVICE_TESTS=1`,
      { cause: error },
    );
  }
  return {
    ...db,
    async drop() {
      await db.close();
      await dropSchema(base, schema);
    },
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
