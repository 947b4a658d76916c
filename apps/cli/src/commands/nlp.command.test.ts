import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@pmed/data';
import { runPmed } from '../testing/run-pmed';


describe('pmed nlp', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-nlp-cli-'));
    env = { DATABASE_URL: `file:${join(dir, 'cli.db')}`, PMED_DATA_DIR: dir, PMED_DEMO: '0' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runPmed(env, ...args);

  it('trains a model, and the exported ARPA file scores the same as the stored model', async () => {
    const train = join(dir, 'train.txt');
    writeFileSync(train, 'the patient denies chest pain\nthe patient reports chest pain\nno fever today\nthe patient denies fever\n');
    const test = join(dir, 'test.txt');
    writeFileSync(test, 'the patient denies chest pain today\nfever\n');
    const arpa = join(dir, 'model.arpa');
    const trained = JSON.parse((await run('nlp', 'train-lm', train, '--order', '3', '--name', 'cli', '--whitespace', '--arpa', arpa)).out[0]) as { ngrams: number; version: number };
    expect(trained.version).toBe(1);
    const stored = JSON.parse((await run('nlp', 'perplexity', test, '--model', 'cli', '--whitespace')).out[0]) as { perplexity: number; tokens: number };
    const fromArpa = JSON.parse((await run('nlp', 'perplexity', test, '--arpa', arpa, '--whitespace')).out[0]) as { perplexity: number };
    expect(stored.tokens).toBe(6 + 1 + 2);
    expect(fromArpa.perplexity / stored.perplexity).toBeCloseTo(1, 6);
  });

  it('imports and mines MTSamples-style notes once', async () => {
    const notes = join(dir, 'notes.jsonl');
    const rows = [
      { note_id: 1, medical_specialty: ' Cardiology', sample_name: 'A', transcription: 'CHIEF COMPLAINT:, Chest pain.,ASSESSMENT:, No fever. History of HTN.' },
      { note_id: 2, medical_specialty: ' Neurology', sample_name: 'B', transcription: 'IMPRESSION:, Possible stroke.' },
    ];
    writeFileSync(notes, rows.map((r) => JSON.stringify(r)).join('\n'));
    const first = JSON.parse((await run('nlp', 'mine', notes)).out[0]) as { imported: number; mined: number; concepts: number; specialtyKeywords: object; specialtyCollocations: object };
    expect(first).toMatchObject({ imported: 2, mined: 2 });
    expect(Object.keys(first.specialtyKeywords).sort()).toEqual(['Cardiology', 'Neurology']);
    expect(Object.keys(first.specialtyCollocations).sort()).toEqual(['Cardiology', 'Neurology']);
    expect(first.concepts).toBeGreaterThanOrEqual(4);
    const again = JSON.parse((await run('nlp', 'mine', notes)).out[0]) as { mined: number };
    expect(again.mined).toBe(0);
    const db = await openDatabase({ url: env.DATABASE_URL });
    try {
      const stored = await db.client.clinicalNote.findMany({ where: { specialty: 'Neurology' } });
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored[0].mining)).toContain('"uncertain":true');
    } finally {
      await db.close();
    }
  });

  it('de-identifies JSON Lines with spans into the original text', async () => {
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    writeFileSync(input, `${JSON.stringify({ id: 'n1', text: 'Call 555-123-4567 on 03/04/2023.' })}\n`);
    await run('nlp', 'deidentify', '--in', input, '--out', out);
    const line = JSON.parse(readFileSync(out, 'utf8').trim()) as { id: string; redacted: string; spans: { start: number; end: number; type: string }[] };
    expect(line).toEqual({
      id: 'n1',
      text: 'Call 555-123-4567 on 03/04/2023.',
      redacted: 'Call [PHONE] on [DATE].',
      spans: [
        { start: 5, end: 17, type: 'PHONE' },
        { start: 21, end: 31, type: 'DATE' },
      ],
    });
  });

  it('refuses invalid UTF-8, bad JSON lines and a bad ARPA file with stable codes', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, Buffer.from([0x61, 0xff, 0xfe, 0x62]));
    await expect(run('nlp', 'train-lm', bad)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { reason: 'TEXT_INVALID_UTF8' } });
    const jsonl = join(dir, 'bad.jsonl');
    writeFileSync(jsonl, '{"id":1,"text":"ok"}\nnot json\n');
    await expect(run('nlp', 'deidentify', '--in', jsonl, '--out', join(dir, 'x.jsonl'))).rejects.toThrow(/line 2/);
    const arpa = join(dir, 'bad.arpa');
    writeFileSync(arpa, '\\data\\\nngram 1=5\n\n\\1-grams:\n-1\t<s>\n-1\t</s>\n\n\\end\\\n');
    await expect(run('nlp', 'perplexity', bad, '--arpa', arpa)).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT', details: { reason: 'ARPA_COUNT_MISMATCH' } });
  });
});
