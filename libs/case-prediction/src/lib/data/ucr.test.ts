import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUcr, ucrClassMap } from './ucr';

describe('parseUcr', () => {
  it('reads labels and values, cutting trailing NaN padding', () => {
    const ds = parseUcr('1\t0.5\t0.25\t1\n-1\t2\t3\tNaN\n', { file: 'x.tsv' });
    expect(ds.rawLabels).toEqual([1, -1]);
    expect(Array.from(ds.series[0])).toEqual([0.5, 0.25, 1]);
    expect(Array.from(ds.series[1])).toEqual([2, 3]);
    expect(ds.length).toBe(3);
    expect(ucrClassMap(ds.rawLabels)).toEqual([-1, 1]);
  });

  it('names the file, line and column of a bad value', () => {
    expect(() => parseUcr('1\t0.5\n1\t0.5\tabc\n', { file: 'x.tsv' })).toThrow('x.tsv:2: value 2 "abc" is not a number');
    expect(() => parseUcr('one\t0.5\n', { file: 'x.tsv' })).toThrow('x.tsv:1: label "one" is not a number');
    expect(() => parseUcr('1\t0.5\tNaN\t2\n', { file: 'x.tsv' })).toThrow(/missing values inside the series/);
    expect(() => parseUcr('\n\n', { file: 'x.tsv' })).toThrow(/holds no rows/);
  });

  const file = join(__dirname, '../../../../../../shared/data/ucr/ECG200/ECG200_TRAIN.tsv');
  (existsSync(file) ? it : it.skip)('reads ECG200', () => {
    const ds = parseUcr(readFileSync(file, 'utf8'), { file: 'ECG200_TRAIN.tsv' });
    expect(ds.series).toHaveLength(100);
    expect(ds.length).toBe(96);
    expect(ucrClassMap(ds.rawLabels)).toEqual([-1, 1]);
  });
});
