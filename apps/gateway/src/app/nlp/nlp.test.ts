import { errorCode, startTestGateway, type TestGateway } from '../testing/test-gateway';

const CORPUS = ['The patient denies chest pain.', 'The patient reports chest pain on exertion.', 'The patient denies fever.', 'No chest pain today.'].join('\n\n');

describe('NLP GraphQL', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => t?.close());

  async function waitForJob(id: string): Promise<{ status: string; result: Record<string, unknown> | null }> {
    for (let i = 0; i < 200; i++) {
      const res = await t.gql('query($id: ID!) { job(id: $id) { status result } }', { variables: { id } });
      const job = res.body.data?.['job'] as { status: string; result: Record<string, unknown> | null };
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`job ${id} did not finish`);
  }

  it('trains a language model through a job, then scores and completes with it', async () => {
    const started = await t.gql('mutation($text: String!) { trainLanguageModel(input: { name: "tiny", order: 3, text: $text, holdout: 0 }) { id kind } }', {
      key: t.keys.researcher,
      variables: { text: CORPUS },
    });
    const job = started.body.data?.['trainLanguageModel'] as { id: string; kind: string };
    expect(job.kind).toBe('nlp.train-lm');
    expect((await waitForJob(job.id)).status).toBe('succeeded');

    const scored = await t.gql('{ perplexity(text: "The patient denies chest pain.", model: "tiny") { perplexity words tokens { token logProb } model } }', { key: t.keys.clinician });
    const perplexity = scored.body.data?.['perplexity'] as { perplexity: number; words: number; tokens: { token: string }[]; model: string };
    expect(perplexity.words).toBe(6);
    expect(perplexity.tokens.map((x) => x.token)).toEqual(['the', 'patient', 'denies', 'chest', 'pain', '.', '</s>']);
    expect(perplexity.perplexity).toBeGreaterThan(1);
    expect(perplexity.model).toBe('tiny v1');

    const completed = await t.gql('{ complete(prefix: "the patient", k: 2, model: "tiny") { word probability } }', { key: t.keys.clinician });
    expect((completed.body.data?.['complete'] as { word: string }[]).map((c) => c.word)).toEqual(['denies', 'reports']);
  });

  it('refuses an unknown model, empty text, and mining jobs for clinicians', async () => {
    expect(errorCode(await t.gql('{ perplexity(text: "hello", model: "nope") { perplexity } }', { key: t.keys.clinician }))).toBe('NOT_FOUND');
    const empty = await t.gql('{ mineNote(text: "  ") { concepts { text } } }', { key: t.keys.clinician });
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql('mutation { startMiningJob { id } }', { key: t.keys.clinician }))).toBe('FORBIDDEN');
  });

  it('mines a note and de-identifies text', async () => {
    const mined = await t.gql('{ mineNote(text: "ASSESSMENT: No chest pain. Possible pneumonia.") { sections { type } concepts { preferred negated uncertain code } } }', {
      key: t.keys.clinician,
    });
    const note = mined.body.data?.['mineNote'] as { sections: { type: string }[]; concepts: { preferred: string; negated: boolean; uncertain: boolean }[] };
    expect(note.sections[0].type).toBe('assessment');
    expect(note.concepts).toEqual([
      expect.objectContaining({ preferred: 'chest pain', negated: true }),
      expect.objectContaining({ preferred: 'pneumonia', uncertain: true, code: 'J18.9' }),
    ]);
    const deid = await t.gql('{ deidentify(text: "Seen by Dr. Jane Roe on 03/04/2023.") { text spans { start end type } } }', { key: t.keys.researcher });
    expect(deid.body.data?.['deidentify']).toEqual({
      text: 'Seen by Dr. [NAME] on [DATE].',
      spans: [
        { start: 12, end: 20, type: 'NAME' },
        { start: 24, end: 34, type: 'DATE' },
      ],
    });
  });

  it('starts a mining job over the demo notes', async () => {
    const started = await t.gql('mutation { startMiningJob(filter: { limit: 5 }) { id } }', { key: t.keys.researcher });
    const id = (started.body.data?.['startMiningJob'] as { id: string }).id;
    const job = await waitForJob(id);
    expect(job.status).toBe('succeeded');
    expect(job.result?.['mined']).toBe(job.result?.['notes']);
  });

  it('gives the collocations of a note', async () => {
    const mined = await t.gql('{ mineNote(text: "Ejection fraction low. Ejection fraction 30 percent. Chest pain denied.") { collocations { bigram count logLikelihood pmi } } }', {
      key: t.keys.clinician,
    });
    const collocations = (mined.body.data?.['mineNote'] as { collocations: { bigram: string; count: number; logLikelihood: number; pmi: number }[] }).collocations;
    expect(collocations).toEqual([{ bigram: 'ejection fraction', count: 2, logLikelihood: expect.any(Number), pmi: expect.any(Number) }]);
    expect(collocations[0].logLikelihood).toBeGreaterThan(0);
    expect(collocations[0].pmi).toBeGreaterThan(0);
  });

  it('serves the keywords and collocations per specialty that a mining job stored', async () => {
    const query = 'query($jobId: ID, $specialty: String) { specialtyTerms(jobId: $jobId, specialty: $specialty) { jobId finishedAt specialties { specialty keywords { term score } collocations { bigram count logLikelihood pmi } } } }';
    // The one mining job so far found no notes.
    expect(errorCode(await t.gql(query, { key: t.keys.clinician }))).toBe('NOT_FOUND');
    const notes = [
      ['cardiology', 'Chest pain on exertion. Ejection fraction reduced. Blood pressure high.'],
      ['cardiology', 'Chest pain at rest. Ejection fraction preserved.'],
      ['cardiology', 'No chest pain today. Ejection fraction unchanged. Blood pressure controlled.'],
      ['neurology', 'Seizure activity overnight. Lumbar puncture planned.'],
      ['neurology', 'Seizure activity resolved. Lumbar puncture normal.'],
    ];
    for (const [specialty, text] of notes) await t.gateway.runtime.database.client.clinicalNote.create({ data: { specialty, text } });
    const started = await t.gql('mutation { startMiningJob(filter: { remine: true }) { id } }', { key: t.keys.researcher });
    const id = (started.body.data?.['startMiningJob'] as { id: string }).id;
    const job = await waitForJob(id);
    expect(job.status).toBe('succeeded');
    const result = job.result as { specialtyKeywords: Record<string, unknown[]>; specialtyCollocations: Record<string, { bigram: string }[]> };
    const names = Object.keys(result.specialtyKeywords).sort();
    expect(names).toEqual(['cardiology', 'neurology']);
    expect(Object.keys(result.specialtyCollocations).sort()).toEqual(names);
    expect(result.specialtyCollocations['cardiology'].map((c) => c.bigram)).toEqual(['chest pain', 'ejection fraction']);
    expect(result.specialtyCollocations['neurology']).toEqual([]);

    type Report = { jobId: string; finishedAt: string; specialties: { specialty: string; keywords: unknown[]; collocations: { bigram: string }[] }[] };
    const latest = (await t.gql(query, { key: t.keys.clinician })).body.data?.['specialtyTerms'] as Report;
    expect(latest.jobId).toBe(id);
    expect(latest.specialties.map((s) => s.specialty)).toEqual(names);
    for (const terms of latest.specialties) {
      expect(terms.keywords).toEqual(result.specialtyKeywords[terms.specialty]);
      expect(terms.collocations).toEqual(result.specialtyCollocations[terms.specialty]);
    }
    const one = (await t.gql(query, { key: t.keys.clinician, variables: { jobId: id, specialty: ' Cardiology ' } })).body.data?.['specialtyTerms'] as Report;
    expect(one.specialties.map((s) => s.specialty)).toEqual(['cardiology']);
    const none = (await t.gql(query, { key: t.keys.clinician, variables: { specialty: 'no such specialty' } })).body.data?.['specialtyTerms'] as Report;
    expect(none.specialties).toEqual([]);

    const other = await t.gql('mutation { trainLanguageModel(input: { name: "other", order: 2, text: "a b c" , holdout: 0 }) { id } }', { key: t.keys.researcher });
    const otherId = (other.body.data?.['trainLanguageModel'] as { id: string }).id;
    expect(errorCode(await t.gql(query, { key: t.keys.clinician, variables: { jobId: otherId } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(query, { key: t.keys.clinician, variables: { jobId: 'missing-job' } }))).toBe('NOT_FOUND');
    await waitForJob(otherId);
  });
});
