import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, PmedError } from '@pmed/core';
import { parsePhysionetOutcomes, parsePhysionetRecord, physionetTimelines, readPhysionet2012 } from './physionet2012';

const RECORD = [
  'Time,Parameter,Value',
  '00:00,RecordID,132539',
  '00:00,Age,54',
  '00:00,Gender,0',
  '00:00,Height,-1',
  '00:00,ICUType,4',
  '00:00,Weight,-1',
  '00:07,GCS,15',
  '00:07,HR,73',
  '00:37,Weight,80.5',
  '01:37,Glucose,140',
  '47:59,HR,0',
  '02:00,Mystery,3',
  '03:00,Mystery,4',
  '',
].join('\n');

const OUTCOMES = ['RecordID,SAPS-I,SOFA,Length_of_stay,Survival,In-hospital_death', '132539,6,1,5,-1,0', '132540,16,8,8,5,1', ''].join('\n');

function expectLocated(fn: () => unknown, text: RegExp, line: number): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PmedError);
    expect((error as PmedError).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((error as PmedError).message).toMatch(text);
    expect((error as PmedError).details['line']).toBe(line);
    return;
  }
  throw new Error('expected an error');
}

describe('parsePhysionetRecord', () => {
  it('reads descriptors (-1 = not measured), time series and counts unknown parameters', () => {
    const r = parsePhysionetRecord(RECORD, { file: '132539.txt' });
    expect(r.recordId).toBe('132539');
    expect(r.descriptors).toEqual({ age: 54, sex: 'female', heightCm: null, weightKg: null, icuType: 'Surgical ICU' });
    expect(r.points).toEqual([
      { hours: 7 / 60, code: 'GCS', value: 15 },
      { hours: 7 / 60, code: 'HR', value: 73 },
      { hours: 37 / 60, code: 'Weight', value: 80.5 },
      { hours: 1 + 37 / 60, code: 'Glucose', value: 140 },
      { hours: 47 + 59 / 60, code: 'HR', value: 0 },
    ]);
    expect(r.unknownParameters).toEqual({ Mystery: 2 });
  });

  it('names the file and line of a malformed line', () => {
    const bad = RECORD.replace('00:37,Weight,80.5', '00:37,Weight');
    expectLocated(() => parsePhysionetRecord(bad, { file: 'x.txt' }), /^x\.txt:10: expected 3/, 10);
    expectLocated(() => parsePhysionetRecord(RECORD.replace('01:37,Glucose', '1h37,Glucose'), { file: 'x.txt' }), /x\.txt:11: time "1h37"/, 11);
    expectLocated(() => parsePhysionetRecord(RECORD.replace('00:07,HR,73', '00:07,HR,high'), { file: 'x.txt' }), /value "high" of HR/, 9);
    expectLocated(() => parsePhysionetRecord('Time;Parameter;Value\n', { file: 'x.txt' }), /header/, 1);
    expectLocated(() => parsePhysionetRecord('Time,Parameter,Value\n00:07,HR,73\n', { file: 'x.txt' }), /no RecordID/, 2);
  });
});

describe('parsePhysionetOutcomes', () => {
  it('reads outcomes with -1 as unknown', () => {
    const o = parsePhysionetOutcomes(OUTCOMES, { file: 'Outcomes-a.txt' });
    expect(o.get('132539')).toEqual({ recordId: '132539', saps1: 6, sofa: 1, lengthOfStayDays: 5, survivalDays: null, inHospitalDeath: false });
    expect(o.get('132540')?.inHospitalDeath).toBe(true);
  });

  it('refuses duplicates and bad outcome values with the line', () => {
    expectLocated(() => parsePhysionetOutcomes(OUTCOMES + '132539,6,1,5,-1,0\n', { file: 'o.txt' }), /duplicate RecordID 132539/, 4);
    expectLocated(() => parsePhysionetOutcomes(OUTCOMES.replace('5,-1,0', '5,-1,2'), { file: 'o.txt' }), /In-hospital_death must be 0 or 1/, 2);
  });
});

describe('readPhysionet2012', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'physionet-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('joins records and outcomes into labelled timelines', async () => {
    writeFileSync(join(dir, '132539.txt'), RECORD);
    writeFileSync(join(dir, 'outcomes.txt'), OUTCOMES);
    const ds = await readPhysionet2012({ dir, outcomesFile: join(dir, 'outcomes.txt') });
    expect(ds.records).toHaveLength(1);
    expect(ds.outcomesWithoutRecord).toBe(1);
    expect(ds.unknownParameters).toEqual({ Mystery: 2 });
    expect(physionetTimelines(ds)[0]).toMatchObject({ id: '132539', label: 0 });
  });

  it('refuses a record id shared by two files and records without an outcome', async () => {
    writeFileSync(join(dir, '132539.txt'), RECORD);
    writeFileSync(join(dir, '999.txt'), RECORD);
    await expect(readPhysionet2012({ dir })).rejects.toThrow(/record 132539 appears in both 132539\.txt and 999\.txt/);
    rmSync(join(dir, '999.txt'));
    writeFileSync(join(dir, '777.txt'), RECORD.replace('RecordID,132539', 'RecordID,777'));
    writeFileSync(join(dir, 'outcomes.txt'), OUTCOMES);
    await expect(readPhysionet2012({ dir, outcomesFile: join(dir, 'outcomes.txt') })).rejects.toThrow(/no outcome for 1 of 2 records \(e\.g\. 777\)/);
  });

  it('refuses a folder without record files', async () => {
    await expect(readPhysionet2012({ dir })).rejects.toThrow(/holds no <RecordID>\.txt/);
  });

  const real = join(__dirname, '../../../../../../shared/data/physionet2012');
  (existsSync(real) ? it : it.skip)('parses real challenge records', async () => {
    const ids = ['132539', '132540', '132541', '132551', '132554'];
    for (const id of ids) writeFileSync(join(dir, `${id}.txt`), readFileSync(join(real, 'set-a', `${id}.txt`)));
    const ds = await readPhysionet2012({ dir, outcomesFile: join(real, 'Outcomes-a.txt') });
    expect(ds.records.map((r) => r.recordId)).toEqual(ids);
    expect(ds.unknownParameters).toEqual({});
    expect(ds.records[0].descriptors).toMatchObject({ age: 54, sex: 'female', heightCm: null, icuType: 'Surgical ICU' });
    expect(ds.records.every((r) => r.points.length > 20)).toBe(true);
    expect(ds.outcomesWithoutRecord).toBe(2995);
  });
});
