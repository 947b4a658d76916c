import { createRng } from './rng';

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    for (const x of sa) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('draws roughly uniform integers and standard normals', () => {
    const rng = createRng(7);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 50000; i++) counts[rng.int(5)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400);
    let sum = 0;
    let sumSq = 0;
    const n = 50000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.03);
  });

  it('shuffles in place and gives permutations holding every index once', () => {
    const rng = createRng(1);
    const p = rng.permutation(100);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const arr = ['a', 'b', 'c', 'd', 'e', 'f'];
    const same = createRng(5).shuffle(arr.slice());
    expect(createRng(5).shuffle(arr.slice())).toEqual(same);
    expect(same.slice().sort()).toEqual(arr);
  });

  it('forks reproducibly, and a fork does not repeat its parent', () => {
    const a = createRng(9);
    const b = createRng(9);
    const fa = a.fork();
    const fb = b.fork();
    const seqA = [fa.next(), fa.next(), fa.next()];
    expect([fb.next(), fb.next(), fb.next()]).toEqual(seqA);
    expect([a.next(), a.next(), a.next()]).not.toEqual(seqA);
  });

  it('refuses bad arguments with BAD_USER_INPUT', () => {
    expect(() => createRng(Number.NaN)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => createRng(1).int(0)).toThrow(/n: must be an integer/);
    expect(() => createRng(1).permutation(-1)).toThrow(/non-negative/);
  });
});
