import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@pmed/core';
import { openDatabase, redactUrl } from './database';

describe('openDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the SQLite folder, migrates, and turns on WAL and foreign keys', async () => {
    const messages: string[] = [];
    const db = await openDatabase({ url: `file:${join(dir, 'nested', 'pmed.db')}`, log: (m) => messages.push(m) });
    try {
      expect(db.kind).toBe('sqlite');
      const [mode] = (await db.client.$queryRawUnsafe('PRAGMA journal_mode')) as { journal_mode: string }[];
      expect(mode?.journal_mode).toBe('wal');
      const [fk] = (await db.client.$queryRawUnsafe('PRAGMA foreign_keys')) as { foreign_keys: bigint | number }[];
      expect(Number(fk?.foreign_keys)).toBe(1);
      expect(messages.join('\n')).toMatch(/applied \d+ migration/);
    } finally {
      await db.close();
      await db.close();
    }
    const again = await openDatabase({ url: `file:${join(dir, 'nested', 'pmed.db')}`, log: (m) => messages.push(m) });
    await again.close();
    expect(messages[messages.length - 2]).toMatch(/schema up to date/);
  });

  it('reports an unreachable PostgreSQL server as SERVICE_UNAVAILABLE without the password', async () => {
    const error = await openDatabase({ url: 'postgres://u:secret@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE });
    expect(String((error as Error).message)).not.toContain('secret');
    expect(redactUrl('postgresql://u:secret@h/db')).toBe('postgresql://u:***@h/db');
  });
});
