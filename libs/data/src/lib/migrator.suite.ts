/* eslint-disable @typescript-eslint/no-non-null-assertion -- shared by the .test.ts files, where the rule is off */
// Migration tests, run on SQLite (migrator.test.ts) and PostgreSQL (migrator.int.test.ts).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, PmedError } from '@pmed/core';
import { openTestDatabase, type TestDatabase } from './testing';
import { parseDatabaseUrl, type DatabaseKind } from './database';
import { applyMigrations, findMigrationsDir, readMigrations } from './migrator';

export function migratorSuite(kind: DatabaseKind): void {
  let dir: string;
  let db: TestDatabase;
  const committed = readMigrations(findMigrationsDir(kind));
  const apply = () => applyMigrations({ target: parseDatabaseUrl(db.url), migrationsDir: dir });
  const appliedNames = async () =>
    ((await db.client.$queryRawUnsafe('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name')) as { migration_name: string }[]).map(
      (row) => row.migration_name,
    );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-migrations-'));
    cpSync(findMigrationsDir(kind), dir, { recursive: true });
    db = await openTestDatabase(kind, { migrationsDir: dir });
  });
  afterEach(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the committed migrations once and records them like Prisma', async () => {
    expect(committed.length).toBeGreaterThan(0);
    expect(await appliedNames()).toEqual(committed.map((m) => m.name));
    expect(await db.client.patient.count()).toBe(0);
    expect(await apply()).toEqual({ applied: [], alreadyApplied: committed.length });
  });

  it('applies each new migration exactly once under concurrent starts', async () => {
    mkdirSync(join(dir, '99990101000000_extra'));
    writeFileSync(join(dir, '99990101000000_extra', 'migration.sql'), 'CREATE TABLE "Extra" ("id" INTEGER NOT NULL PRIMARY KEY);\nCREATE INDEX "Extra_id_idx" ON "Extra"("id");\n');
    const reports = await Promise.all([apply(), apply(), apply()]);
    expect(reports.flatMap((r) => r.applied)).toEqual(['99990101000000_extra']);
    expect(await appliedNames()).toEqual([...committed.map((m) => m.name), '99990101000000_extra']);
  });

  it('refuses a migration changed after it was applied, naming it', async () => {
    const first = committed[0]!.name;
    appendFileSync(join(dir, first, 'migration.sql'), '\n-- edited\n');
    const error = await apply().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PmedError);
    expect((error as PmedError).code).toBe(ErrorCode.CONFIG_INVALID);
    expect((error as PmedError).message).toContain(first);
    expect((error as PmedError).details['migration']).toBe(first);
  });

  it('refuses a database migrated by a newer release', async () => {
    rmSync(join(dir, committed[committed.length - 1]!.name), { recursive: true });
    await expect(apply()).rejects.toThrow(/does not know/);
  });

  it('rolls a failing migration back completely and names it', async () => {
    mkdirSync(join(dir, '99990101000000_broken'));
    writeFileSync(join(dir, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE "Half" ("id" INTEGER);\nCREATE TABLE "Patient" ("id" INTEGER);\n');
    await expect(apply()).rejects.toMatchObject({ code: ErrorCode.CONFIG_INVALID, details: { migration: '99990101000000_broken' } });
    expect(await appliedNames()).toEqual(committed.map((m) => m.name));
    // The first statement of the failed migration did not survive.
    await expect(db.client.$queryRawUnsafe('SELECT COUNT(*) FROM "Half"')).rejects.toThrow();
  });
}
