import { openTestDatabase, type TestDatabase } from '@pmed/data';
import { mineNotes, validateMineNotesParams } from './mine-notes';
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
