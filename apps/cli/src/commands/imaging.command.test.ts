import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodePng, syntheticSquares, writeMedMnist } from '@pmed/imaging';
import { runPmed } from '../testing/run-pmed';

jest.setTimeout(120_000);


describe('pmed imaging', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-cli-imaging-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir };
    const sets = { train: syntheticSquares({ count: 64, size: 16, square: 5, seed: 1 }), val: syntheticSquares({ count: 16, size: 16, square: 5, seed: 2 }), test: syntheticSquares({ count: 16, size: 16, square: 5, seed: 3 }) };
    writeFileSync(join(dir, 'squares.npz'), writeMedMnist(sets));
    const image = syntheticSquares({ count: 2, size: 16, square: 5, seed: 9 });
    writeFileSync(join(dir, 'square.png'), encodePng({ width: 16, height: 16, channels: 1, data: image.images.subarray(256, 512) }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runPmed(env, ...args);

  it('trains and registers a model, evaluates it with charts, and classifies a PNG', async () => {
    const trained = await run('imaging', 'train', '--data', join(dir, 'squares.npz'), '--epochs', '6', '--batch-size', '16', '--class-names', 'empty,square');
    const result = JSON.parse(trained.out[0]) as { version: number; metrics: { auc: number } };
    expect(result.version).toBe(1);
    expect(result.metrics.auc).toBeGreaterThan(0.8);
    expect(trained.err.join('\n')).toMatch(/90% epoch 6\/6[\s\S]*registered imaging model default v1/);

    const evaluated = await run('imaging', 'evaluate', '--data', join(dir, 'squares.npz'), '--out', join(dir, 'charts'));
    expect(JSON.parse(evaluated.out[0])).toMatchObject({ split: 'test', count: 16 });
    expect(readFileSync(join(dir, 'charts', 'roc.svg'), 'utf8')).toContain('<svg');

    const classified = await run('imaging', 'predict', join(dir, 'square.png'), '--overlay', join(dir, 'overlay.png'));
    expect(JSON.parse(classified.out[0])).toMatchObject({ className: 'square', gradCamLayer: 'conv3' });
    expect(existsSync(join(dir, 'overlay.png'))).toBe(true);

    // A fresh `pmed` process has chosen no backend yet: classify must choose one itself.
    const root = resolve(__dirname, '../../../..');
    execFileSync(process.execPath, ['tools/scripts/build.mjs', '--quiet'], { cwd: root });
    const fresh = execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'imaging', 'classify', join(dir, 'square.png')], {
      cwd: root,
      env: { ...process.env, ...env, PMED_TF_BACKEND: 'wasm' },
      encoding: 'utf8',
    });
    expect(JSON.parse(fresh.trim().split('\n').pop()!)).toMatchObject({ className: 'square' });
  });

  it('refuses a missing data file and an unknown model version', async () => {
    await expect(run('imaging', 'train', '--data', join(dir, 'missing.npz'))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(run('imaging', 'classify', join(dir, 'square.png'), '--model-version', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
