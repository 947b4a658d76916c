import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runPmed } from '../testing/run-pmed';


describe('pmed molecules', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-molecules-cli-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir, PMED_DEMO: '0', PMED_TF_BACKEND: 'wasm' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runPmed(env, ...args);

  it('trains on a gzip CSV, generates toward a weight range, and evaluates', async () => {
    const file = join(dir, 'train.csv.gz');
    const smiles = ['CCO', 'CCN', 'CCC', 'c1ccccc1', 'CC(=O)O', 'CCOC', 'CNC', 'c1ccncc1', 'CC(C)O', 'OCCO', 'NCCN', 'CC#N'];
    writeFileSync(file, gzipSync(`id,SMILES\n${smiles.map((s, i) => `${i},${s}`).join('\n')}\n`));
    const trained = JSON.parse((await run('molecules', 'train', file, '--name', 'cli', '--epochs', '2', '--hidden', '16', '--latent', '4')).out[0]) as { version: number; molecules: number };
    expect(trained).toMatchObject({ version: 1, molecules: 12 });

    const generated = await run('molecules', 'generate', '--model', 'cli', '--count', '4', '--seed', '3');
    expect(generated.out).toHaveLength(4);
    expect(JSON.parse(generated.out[0])).toHaveProperty('valid');
    const targeted = await run('molecules', 'generate', '--model', 'cli', '--count', '2', '--mw', '30:200', '--no-keep');
    expect(targeted.out.length).toBeGreaterThan(0);

    const path = (await run('molecules', 'interpolate', '--model', 'cli', '--from', 'CCO', '--to', 'c1ccncc1', '--steps', '3')).out.map((line) => JSON.parse(line) as { step: number; valid: boolean });
    expect(path.map((p) => p.step)).toEqual([0, 1, 2]);
    await expect(run('molecules', 'interpolate', '--model', 'cli', '--from', 'CCO', '--to', 'CCN', '--steps', '200')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('steps') });

    const metrics = JSON.parse((await run('molecules', 'evaluate', '--model', 'cli', '--samples', '20')).out[0]) as { generated: number; validity: number };
    expect(metrics.generated).toBe(20);
  }, 120_000);

  it('refuses a bad range and an unknown model with clear errors', async () => {
    await expect(run('molecules', 'generate', '--model', 'cli', '--qed', 'high')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('--qed') });
    await expect(run('molecules', 'generate', '--model', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run('molecules', 'train', join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
