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
});
