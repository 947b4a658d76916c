import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadDemoData, openDatabase } from '@pmed/data';
import { buildProgram } from '../program';

const allCommands = (command: Command): Command[] => [command, ...command.commands.flatMap(allCommands)];

describe('pmed recommender', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-cli-rec-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir };
    const db = await openDatabase({ url: env['DATABASE_URL']!, migrate: true });
    await loadDemoData(db);
    await db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...args: string[]) {
    const lines = { out: [] as string[], err: [] as string[] };
    const { program, close } = buildProgram({ output: { out: (t) => lines.out.push(t), err: (t) => lines.err.push(t) }, env });
    program.exitOverride();
    for (const command of allCommands(program)) command.exitOverride();
    try {
      await program.parseAsync(['node', 'pmed', ...args]);
    } finally {
      await close();
    }
    return lines;
  }

  it('trains a version and evaluates with RMSE and top-N metrics', async () => {
    const trained = JSON.parse((await run('recommender', 'train', '--folds', '3')).out[0]!) as { version: number; metrics: { doctor: { rmse: number } } };
    expect(trained.version).toBe(1);
    expect(trained.metrics.doctor.rmse).toBeGreaterThan(0);
    type TopN = { k: number; users: number; ndcg: number };
    const evaluated = JSON.parse((await run('recommender', 'evaluate', '--algo', 'sgd', '--k', '3')).out[0]!) as { domain: string; rmse: number; topN: { baseline: TopN; hybrid: TopN; hybridWeight: number } | null }[];
    expect(evaluated.map((e) => e.domain)).toEqual(['doctor', 'drug']);
    for (const e of evaluated) {
      expect(e.topN!.baseline.k).toBe(3);
      expect(e.topN!.hybrid).toMatchObject({ k: 3, users: e.topN!.baseline.users });
      expect(e.topN!.hybridWeight).toBeGreaterThanOrEqual(0);
    }
    await expect(run('recommender', 'train', '--algo', 'svd')).rejects.toThrow(/algorithm/);
  });

  it('imports a ratings file, or nothing when a line is malformed', async () => {
    const file = join(dir, 'ratings.tsv');
    writeFileSync(file, 'demo-patient-01\tdemo-doctor-01\t4\t1700000000\ndemo-patient-02\tdemo-doctor-02\t9\t1700000001\n');
    await expect(run('recommender', 'import', file)).rejects.toThrow(/line 2: rating 9 is outside the scale/);
    writeFileSync(file, 'demo-patient-01\tdemo-doctor-01\t4\t1700000000\n');
    expect((await run('recommender', 'import', file, '--kind', 'doctor')).out[0]).toMatch(/imported 1 doctor rating/);
  });
});
