import { DemoRandom } from './demo-random';
import { demoDataSuite } from './demo-data.suite';
import { loadDemoData } from './load-demo-data';

describe('demo data on SQLite', () => demoDataSuite('sqlite'));

describe('demo data input checks', () => {
  it('refuses bad options before touching the database', async () => {
    const client = {} as never;
    await expect(loadDemoData(client, { seed: -1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'seed' } });
    await expect(loadDemoData(client, { patients: 0 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'patients' } });
  });

  it('draws the same numbers for the same seed and different ones for another', () => {
    const a = new DemoRandom(1);
    const b = new DemoRandom(1);
    const c = new DemoRandom(2);
    const draws = (r: DemoRandom) => Array.from({ length: 5 }, () => r.next());
    const first = draws(a);
    expect(first).toEqual(draws(b));
    expect(first).not.toEqual(draws(c));
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
