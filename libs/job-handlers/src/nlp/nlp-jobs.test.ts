import { openTestDatabase, type TestDatabase } from '@pmed/data';
import { mineNotes, specialtyTermsOf, validateMineNotesParams } from './mine-notes';
import { loadLanguageModel, trainLanguageModel, validateTrainLanguageModelParams } from './train-language-model';

const NOTES = [
  { specialty: 'cardiology', text: 'CHIEF COMPLAINT: Chest pain.\nHISTORY OF PRESENT ILLNESS: He denies shortness of breath. History of HTN.\nPLAN: Start aspirin.' },
  { specialty: 'cardiology', text: 'ASSESSMENT: Possible atrial fibrillation. No chest pain. Continue Zelmorax.' },
  { specialty: 'pulmonology', text: 'SUBJECTIVE: Cough and fever for three days.\nASSESSMENT: Pneumonia. Mother has asthma.' },
];

describe('NLP jobs', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    await db.client.drug.create({ data: { name: 'Zelmorax', code: 'C01XX99', drugClasses: [], indications: [], contraindications: [], interactsWith: [] } });
    for (const note of NOTES) await db.client.clinicalNote.create({ data: note });
  });
  afterAll(async () => db?.drop());

  it('mines notes, writes them once per job, and resumes without repeating', async () => {
    const progress: number[] = [];
    const first = await mineNotes({ db, jobId: 'job-1', params: {}, onProgress: ({ done }) => void progress.push(done) });
    expect(first).toMatchObject({ notes: 3, mined: 3, skipped: 0 });
    expect(progress[progress.length - 1]).toBe(3);
    const rows = await db.client.clinicalNote.findMany({ orderBy: { id: 'asc' } });
    expect(rows.every((row) => row.minedByJob === 'job-1' && row.minedAt)).toBe(true);
    const concepts = rows.flatMap((row) => (row.mining as { concepts: { preferred: string; negated: boolean; code: string | null }[] }).concepts);
    expect(concepts.find((c) => c.preferred === 'shortness of breath')?.negated).toBe(true);
    expect(concepts.find((c) => c.preferred === 'Zelmorax')?.code).toBe('C01XX99');
    expect(first.specialtyKeywords['cardiology'].length).toBeGreaterThan(0);

    const retry = await mineNotes({ db, jobId: 'job-1', params: { remine: true } });
    expect(retry).toMatchObject({ mined: 0, skipped: 3 });
    const other = await mineNotes({ db, jobId: 'job-2', params: {} });
    expect(other.notes).toBe(0);
  });

  it('stores collocations per note and per specialty, scored over the mined notes', async () => {
    for (const text of ['Ejection fraction reduced. Chest pain on exertion.', 'Ejection fraction 40 percent. Chest pain resolved.', 'Ejection fraction normal.']) {
      await db.client.clinicalNote.create({ data: { specialty: 'cardiology', text } });
    }
    const result = await mineNotes({ db, jobId: 'job-3', params: { specialty: 'cardiology', remine: true } });
    expect(result.notes).toBe(5);
    // "chest pain" 4 times and "ejection fraction" 3 times across the five cardiology notes.
    expect(result.specialtyCollocations['cardiology'].map((c) => [c.bigram, c.count])).toEqual([
      ['chest pain', 4],
      ['ejection fraction', 3],
    ]);
    expect(Object.keys(result.specialtyCollocations)).toEqual(['cardiology']);
    const stored = await db.client.clinicalNote.findFirst({ where: { text: { startsWith: 'Ejection fraction reduced' } } });
    const mining = stored?.mining as { collocations: { bigram: string; count: number }[] };
    // One occurrence in the note, a collocation of the notes mined with it.
    expect(mining.collocations.map((c) => [c.bigram, c.count])).toEqual([
      ['chest pain', 1],
      ['ejection fraction', 1],
    ]);
    const terms = specialtyTermsOf(result);
    expect(terms).toEqual([{ specialty: 'cardiology', keywords: result.specialtyKeywords['cardiology'], collocations: result.specialtyCollocations['cardiology'] }]);
    expect(specialtyTermsOf(result, ' CARDIOLOGY')).toHaveLength(1);
    expect(specialtyTermsOf(result, 'neurology')).toEqual([]);
    // A result stored before collocations were: keywords only.
    expect(specialtyTermsOf({ specialtyKeywords: { x: [{ term: 'a', score: 1 }] } })).toEqual([{ specialty: 'x', keywords: [{ term: 'a', score: 1 }], collocations: [] }]);
    expect(specialtyTermsOf(null)).toEqual([]);
  });

  it('trains, stores and loads a language model', async () => {
    const params = validateTrainLanguageModelParams({ name: 'notes', order: 3, holdout: 0 });
    const result = await trainLanguageModel({ db, jobId: 'train-1', params });
    expect(result).toMatchObject({ name: 'notes', version: 1 });
    const again = await trainLanguageModel({ db, jobId: 'train-1', params });
    expect(again.version).toBe(1);
    const loaded = await loadLanguageModel(db, 'notes');
    expect(loaded.model.order).toBe(3);
    expect(loaded.model.perplexity([['chest', 'pain', '.']]).perplexity).toBeGreaterThan(1);
    await expect(loadLanguageModel(db, 'missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses bad parameters', () => {
    expect(() => validateTrainLanguageModelParams({ order: 0 })).toThrow(/order/);
    expect(() => validateTrainLanguageModelParams({ nope: 1 })).toThrow(/unknown/);
    expect(() => validateMineNotesParams({ limit: -1 })).toThrow(/limit/);
    expect(() => validateMineNotesParams({ dictionary: [{ term: 'x', type: 'food' }] })).toThrow(/dictionary/);
  });
});
