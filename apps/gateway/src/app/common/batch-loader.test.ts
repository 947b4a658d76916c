import { BatchLoader } from './batch-loader';

describe('BatchLoader', () => {
  it('loads the keys asked for in one tick with one call and caches them', async () => {
    const calls: string[][] = [];
    const loader = new BatchLoader<string, number[]>(async (keys) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== 'none').map((k) => [k, [k.length]]));
    }, () => []);
    const [a, b, again, none] = await Promise.all([loader.load('a'), loader.load('bb'), loader.load('a'), loader.load('none')]);
    expect(calls).toEqual([['a', 'bb', 'none']]);
    expect([a, b, again, none]).toEqual([[1], [2], [1], []]);
    await loader.load('ccc');
    expect(calls).toEqual([['a', 'bb', 'none'], ['ccc']]);
  });

  it('rejects every waiting key when the batch fails', async () => {
    const loader = new BatchLoader<string, number>(async () => {
      throw new Error('database down');
    }, () => 0);
    await expect(Promise.all([loader.load('a'), loader.load('b')])).rejects.toThrow('database down');
  });
});
