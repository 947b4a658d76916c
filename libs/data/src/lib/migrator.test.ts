import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openTestDatabase } from './testing';
import { migratorSuite } from './migrator.suite';
import { pendingMigrations, findMigrationsDir } from './migrator';
import { parseDatabaseUrl } from './database';

describe('migrations on SQLite', () => {
  migratorSuite('sqlite');

  it('leaves a database that `prisma migrate status` calls up to date', async () => {
    const db = await openTestDatabase('sqlite');
    try {
      const root = join(findMigrationsDir('sqlite'), '..', '..');
      const output = execFileSync(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'migrate', 'status'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: db.url, PMED_PRISMA_TARGET: 'sqlite', CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_QUERY_ENGINE_LIBRARY: process.execPath },
      });
      expect(output).toContain('Database schema is up to date');
    } finally {
      await db.drop();
    }
  });
});

describe('pendingMigrations', () => {
  const file = (name: string, checksum = 'a'.repeat(64)) => ({ name, sql: '', checksum });
  it('skips rolled-back rows and refuses unfinished ones', () => {
    const files = [file('1_a'), file('2_b')];
    expect(pendingMigrations(files, [{ migration_name: '1_a', checksum: 'a'.repeat(64), finished_at: null, rolled_back_at: new Date() }]).map((f) => f.name)).toEqual(['1_a', '2_b']);
    expect(() => pendingMigrations(files, [{ migration_name: '1_a', checksum: 'a'.repeat(64), finished_at: null, rolled_back_at: null }])).toThrow(/1_a was started but never finished/);
  });
});

describe('parseDatabaseUrl', () => {
  it('reads SQLite and PostgreSQL urls and names the field on bad ones', () => {
    expect(parseDatabaseUrl('file:./data/x.db')).toMatchObject({ kind: 'sqlite' });
    expect(parseDatabaseUrl('postgresql://u:p@h:5432/db?schema=t1&sslmode=disable')).toEqual({ kind: 'postgres', connectionString: 'postgresql://u:p@h:5432/db?sslmode=disable', schema: 't1' });
    expect(parseDatabaseUrl('postgres://h/db')).toMatchObject({ schema: 'public' });
    for (const bad of ['mysql://h/db', 'file::memory:', '', 'postgres://h/db?schema=a;drop']) {
      expect(() => parseDatabaseUrl(bad)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'url' }) }));
    }
  });
});
