import { ErrorCode, PmedError } from '@pmed/core';
import { BACKEND_CHOICES, currentBackend, selectBackend, tf } from './index';

describe('selectBackend', () => {
  afterAll(async () => {
    await selectBackend({ forced: 'cpu' });
  });

  it('forces cpu', async () => {
    const info = await selectBackend({ forced: 'cpu' });
    expect(info).toMatchObject({ name: 'cpu', tfBackend: 'cpu', forced: true, tried: [] });
    expect(info.version).toBe(tf.version.tfjs);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('forces wasm and registers the training kernels', async () => {
    const logs: string[] = [];
    const info = await selectBackend({ forced: ' WASM ', logger: (m) => logs.push(m) });
    expect(info).toMatchObject({ name: 'wasm', tfBackend: 'wasm', forced: true });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(logs.join('\n')).toMatch(/backend: wasm .*forced/);
    expect(currentBackend()?.name).toBe('wasm');
  });

  it('rejects an unknown name with the list of choices', async () => {
    const error = await selectBackend({ forced: 'gpu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PmedError);
    expect((error as PmedError).code).toBe(ErrorCode.CONFIG_INVALID);
    for (const choice of BACKEND_CHOICES) expect((error as PmedError).message).toContain(choice);
    expect(currentBackend()?.name).toBe('wasm');
  });

  it('does not fall back when a forced backend cannot load', async () => {
    const error = await selectBackend({ forced: 'node' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PmedError);
    expect((error as PmedError).code).toBe(ErrorCode.CONFIG_INVALID);
    expect((error as PmedError).message).toMatch(/'node' was forced but could not be loaded: node: not installed .*@tensorflow\/tfjs-node/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('chooses wasm automatically when tfjs-node is absent, saying why the others were skipped', async () => {
    const logs: string[] = [];
    const [first, second] = await Promise.all([selectBackend({ logger: (m) => logs.push(m) }), selectBackend()]);
    expect(first.name).toBe('wasm');
    expect(first.forced).toBe(false);
    expect(first.tried.map((t) => t.name)).toEqual(['node-gpu', 'node']);
    expect(first.tried[0].error).toMatch(/not installed/);
    expect(second).toEqual(first);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/backend: wasm .*skipped node-gpu: not installed/);
  });

  it('returns copies, so callers cannot change the recorded choice', async () => {
    const info = await selectBackend();
    info.tried.length = 0;
    expect(currentBackend()?.tried).toHaveLength(2);
  });
});
