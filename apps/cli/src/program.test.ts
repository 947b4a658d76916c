import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ApiKeyRepository, openDatabase } from '@pmed/data';
import { buildProgram } from './program';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, output: { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t) } };
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

describe('pmed command line', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-cli-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]) {
    const { lines, output } = capture();
    const { program, close } = buildProgram({ output, env });
    program.exitOverride();
    for (const command of allCommands(program)) command.exitOverride();
    try {
      await program.parseAsync(['node', 'pmed', ...args]);
    } finally {
      await close();
    }
    return lines;
  }

  it('has a description and --help on every command and subcommand', () => {
    const { program } = buildProgram({ output: capture().output, env });
    const commands = allCommands(program);
    expect(commands.length).toBeGreaterThan(8);
    for (const command of commands) {
      expect(command.description()).not.toBe('');
      const help = command.helpInformation();
      expect(help).toContain('Usage:');
      expect(help).toContain('-h, --help');
    }
  });

  it('creates an API key that verifies, lists it without the secret, and revokes it', async () => {
    const created = await run('apikey', 'create', '--role', 'researcher', '--name', 'batch jobs', '--json');
    const { key, prefix } = JSON.parse(created.out[0]) as { key: string; prefix: string };
    expect(key.length).toBeGreaterThan(30);

    const listed = await run('apikey', 'list');
    expect(listed.out.join('\n')).toContain(prefix);
    expect(listed.out.join('\n')).not.toContain(key);

    const db = await openDatabase({ url: env.DATABASE_URL });
    try {
      const record = await new ApiKeyRepository(db).verify(key);
      expect(record?.role).toBe('researcher');
      await run('apikey', 'revoke', prefix);
      expect(await new ApiKeyRepository(db).verify(key)).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('refuses an unknown role and names the allowed ones', async () => {
    await expect(run('apikey', 'create', '--role', 'nurse')).rejects.toThrow(/clinician, researcher, admin/);
  });

  it('lists jobs as JSON and reports a missing job as NOT_FOUND', async () => {
    const listed = await run('jobs', 'list', '--json');
    expect(JSON.parse(listed.out[0])).toEqual([]);
    await expect(run('jobs', 'show', 'no-such-job')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run('jobs', 'cancel', 'no-such-job')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cancels a queued job and shows it', async () => {
    const db = await openDatabase({ url: env.DATABASE_URL });
    try {
      const job = await db.client.job.create({ data: { kind: 'system.selftest', parameters: { steps: 3 } } });
      await run('jobs', 'cancel', job.id);
      const shown = await run('jobs', 'show', job.id);
      expect(JSON.parse(shown.out.join('\n'))).toMatchObject({ id: job.id, status: 'cancelled' });
      const watched = await run('jobs', 'watch', job.id, '--interval', '50');
      expect(watched.err.join('\n')).toContain('cancelled');
    } finally {
      await db.close();
    }
  });
});
