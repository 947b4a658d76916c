import { DEID_GOLD_NOTES, parseGoldNote } from './__fixtures__/deid-gold-notes';
import { deidentify } from './deidentify';
import { scoreDeidentification } from './evaluate-deid';

describe('deidentify', () => {
  const labelled = DEID_GOLD_NOTES.map(parseGoldNote);
  const scores = scoreDeidentification(labelled.map(({ text, spans }) => ({ gold: spans, predicted: deidentify(text).spans })));
  const byType = new Map(scores.map((s) => [s.type, s]));

  it('reports precision and recall per identifier type on the labelled notes', () => {
    // Printed so the figures in docs/benchmarks.md can be checked against a run.
    process.stdout.write(`${JSON.stringify(scores.map((s) => [s.type, s.gold, s.predicted, +s.precision.toFixed(3), +s.recall.toFixed(3)]))}\n`);
    expect(byType.get('ALL')!.recall).toBeGreaterThanOrEqual(0.95);
    expect(byType.get('ALL')!.precision).toBeGreaterThanOrEqual(0.9);
    for (const type of ['NAME', 'DATE', 'PHONE', 'SSN', 'MRN', 'EMAIL', 'ZIP', 'AGE']) expect(byType.get(type)!.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('leaves clinical look-alikes alone', () => {
    const text = 'BP 130/78, HR 88, metformin 1000 mg twice daily, A1c 7.4% in 2021, a 64-year-old man, Parkinson disease.';
    expect(deidentify(text).spans).toEqual([]);
  });

  it('redacts with typed spans into the original text', () => {
    const text = 'Seen by Dr. Jane Roe on 03/04/2023, MRN: 1234567, phone 555-123-4567, age 93.';
    const result = deidentify(text);
    expect(result.text).toBe('Seen by Dr. [NAME] on [DATE], MRN: [MRN], phone [PHONE], age [AGE].');
    expect(result.spans.map((s) => [text.slice(s.start, s.end), s.type])).toEqual([
      ['Jane Roe', 'NAME'],
      ['03/04/2023', 'DATE'],
      ['1234567', 'MRN'],
      ['555-123-4567', 'PHONE'],
      ['93', 'AGE'],
    ]);
  });

  it('gives consistent surrogates: one name, one date shift', () => {
    const text = 'Mr. John Carver came on 03/04/2023. Carver returned on 03/10/2023.';
    const result = deidentify(text, { strategy: 'surrogate', seed: 'patient-1', dateShiftDays: 10 });
    expect(result.text).not.toMatch(/Carver|03\/04|03\/10/);
    expect(result.text).toMatch(/on 3\/14\/2023\..* on 3\/20\/2023\./);
    const surname = /Mr\. \w+ (\w+)/.exec(result.text)![1];
    expect(result.text).toContain(`. ${surname} returned`);
    expect(deidentify(text, { strategy: 'surrogate', seed: 'patient-1', dateShiftDays: 10 }).text).toBe(result.text);
  });

  it('finds listed cities with no cue, and the ambiguous ones only after a place word', () => {
    const places = (text: string) => deidentify(text).spans.filter((s) => s.type === 'LOCATION').map((s) => text.slice(s.start, s.end));
    expect(places('Copy to her Tucson cardiologist. Works at the Spokane plant; flew home to Salt Lake City.')).toEqual(['Tucson', 'Spokane', 'Salt Lake City']);
    expect(places('Mobile phone on file. Temple tenderness. Austin Reed, MD, reviewed.')).toEqual([]);
    expect(places('Moved to Mobile last year; grew up near Austin.')).toEqual(['Mobile', 'Austin']);
    expect(places('Question from Dr. Hwang about the MRI.')).toEqual([]);
    expect(deidentify('Austin Reed, MD, reviewed.').spans.map((s) => s.type)).toEqual(['NAME']);
  });

  it('finds names with accented letters and names before an age or a role', () => {
    const names = (text: string) => deidentify(text).spans.filter((s) => s.type === 'NAME').map((s) => text.slice(s.start, s.end));
    expect(names('Kind regards, Helena Vuković, consultant psychiatrist')).toEqual(['Helena Vuković']);
    expect(names('Jaxon Reilly, 29, on buprenorphine. Reilly was seen again.')).toEqual(['Jaxon Reilly', 'Reilly']);
    expect(names('Signed P. Lindqvist, CWON')).toEqual(['P. Lindqvist']);
    const aged = 'Visit today. Mr. Ezekiel Varga, 96, comfortable.';
    expect(deidentify(aged).spans.filter((s) => s.type === 'AGE').map((s) => aged.slice(s.start, s.end))).toEqual(['96']);
  });

  it('refuses invalid input', () => {
    expect(() => deidentify('')).toThrow(/empty/);
    expect(() => deidentify('abc \uD800 def')).toThrow(/not valid/);
  });
});
