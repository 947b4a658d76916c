import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '@pmed/data';
import { buildProgram } from '../program';

const SAMPLE = join(__dirname, '../../../../libs/fhir/src/lib/testing/small-bundle.json');

describe('pmed import fhir', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-cli-fhir-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]) {
    const lines = { out: [] as string[], err: [] as string[], exit: 0 };
    const output = { out: (t: string) => lines.out.push(t), err: (t: string) => lines.err.push(t), setExitCode: (c: number) => (lines.exit = c) };
    const { program, close } = buildProgram({ output, env });
    const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
    for (const command of all(program)) command.exitOverride();
    try {
      await program.parseAsync(['node', 'pmed', ...args]);
    } finally {
      await close();
    }
    return lines;
  }

  it('imports a bundle with a summary table, then finds nothing to change', async () => {
    const first = await run('import', 'fhir', SAMPLE);
    expect(first.exit).toBe(0);
    expect(first.out.join('\n')).toMatch(/Observation\s+1\s+0\s+0\s+0/);
    expect(first.err.join('\n')).toContain('import fhir: 100%');
    const second = await run('import', 'fhir', SAMPLE);
    expect(second.out.join('\n')).toMatch(/Patient\s+0\s+0\s+1\s+0/);
    const db = await openDatabase({ url: env['DATABASE_URL'] });
    expect(await db.client.patient.count()).toBe(1);
    await db.close();
  });

  it('reports errors with their location and exits 1', async () => {
    writeFileSync(join(dir, 'bad.ndjson'), '{"resourceType":"Patient","id":"a"}\nnot json\n');
    const result = await run('import', 'fhir', join(dir, 'bad.ndjson'));
    expect(result.exit).toBe(1);
    expect(result.err.join('\n')).toContain('error invalid-json at line 2');
  });
});
