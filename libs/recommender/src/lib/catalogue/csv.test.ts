import { ErrorCode } from '@pmed/core';
import { parseDoctorCsv, parseDrugCsv } from './catalogue-csv';
import { parseCsv, splitList } from './csv';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted delimiters, doubled quotes, line breaks in quotes, CRLF, a BOM and blank lines', () => {
    const { records, issues } = parseCsv('\ufeffa,b,c\r\n"x, y","say ""hi""",\r\n\r\n"two\nlines",2,3\nlast,,""');
    expect(issues).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', ''] },
      { line: 4, fields: ['two\nlines', '2', '3'] },
      { line: 6, fields: ['last', '', ''] },
    ]);
  });

  it('reports each malformed record with its line and goes on', () => {
    const { records, issues } = parseCsv('h1,h2\nab"c,1\n"ok",2\n"closed"junk,3\nfine,4\n"never closed,5\nmore\n');
    expect(records.map((r) => r.line)).toEqual([1, 3, 5]);
    expect(issues).toEqual([
      { line: 2, message: expect.stringMatching(/field 1: a quote inside an unquoted field/) },
      { line: 4, message: expect.stringMatching(/field 1: unexpected text after a closing quote/) },
      { line: 6, message: expect.stringMatching(/field 1: a quoted field is never closed/) },
    ]);
  });

  it('splits list cells on ; or |, trimming and dropping repeats', () => {
    expect(splitList(' en | es;EN;; fr ')).toEqual(['en', 'es', 'fr']);
    expect(splitList('')).toEqual([]);
  });
});

describe('parseDoctorCsv / parseDrugCsv', () => {
  it('maps header spellings to fields and leaves absent columns undefined', () => {
    const { columns, rows } = parseDoctorCsv('ID,Name,Specialties,Open Slots,outcome_scores\nd1,"Lee, Ana",cardiology|electrophysiology,4,readmissionRate=0.06;mortalityRate:1e-2\n');
    expect(columns).toEqual(['id', 'name', 'specialties', 'openSlots', 'outcomes']);
    expect(rows).toEqual([{ line: 2, id: 'd1', name: 'Lee, Ana', specialties: ['cardiology', 'electrophysiology'], openSlots: 4, outcomes: { readmissionRate: 0.06, mortalityRate: 0.01 } }]);
    expect(rows[0]!.languages).toBeUndefined();
  });

  it('refuses bad headers, bad cells and repeated keys with stable codes and line numbers', () => {
    expect(() => parseDrugCsv('code,name,code\nA,b,A\n')).toThrow(/given more than once: code/);
    expect(() => parseDrugCsv('code,classes\nA,b\n')).toThrow(/missing required column\(s\): name/);
    const bad = (() => {
      try {
        parseDrugCsv('code,name,synthetic\nA,a,maybe\nB,a,true\n,c,no\n');
      } catch (error) {
        return error as { code: string; message: string; details: { lines: { line: number }[] } };
      }
      throw new Error('expected an error');
    })();
    expect(bad.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(bad.details.lines.map((l) => l.line)).toEqual([2, 3, 4]);
    expect(bad.message).toMatch(/line 2: synthetic must be true or false, got 'maybe'; line 3: name a already appears on line 2; line 4: code is empty/);
    expect(() => parseDoctorCsv('id,name,specialties,outcomes,npi\nd1,x,y,readmission=high,12\n')).toThrow(/line 2: outcomes: 'readmission=high' is not name=number.*; npi must be 10 digits/);
    expect(() => parseDoctorCsv('id,name,specialties\n')).toThrow(/no doctor rows after the header/);
  });
});
